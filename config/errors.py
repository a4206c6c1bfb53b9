"""The error answers Django gives outside any view (config/urls.py's handlers): under
/api/ JSON in DRF's shape, ``{"detail": "..."}``; Django's own pages elsewhere."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from config.guard import API_PREFIX


def too_big_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return f"The request body is larger than {limit} bytes ({limit // (1024 * 1024)} MB)."


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return _json(413, too_big_message())
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return _json(400, "Too many fields or files in the request.")
    return _json(400, "Bad request.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not _is_api(request):
        return defaults.permission_denied(request, exception)
    return _json(403, str(exception or "") or "You may not do this.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return _json(404, "Not found.")


def server_error(request: HttpRequest) -> HttpResponse:
    if not _is_api(request):
        return defaults.server_error(request)
    return _json(500, "Server error: it has been logged.")


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)

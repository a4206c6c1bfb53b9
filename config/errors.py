"""The error answers Django gives outside any view (config/urls.py's handlers, and
CSRF_FAILURE_VIEW): under /api/ JSON in DRF's shape, ``{"detail": "..."}``; elsewhere the
site's own pages (templates/errors/), each with the site's header and a way back."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
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
        return _page(request, "errors/403.html", 403)
    return _json(403, str(exception or "") or "You may not do this.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not _is_api(request):
        return _page(request, "errors/404.html", 404, {"request_path": request.path})
    return _json(404, "Not found.")


def server_error(request: HttpRequest) -> HttpResponse:
    if not _is_api(request):
        # Without the request, so no context processors: the database may be what failed.
        try:
            page = loader.render_to_string("errors/500.html", {"back": _back(request)})
        except Exception:  # noqa: BLE001 (a broken template must not hide the error)
            return defaults.server_error(request)
        return HttpResponse(page, status=500)
    return _json(500, "Server error: it has been logged.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without a valid token (an old page, cookies off)."""
    if _is_api(request):
        return _json(403, f"CSRF Failed: {reason}")
    return _page(request, "errors/403_csrf.html", 403)


def _page(
    request: HttpRequest, template: str, status: int, context: dict | None = None
) -> HttpResponse:
    body = loader.render_to_string(
        template, {"back": _back(request), **(context or {})}, request=request
    )
    return HttpResponse(body, status=status)


def _back(request: HttpRequest) -> str | None:
    """The page the reader came from, if it is this site's: their way back."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return None


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)

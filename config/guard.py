"""One guard at the door for input no database or page should see.

PostgreSQL refuses NUL bytes in text, and a lone surrogate cannot be encoded to UTF-8:
either would otherwise surface as a server error wherever a value reaches a query or a
page. Paths holding them name nothing (404); query strings and form fields holding them
are bad requests (400, naming the parameter). JSON bodies are checked by the API's
parser (``annotations.api.parsers``).

A body sent chunked, without a Content-Length, is refused (411 Length Required): Django's
WSGI request reads only the declared length, so it would reach the views as empty.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, JsonResponse

# NUL, and the UTF-16 surrogates, which no UTF-8 text holds on its own.
UNSAFE = re.compile("[\x00\ud800-\udfff]")
API_PREFIX = "/api/"
LENGTH_REQUIRED = "Send the body with a Content-Length header: chunked bodies are not read."


def unsafe_reason(value: str) -> str | None:
    """What is wrong with ``value``, or None."""
    found = UNSAFE.search(value)
    if found is None:
        return None
    return "a NUL byte" if found.group() == "\x00" else "a lone surrogate (not valid text)"


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "HTTP_TRANSFER_ENCODING" in request.META and not request.META.get("CONTENT_LENGTH"):
            return _answer(request, 411, LENGTH_REQUIRED)
        if unsafe_reason(request.path):
            return _answer(request, 404, "Not found.")
        for name, values in request.GET.lists():
            problem = unsafe_reason(name) or next(filter(None, map(unsafe_reason, values)), None)
            if problem:
                return _answer(request, 400, f"The query parameter {name[:40]!r} holds {problem}.")
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            for name, values in request.POST.lists():
                problem = unsafe_reason(name) or next(
                    filter(None, map(unsafe_reason, values)), None
                )
                if problem:
                    return _answer(request, 400, f"The field {name[:40]!r} holds {problem}.")
        return self.get_response(request)


def _answer(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")

"""The "Sharing to" choice of a reading page: where a reader's quick highlights in a
document go. static/js/annotate/sharing.js posts JSON; without scripts, the page's form
posts here and comes back."""

from __future__ import annotations

import json

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from annotations.errors import AnnotationError
from annotations.queries import get_document_for_user
from reader.services import sharing_choose


@require_POST
def choose(request: HttpRequest, slug: str) -> HttpResponse:
    wants_json = request.content_type == "application/json"
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse(
                {"error": "Sign in to choose who sees your highlights."}, status=403
            )
        return redirect_to_login(request.get_full_path())
    document = get_document_for_user(request.user, slug)
    try:
        scope = _scope_from(request) if wants_json else request.POST.get("scope")
        if scope is None or scope == "":
            raise AnnotationError("scope", "scope: required: me, public or circle:<slug>")
        sharing_choose(user=request.user, document=document, scope=scope)
    except AnnotationError as error:
        if wants_json:
            return JsonResponse({"error": error.message, "field": error.field}, status=400)
        return HttpResponse(f"{error.message}\n", status=400, content_type="text/plain")
    if wants_json:
        return JsonResponse({"scope": scope})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("reader:document", args=[document.slug])
    return redirect(back)


def _scope_from(request: HttpRequest) -> object:
    try:
        data = json.loads(request.body)
    except ValueError:
        raise AnnotationError("scope", "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise AnnotationError("scope", 'Send a JSON object such as {"scope": "me"}.')
    return data.get("scope")

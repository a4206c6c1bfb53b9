"""Recording where a signed-in reader is in a document; called by static/js/position.js."""

from __future__ import annotations

import json
import re

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from annotations.queries import documents_visible_to
from reader.services import position_record

# ASCII digits only (int() would also take " 2" and "٢"), few enough for int() to parse.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,4000}")


class _BadOrdinal(ValueError):
    pass


@require_POST
def record(request: HttpRequest, slug: str) -> HttpResponse:
    # A script calls this: answer with JSON, never with a redirect to the sign-in page.
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to have your place remembered."}, status=403)
    document = get_object_or_404(
        documents_visible_to(request.user).only("id", "slug", "current_version_id"), slug=slug
    )
    try:
        ordinal = _ordinal_from(request)
        position_record(user=request.user, document=document, ordinal=ordinal)
    except ValueError as error:
        return JsonResponse({"error": str(error), "field": "ordinal"}, status=400)
    return HttpResponse(status=204)


def _ordinal_from(request: HttpRequest) -> int:
    """The ``ordinal`` of a JSON body ({"ordinal": 12}) or of a form-encoded one."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
        except ValueError:
            raise _BadOrdinal("ordinal: the request body is not valid JSON") from None
        if not isinstance(data, dict):
            raise _BadOrdinal('ordinal: send a JSON object such as {"ordinal": 12}')
        value = data.get("ordinal")
    else:
        value = request.POST.get("ordinal")
    if value is None or value == "":
        raise _BadOrdinal("ordinal: required, the number of the paragraph you are at")
    if isinstance(value, int) and not isinstance(value, bool):
        ordinal = value
    elif isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value):
        ordinal = int(value)
    else:
        raise _BadOrdinal(f"ordinal: {json.dumps(value)[:30]} is not a whole number")
    if ordinal < 1:
        raise _BadOrdinal(f"ordinal: paragraphs are numbered from 1, not {ordinal}")
    return ordinal

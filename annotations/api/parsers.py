"""The API's JSON: parsed with limits a real request never meets (nesting depth, Django's
DATA_UPLOAD_MAX_MEMORY_SIZE as for forms), and
refused, naming the field, when a string holds what no text may (config/guard.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

from config.errors import too_big_message
from config.guard import unsafe_reason

# The deepest any of our requests nests is 3 (an annotation's tags); a little room.
MAX_DEPTH = 32
TOO_DEEP = f"JSON nested too deep: at most {MAX_DEPTH} levels."


class GuardedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        declared = (request.META.get("CONTENT_LENGTH") or "0") if request else "0"
        # Django limits form bodies to this (RequestDataTooBig: a 413, config/errors.py).
        if declared.isdigit() and int(declared) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestDataTooBig(too_big_message())
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if isinstance(data, dict):
            # Named by its field, as the serializers name theirs.
            for key, value in data.items():
                # A field name that is no text names no field: {"detail": "..."}.
                if problem := _problem(str(key), "A field name", 1):
                    raise ParseError(problem)
                if problem := _problem(value, str(key), 1):
                    raise ValidationError({key: [problem]})
        else:
            problem = _problem(data, "The body", 0)
            if problem:
                raise ParseError(problem)
        return data


def _problem(value, where: str, depth: int) -> str | None:
    """What is wrong inside ``value`` (found at ``where``), or None."""
    if depth > MAX_DEPTH:
        return TOO_DEEP
    if isinstance(value, str):
        reason = unsafe_reason(value)
        return f"{where} holds {reason}." if reason else None
    if isinstance(value, list):
        children = [(f"{where}[{index}]", item) for index, item in enumerate(value)]
    elif isinstance(value, dict):
        for key in value:
            reason = unsafe_reason(key)
            if reason:
                return f"A key in {where} holds {reason}."
        children = [(str(key), item) for key, item in value.items()]
    else:
        return None
    for child_where, item in children:
        problem = _problem(item, child_where, depth + 1)
        if problem:
            return problem
    return None

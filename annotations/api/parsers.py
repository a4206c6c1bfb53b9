"""The API's JSON: parsed with limits a real request never meets (nesting depth), and
refused, naming the field, when a string holds what no text may (config/guard.py)."""

from __future__ import annotations

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

from config.guard import unsafe_reason

# The deepest any of our requests nests is 3 (an annotation's tags); a little room.
MAX_DEPTH = 32
TOO_DEEP = f"JSON nested too deep: at most {MAX_DEPTH} levels."


class GuardedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if isinstance(data, dict):
            # Named by its field, as the serializers name theirs.
            for key, value in data.items():
                problem = _problem(value, str(key), 1) or _problem(str(key), "A field name", 1)
                if problem:
                    field = key if not unsafe_reason(str(key)) else "detail"
                    raise ValidationError({field: [problem]})
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

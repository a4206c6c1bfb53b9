"""W3C selectors: quote context, trimming, and finding a quote again. Pure, no Django."""

from __future__ import annotations

CONTEXT = 32


def quote_context(text: str, start: int, end: int, size: int = CONTEXT) -> tuple[str, str]:
    """The TextQuoteSelector's prefix and suffix around ``text[start:end]``."""
    return text[max(0, start - size) : start], text[end : end + size]


def trim(exact: str, start: int, end: int) -> tuple[str, int, int]:
    """Drop whitespace at either end of a selection, moving its offsets to match."""
    leading = len(exact) - len(exact.lstrip())
    trailing = len(exact) - len(exact.rstrip())
    return exact.strip(), start + leading, end - trailing


def anchor(
    text: str, *, exact: str, prefix: str = "", suffix: str = "", start: int | None = None
) -> tuple[int, int] | None:
    """Where ``exact`` is in ``text``: at ``start`` if it is still there, else the nearest
    occurrence (the one whose context matches best breaks ties), else None."""
    if not exact:
        return None
    if start is not None and 0 <= start and text[start : start + len(exact)] == exact:
        return start, start + len(exact)
    found: list[int] = []
    position = text.find(exact)
    while position != -1:
        found.append(position)
        position = text.find(exact, position + 1)
    if not found:
        return None

    def score(candidate: int) -> tuple[int, int]:
        before, after = quote_context(text, candidate, candidate + len(exact), len(prefix) or 1)
        # bool() each: an empty prefix or suffix would make the sum "" + "" (a str).
        context = bool(prefix and before.endswith(prefix)) + bool(
            suffix and after.startswith(suffix)
        )
        distance = abs(candidate - start) if start is not None else candidate
        return (-int(context), distance)

    best = min(found, key=score)
    return best, best + len(exact)

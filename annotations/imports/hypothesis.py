"""Hypothesis's JSON: the annotation rows its API answers (``GET /api/search``), as a
list or as ``{"rows": [...], "total": n}``.

Each row quotes its passage in ``target[0].selector`` (a ``TextQuoteSelector`` with
exact, prefix and suffix, and perhaps a ``TextPositionSelector``); ``text`` is the
comment (Markdown), ``tags`` its tags, ``document.title`` the page's title. A page note
(no selector) is not imported; a reply (``references``) is skipped.
"""

from __future__ import annotations

import json
from typing import Any

from annotations.imports.entries import (
    NOT_IMPORTED,
    SKIPPED,
    Entry,
    Highlight,
    PassedOver,
    check_count,
    decoded,
)
from annotations.imports.report import ImportFileError

SHAPE = 'Expected Hypothesis API rows: a list of annotations, or {"rows": [...]}.'


def read_hypothesis(data: bytes) -> list[Entry]:
    text = decoded(data, "Hypothesis JSON")
    try:
        loaded = json.loads(text)
    except ValueError as error:
        raise ImportFileError(f"The file is not JSON: {error}.") from None
    rows = loaded.get("rows") if isinstance(loaded, dict) else loaded
    if not isinstance(rows, list):
        raise ImportFileError(SHAPE)
    check_count(rows)
    return [_entry(index, row) for index, row in enumerate(rows)]


def _entry(index: int, row: Any) -> Entry:
    if not isinstance(row, dict):
        return PassedOver(index, NOT_IMPORTED, "Not an annotation: an object is expected.")
    source_id = row["id"] if isinstance(row.get("id"), str) else None
    title = _title(row)
    if row.get("references"):
        return PassedOver(
            index, SKIPPED, "A reply: replies are not imported.", title, "", source_id
        )
    selectors = _selectors(row)
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"].strip():
        return PassedOver(
            index, NOT_IMPORTED, "A page note: it quotes no passage.", title, "", source_id
        )
    start = position.get("start") if position else None
    comment = row.get("text") if isinstance(row.get("text"), str) else ""
    tags = row.get("tags") if isinstance(row.get("tags"), list) else []
    return Highlight(
        index,
        quote["exact"],
        title,
        comment=comment,
        tags=[tag for tag in tags if isinstance(tag, str)],
        prefix=_string(quote.get("prefix")),
        suffix=_string(quote.get("suffix")),
        start=start if isinstance(start, int) and not isinstance(start, bool) else None,
        source_id=source_id,
    )


def _selectors(row: dict) -> list[dict]:
    targets = row.get("target")
    if not isinstance(targets, list) or not targets or not isinstance(targets[0], dict):
        return []
    selectors = targets[0].get("selector")
    return [s for s in selectors if isinstance(s, dict)] if isinstance(selectors, list) else []


def _title(row: dict) -> str:
    document = row.get("document")
    titles = document.get("title") if isinstance(document, dict) else None
    if isinstance(titles, list):
        titles = next((t for t in titles if isinstance(t, str)), "")
    return titles.strip() if isinstance(titles, str) else ""


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""

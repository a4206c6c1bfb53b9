"""Notes whose words a new version removed, listed under the paragraph where their words
were: the old words, the text there now word by word against them, the comment.

Like reader/presenters.py, built in Python with every text through escape(); only the
comment's HTML, sanitised when it was saved, goes in as it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from html import escape

from annotations.alignment import word_diff
from annotations.margin import OrphanNote
from corpus.models import Paragraph

# The text shown beside the old words: at most this many characters of the paragraph.
MAX_NOW = 400
_WORD_CHAR = re.compile(r"\w")

VISIBILITY = {"private": "Private", "public": "Public"}


def orphan_asides(
    orphans: Sequence[OrphanNote], paragraphs: Sequence[Paragraph], circles: dict[str, str]
) -> dict[int, str]:
    """Paragraph ordinal -> the list of the orphans whose words were there, as HTML.

    An orphan in the gap between two paragraphs goes with the one before it.
    """
    if not orphans or not paragraphs:
        return {}
    starts = [p.start for p in paragraphs]
    found: dict[int, list[tuple[OrphanNote, Paragraph]]] = {}
    for orphan in orphans:
        paragraph = paragraphs[max(0, bisect_right(starts, orphan.start) - 1)]
        found.setdefault(paragraph.ordinal, []).append((orphan, paragraph))
    return {ordinal: _aside(ordinal, listed, circles) for ordinal, listed in found.items()}


def _aside(ordinal: int, listed: list[tuple[OrphanNote, Paragraph]], circles: dict) -> str:
    count = len(listed)
    noun = "note whose words are" if count == 1 else "notes whose words are"
    items = "".join(_item(orphan, paragraph, circles) for orphan, paragraph in listed)
    return (
        f'<aside class="orphans" id="orphans-{ordinal}" '
        f'aria-label="{count} {noun} gone, at paragraph {ordinal}">'
        f"<details><summary>{count} {noun} gone from this version</summary>"
        f'<ul class="orphan-list">{items}</ul></details></aside>'
    )


def _item(orphan: OrphanNote, paragraph: Paragraph, circles: dict) -> str:
    now = _text_now(orphan, paragraph)
    diff = "".join(_piece(kind, text) for kind, text in word_diff(orphan.exact, now))
    comment = (
        f'<div class="orphan-comment">{orphan.comment_html}</div>' if orphan.comment_html else ""
    )
    author = "you" if orphan.mine else escape(orphan.author)
    if orphan.visibility == "circle":
        shared = (
            f"Shared with {escape(circles.get(orphan.circle or '', orphan.circle or 'a circle'))}"
        )
    else:
        shared = VISIBILITY.get(orphan.visibility, escape(orphan.visibility))
    actions = ""
    if orphan.mine:
        # Shown by static/js/annotate/review.js, which moves the note to a new selection.
        actions = (
            '<p class="orphan-actions" hidden>'
            f'<button type="button" class="secondary" data-review="reselect" '
            f'data-id="{orphan.id}">Choose new words</button></p>'
        )
    return (
        f'<li class="orphan" id="orphan-{orphan.id}" data-id="{orphan.id}" '
        f'data-color="{escape(orphan.color)}">'
        f'<p class="orphan-words"><span class="orphan-label">Its words were:</span> '
        f"“{escape(orphan.exact)}”</p>"
        f'<p class="orphan-diff"><span class="orphan-label">Against the text here now:</span> '
        f"{diff}</p>"
        f"{comment}"
        f'<p class="orphan-meta">By {author} · {shared}</p>'
        f"{actions}</li>"
    )


def _piece(kind: str, text: str) -> str:
    if kind == "delete":
        return f'<del><span class="visually-hidden">removed: </span>{escape(text)}</del>'
    if kind == "insert":
        return f'<ins><span class="visually-hidden">added: </span>{escape(text)}</ins>'
    return escape(text)


def _text_now(orphan: OrphanNote, paragraph: Paragraph) -> str:
    """The paragraph's words where the old ones were, widened to whole words."""
    text = paragraph.text
    start = min(max(orphan.start - paragraph.start, 0), len(text))
    end = min(max(orphan.end - paragraph.start, start), len(text), start + MAX_NOW)
    while start > 0 and _WORD_CHAR.match(text[start - 1]):
        start -= 1
    while end < len(text) and _WORD_CHAR.match(text[end]):
        end += 1
    return text[start:end].strip()

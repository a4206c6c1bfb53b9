"""Each passage of a guide inside its sentence(s): the words before and after it, read
from its first and last paragraphs in one query for the whole guide."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Protocol

from django.db.models import Q

from annotations.guides.sentences import sentence_end, sentence_start
from corpus.models import Paragraph
from corpus.queries import VersionLayout

# At most this many characters of a sentence on either side of a passage.
CONTEXT_LIMIT = 240
ELLIPSIS = "…"


class InContext(Protocol):
    version_id: int
    start: int
    end: int
    text: str
    before: str
    after: str


def add_sentences(passages: Iterable[InContext], layouts: dict[int, VersionLayout]) -> None:
    """Set ``before`` and ``after`` of each passage: the rest of the sentence it starts in
    and of the one it ends in. One query (none for no passages). A passage whose words are
    not the text's there (an orphan's old words) keeps none."""
    ends: list[tuple[InContext, int, int]] = []
    wanted: dict[int, set[int]] = defaultdict(set)
    for passage in passages:
        layout = layouts[passage.version_id]
        first = layout.place(passage.start).ordinal
        last = layout.place(max(passage.start, passage.end - 1)).ordinal
        if first is None or last is None:
            continue
        ends.append((passage, first, last))
        wanted[passage.version_id].update((first, last))
    if not wanted:
        return
    paragraphs = {
        (version_id, ordinal): (start, text)
        for version_id, ordinal, start, text in Paragraph.objects.filter(
            reduce(or_, (Q(version_id=v, ordinal__in=sorted(o)) for v, o in wanted.items()))
        ).values_list("version_id", "ordinal", "start", "text")
    }
    for passage, first, last in ends:
        first_start, first_text = paragraphs[(passage.version_id, first)]
        last_start, last_text = paragraphs[(passage.version_id, last)]
        start = passage.start - first_start
        end = passage.end - last_start
        if not _words_match(passage.text, first_text, start, last_text, end, first == last):
            continue
        # Only the CONTEXT_LIMIT characters either side are read: a sentence that goes on
        # past them is cut there anyway.
        left = sentence_start(first_text, start, CONTEXT_LIMIT + 1)
        right = sentence_end(last_text, end, CONTEXT_LIMIT + 1)
        passage.before = _tail(first_text[left:start])
        passage.after = _head(last_text[end:right])


def _words_match(
    words: str, first_text: str, start: int, last_text: str, end: int, one_paragraph: bool
) -> bool:
    if not (0 <= start <= len(first_text) and 0 <= end <= len(last_text)):
        return False
    if one_paragraph:
        return first_text[start:end] == words
    return words.startswith(first_text[start:]) and words.endswith(last_text[:end])


def _tail(text: str) -> str:
    """The last CONTEXT_LIMIT characters of ``text``, cut at a word."""
    if len(text) <= CONTEXT_LIMIT:
        return text
    cut = text[-CONTEXT_LIMIT:]
    return ELLIPSIS + cut[cut.find(" ") + 1 :] if " " in cut else ELLIPSIS + cut


def _head(text: str) -> str:
    """The first CONTEXT_LIMIT characters of ``text``, cut at a word."""
    if len(text) <= CONTEXT_LIMIT:
        return text
    cut = text[:CONTEXT_LIMIT]
    return (cut[: cut.rfind(" ")] if " " in cut else cut) + ELLIPSIS

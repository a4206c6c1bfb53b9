"""Paragraphs to HTML for the reading views.

Built in Python rather than a template loop: a book chapter has hundreds of
blocks, and this is the hot path. Every piece of text goes through escape().

Each block carries ``id="p-<ordinal>"`` and ``data-ordinal``; its text sits in
one ``.t`` element, with ``data-start`` its offset in the version text and
nothing inside it but the text (note markers are links around their own
digits). The browser turns a selection into offsets by walking those text
nodes, so nothing may be added inside ``.t``.

Marks: one ``<mark>`` a run of text, never nested. A run covered by highlights drawn one by
one is ``mark.hl`` (its colour, whose); where one begins it carries ``data-starts`` and
takes focus (the scripts find what covers a run from their store, by offset). Other
readers' public highlights are the popular layer (annotations/popular.py): ``pop pop-<n>``
on the same mark, or a ``mark.pop`` of its own; each stretch's first run takes focus
(``pop-start``) and opens the stretch's annotations.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from html import escape  # Django's escape() is this, behind a slower lazy wrapper
from typing import Protocol

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from annotations.margin import OrphanNote
from annotations.popular import PopularStretch
from corpus.models import Paragraph
from reader.orphans import orphan_asides

# What escape() changes.
_SPECIAL = re.compile("[&<>\"']")
# A character that is not a space: a run with one has words (or marks) to name it by.
_NOT_SPACE = re.compile(r"\S")
# A number straight after a sentence's end or a closing quote, not part of a decimal.
_FOOTNOTE = re.compile(r"(?<=[.,;:!?”’\")\]])(?<!\d[.,])\d{1,3}(?=\s|$)")


class HighlightLike(Protocol):
    id: int
    start: int
    end: int
    color: str
    mine: bool
    author: str


@dataclass(frozen=True)
class BlockContext:
    slug: str
    # Ordinals shown on this page: note links stay in the page when they can.
    page_ordinals: range
    # The heading level of the page's own title; headings below it follow on.
    base_level: int = 0
    # The paragraph that is the page's <h1>, if any.
    title_ordinal: int | None = None
    # Heading paragraph ordinal -> its section's level.
    heading_levels: Mapping[int, int] = field(default_factory=dict)
    # The annotations the reader may see on this page, sorted by start.
    highlights: Sequence[HighlightLike] = ()
    # Those whose words are gone (annotations.margin.OrphanNote), listed where they were,
    # and the reader's circles (slug -> name) to say whom they are shared with.
    orphans: Sequence[OrphanNote] = ()
    circles: Mapping[str, str] = field(default_factory=dict)
    # Other readers' public highlights, as stretches shaded by how many marked them.
    popular: Sequence[PopularStretch] = ()
    # An older version's number: paragraph links stay inside it. None for the current one.
    version_number: int | None = None

    @cached_property
    def _paragraph_url_pattern(self) -> str:
        # reverse() once per page, not once per paragraph: it is slow on a long chapter.
        if self.version_number is None:
            url = reverse("reader:paragraph", args=[self.slug, 123456789])
        else:
            url = reverse(
                "reader:version_paragraph", args=[self.slug, self.version_number, 123456789]
            )
        return url.replace("123456789", "{}")

    def paragraph_url(self, ordinal: int) -> str:
        return self._paragraph_url_pattern.format(ordinal)

    def link_to(self, ordinal: int) -> str:
        if ordinal in self.page_ordinals:
            return f"#p-{ordinal}"
        return self.paragraph_url(ordinal)


def render_blocks(paragraphs: Iterable[Paragraph], context: BlockContext) -> SafeString:
    """The page's paragraphs as HTML: lists grouped, notes gathered at the end."""
    paragraphs = list(paragraphs)
    backlinks = _note_backlinks(paragraphs)
    marks = _highlights_by_paragraph(paragraphs, context.highlights)
    popular = _highlights_by_paragraph(paragraphs, context.popular)
    orphans = orphan_asides(context.orphans, paragraphs, context.circles)
    parts: list[str] = []
    notes: list[str] = []
    open_list = False
    after_list: list[str] = []  # orphans of list items: a list holds nothing but items
    for paragraph in paragraphs:
        paragraph.marks = marks.get(paragraph.ordinal, ())
        paragraph.popular = popular.get(paragraph.ordinal, ())
        if paragraph.kind == Paragraph.Kind.LIST_ITEM:
            if not open_list:
                parts.append('<ul class="list">')
                open_list = True
            parts.append(_list_item(paragraph, context))
            after_list.append(orphans.get(paragraph.ordinal, ""))
            continue
        if open_list:
            parts.append("</ul>")
            parts.extend(after_list)
            open_list = False
            after_list = []
        if paragraph.kind == Paragraph.Kind.NOTE:
            notes.append(_note(paragraph, context, backlinks.get(paragraph.ordinal)))
            notes.append(orphans.get(paragraph.ordinal, ""))
        elif paragraph.kind == Paragraph.Kind.HEADING:
            parts.append(_heading(paragraph, context))
        elif paragraph.kind == Paragraph.Kind.QUOTE:
            parts.append(
                f'<blockquote class="block"{_ids(paragraph)}><p>'
                f"{_pilcrow(paragraph, context)}{_text(paragraph, context)}</p></blockquote>"
            )
        else:
            parts.append(
                f'<p class="block"{_ids(paragraph)}>'
                f"{_pilcrow(paragraph, context)}{_text(paragraph, context)}</p>"
            )
        if paragraph.kind != Paragraph.Kind.NOTE:
            parts.append(orphans.get(paragraph.ordinal, ""))
    if open_list:
        parts.append("</ul>")
        parts.extend(after_list)
    if notes:
        parts.append(
            '<section class="notes" aria-labelledby="notes-heading">'
            f'<h{_notes_level(context)} id="notes-heading">Notes</h{_notes_level(context)}>'
            + "".join(notes)
            + "</section>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every text went through escape()


def render_single(paragraph: Paragraph, context: BlockContext) -> SafeString:
    """One paragraph on its own page: a heading is shown large, not as a heading."""
    paragraph.marks = _highlights_by_paragraph([paragraph], context.highlights).get(
        paragraph.ordinal, ()
    )
    paragraph.popular = _highlights_by_paragraph([paragraph], context.popular).get(
        paragraph.ordinal, ()
    )
    if paragraph.kind == Paragraph.Kind.HEADING:
        html = (
            f'<div class="block heading-block"{_ids(paragraph)}>'
            f'<p class="heading-text">{_text(paragraph, context)}</p></div>'
        )
        orphans = orphan_asides(context.orphans, [paragraph], context.circles)
        return mark_safe(html + orphans.get(paragraph.ordinal, ""))  # noqa: S308
    return render_blocks([paragraph], context)


def heading_tag(level: int, base_level: int) -> str:
    return f"h{min(6, max(2, level - base_level + 1))}"


def _ids(paragraph: Paragraph) -> str:
    ids = f' id="p-{paragraph.ordinal}" data-ordinal="{paragraph.ordinal}"'
    # The margin's heat strip: how many members marked it, in the chosen layers.
    members = len({mark.author for mark in getattr(paragraph, "marks", ())})
    members = max([members, *(s.readers for s in getattr(paragraph, "popular", ()))])
    return f'{ids} data-heat="{min(members, 4)}"' if members else ids


def _pilcrow(paragraph: Paragraph, context: BlockContext) -> str:
    link = (
        f'<a class="pilcrow" href="{context.paragraph_url(paragraph.ordinal)}" '
        f'aria-label="Paragraph {paragraph.ordinal} on its own">¶</a>'
    )
    count = len(getattr(paragraph, "marks", ()))
    if not count:
        return link
    noun = "annotation" if count == 1 else "annotations"
    return (
        f'{link}<button type="button" class="margin-count" data-ordinal="{paragraph.ordinal}" '
        f'aria-expanded="false" aria-label="{count} {noun} on this paragraph">{count}</button>'
    )


def _text(paragraph: Paragraph, context: BlockContext, element: str = "span") -> str:
    return (
        f'<{element} class="t" data-start="{paragraph.start}">'
        f"{_inline(paragraph, context)}</{element}>"
    )


@dataclass
class _Wrapper:
    """An inline element around a run of the text: a note marker's link, a footnote number."""

    start: int
    end: int
    open: str
    close: str
    first_open: str = ""  # the opening tag for the first piece, when it differs (an id)


def _inline(paragraph: Paragraph, context: BlockContext) -> str:
    """The paragraph's text, escaped, with note links and highlight marks around its runs.

    The text itself is never changed: the elements only wrap runs of it.
    """
    text = paragraph.text
    wrappers = _wrappers(paragraph, context)
    highlights = getattr(paragraph, "marks", ())
    popular = getattr(paragraph, "popular", ())
    if not highlights and not wrappers and not popular:
        return escape(text)
    base = paragraph.start
    length = len(text)
    # Where each highlight starts and ends within this paragraph, in the order the marks
    # draw them (``_by_start``), so that ``covering`` stays in that order.
    starts: dict[int, list[HighlightLike]] = {}
    ends: dict[int, set[int]] = {}  # the ``id()`` of those ending there
    for highlight in sorted(highlights, key=_by_start):
        starts.setdefault(max(0, highlight.start - base), []).append(highlight)
        ends.setdefault(min(length, highlight.end - base), set()).add(id(highlight))
    cuts = {0, length, *starts, *ends}
    for stretch in popular:
        cuts.update((max(0, stretch.start - base), min(length, stretch.end - base)))
    for wrapper in wrappers:
        cuts.update((wrapper.start, wrapper.end))
    ordered = sorted(cuts)
    plain = _SPECIAL.search(text) is None  # no piece of it needs escaping
    pieces: list[str] = []
    opened: set[int] = set()
    covering = _Covering()
    classes = ""  # ``covering.classes()``, made again only when ``covering`` changes
    stretches = iter(popular)
    stretch = next(stretches, None)
    # A stretch takes focus at its first run on the page that no highlight begins at.
    unopened = stretch is not None and stretch.start >= base
    for left, right in zip(ordered, ordered[1:], strict=False):
        gone = ends.get(left)
        begun = starts.get(left)
        if gone or begun:
            classes = covering.change(gone, begun)
        while stretch is not None and stretch.end <= base + left:
            stretch = next(stretches, None)
            unopened = stretch is not None
        piece = text[left:right] if plain else escape(text[left:right])
        for index, wrapper in enumerate(wrappers):
            if wrapper.start <= left and right <= wrapper.end:
                opening = wrapper.open
                if index not in opened and wrapper.first_open:
                    opening = wrapper.first_open
                opened.add(index)
                piece = f"{opening}{piece}{wrapper.close}"
                break
        shaded = stretch if stretch is not None and stretch.start <= base + left else None
        # Those of ``covering`` that begin here (not those begun before the paragraph).
        starting = [h for h in begun if h.start == base + left] if begun else None
        if shaded and unopened and not starting:
            unopened = False
            under = f"{classes} pop pop-{shaded.level}" if classes else ""
            opening = _popular_open(shaded, text, left, base, classes=under)
        elif classes:
            opening = _mark_open(classes, starting, shaded)
        elif shaded:
            opening = f'<mark class="pop pop-{shaded.level}">'
        if classes or shaded:
            piece = f"{opening}{piece}</mark>"
        pieces.append(piece)
    return "".join(pieces)


def _popular_open(
    stretch: PopularStretch, text: str, offset: int, base: int, classes: str = ""
) -> str:
    """The first run of a popular stretch ("pop-start": the script makes it the button
    that opens the stretch's list, and names it). ``classes``: a highlight's, drawn on the
    same run (pop classes included). A stretch of spaces and marks only has no words to
    name it: shaded, not opened."""
    classes = classes or f"pop pop-{stretch.level}"
    # quote_for_label(those words) is empty: spaces only.
    if _NOT_SPACE.search(text, offset, stretch.end - base) is None:
        return f'<mark class="{classes}">'
    return f'<mark class="{classes} pop-start">'


def _mark_open(
    classes: str, starting: list[HighlightLike] | None, shaded: PopularStretch | None = None
) -> str:
    """A highlight run's opening tag: ``classes`` (``_Covering.classes``) and the popular
    layer's level under it (``shaded``). Where annotations begin (``starting``, in
    ``_by_start`` order), it lists them in ``data-starts``: the script (highlighter.js's
    nameMarks) gives that mark its tab stop, its role of a button that opens their card,
    and its name; the page does not send those for each of a busy chapter's thousand
    marks, and without the script the mark opens nothing."""
    if shaded is not None:
        classes += f" pop pop-{shaded.level}"
    if not starting:
        return f'<mark class="{classes}">'
    if len(starting) == 1:
        only = starting[0]
        if getattr(only, "anchor", "exact") == "fuzzy":
            classes += " hl-moved-start"
        return f'<mark class="{classes}" data-starts="{only.id}">'
    if any(getattr(h, "anchor", "exact") == "fuzzy" for h in starting):
        classes += " hl-moved-start"
    first = " ".join([str(h.id) for h in starting])
    return f'<mark class="{classes}" data-starts="{first}">'


class _Covering:
    """The highlights over a run of a paragraph, in ``_by_start`` order, with what their
    mark's classes need counted as they come and go (a busy paragraph has dozens): kept by
    ``id()`` in a dict, whose order is the order they began in."""

    __slots__ = ("highlights", "mine", "moved", "shown")

    def __init__(self) -> None:
        self.highlights: dict[int, HighlightLike] = {}
        self.mine = self.shown = self.moved = 0

    def change(self, gone: set[int] | None, begun: list[HighlightLike] | None) -> str:
        """Those whose ``id()`` is in ``gone`` end here; ``begun`` (after all those
        covering, in ``_by_start`` order) start here. The classes of the run from here
        (``classes``), "" where none covers it."""
        covering = self.highlights
        mine, shown, moved = self.mine, self.shown, self.moved
        for key in gone or ():
            highlight = covering.pop(key, None)
            if highlight is None:  # not covering: nothing to take away
                continue
            mine -= bool(highlight.mine)
            # Hidden by a moderator; moved by a new version (its author should check it).
            shown -= not getattr(highlight, "hidden", False)
            moved -= getattr(highlight, "anchor", "exact") == "fuzzy"
        for highlight in begun or ():
            covering[id(highlight)] = highlight
            mine += bool(highlight.mine)
            shown += not getattr(highlight, "hidden", False)
            moved += getattr(highlight, "anchor", "exact") == "fuzzy"
        self.mine, self.shown, self.moved = mine, shown, moved
        return self.classes() if covering else ""

    def classes(self) -> str:
        """The run's classes: the innermost annotation's colour (the last), whose, hidden
        when all are, moved when any is, and the colour under it."""
        covering = reversed(self.highlights.values())
        top = next(covering)
        classes = f"hl hl-{top.color}"
        if self.mine:
            classes += " hl-mine"
        if not self.shown:
            classes += " hl-hidden"
        if self.moved:
            classes += " hl-moved"
        if len(self.highlights) > 1:
            # The colour underneath the innermost one, drawn as an underline (highlighter.js
            # too): the nearest of another colour, else the one just under it.
            under = next_under = next(covering)
            while under.color == top.color:
                under = next(covering, None)
                if under is None:
                    under = next_under
                    break
            classes += f" hl-stack hl-under-{under.color}"
        return classes


# Characters of a highlight's words in its accessible name, at most (highlighter.js's
# WORDS_IN_LABEL): a popular stretch with none to show is not opened.
WORDS_IN_LABEL = 40


def quote_for_label(words: str) -> str:
    """Words for a label: spaces collapsed, cut at a word end with "…" when too long."""
    words = " ".join(words.split())
    if len(words) <= WORDS_IN_LABEL:
        return words
    cut = words[: WORDS_IN_LABEL + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > WORDS_IN_LABEL // 2 else cut[:WORDS_IN_LABEL]
    return cut.rstrip(" ,;:.—–-") + "…"


def _by_start(highlight: HighlightLike) -> tuple[int, int, int]:
    return (highlight.start, -highlight.end, highlight.id)


def _wrappers(paragraph: Paragraph, context: BlockContext) -> list[_Wrapper]:
    text = paragraph.text
    if paragraph.note_refs:
        found = []
        for start, end, note_ordinal in sorted(paragraph.note_refs):
            number = escape(text[start:end])
            attributes = (
                f'class="note-ref" href="{context.link_to(note_ordinal)}" '
                f'aria-label="Note {number}"'
            )
            found.append(
                _Wrapper(
                    start,
                    end,
                    f"<a {attributes}>",
                    "</a>",
                    first_open=f'<a {attributes} id="ref-{paragraph.ordinal}-{start}">',
                )
            )
        return found
    return [_Wrapper(start, end, '<sup class="fn">', "</sup>") for start, end in _footnotes(text)]


@functools.lru_cache(maxsize=4096)
def _footnotes(text: str) -> tuple[tuple[int, int], ...]:
    """Where ``_FOOTNOTE`` finds footnote numbers in a paragraph's text: kept for the
    paragraphs read most, since the search is a good part of a long chapter's render."""
    return tuple(match.span() for match in _FOOTNOTE.finditer(text))


def _highlights_by_paragraph(
    paragraphs: list[Paragraph], highlights: Sequence[HighlightLike]
) -> dict[int, list[HighlightLike]]:
    """ordinal -> the highlights overlapping that paragraph (highlights sorted by start)."""
    found: dict[int, list[HighlightLike]] = {}
    if not highlights:
        return found
    active: list[HighlightLike] = []  # those that start before the paragraph ends
    index = 0
    for paragraph in sorted(paragraphs, key=lambda p: p.start):
        active = [h for h in active if h.end > paragraph.start]
        while index < len(highlights) and highlights[index].start < paragraph.end:
            if highlights[index].end > paragraph.start:
                active.append(highlights[index])
            index += 1
        if active:
            found[paragraph.ordinal] = active
    return found


def _heading(paragraph: Paragraph, context: BlockContext) -> str:
    if paragraph.ordinal == context.title_ordinal:
        tag = "h1"
    else:
        tag = heading_tag(context.heading_levels.get(paragraph.ordinal, 1), context.base_level)
    return (
        f'<div class="block heading-block"{_ids(paragraph)}>{_pilcrow(paragraph, context)}'
        f"{_text(paragraph, context, element=tag)}</div>"
    )


def _list_item(paragraph: Paragraph, context: BlockContext) -> str:
    return (
        f'<li class="block"{_ids(paragraph)}>'
        f"{_pilcrow(paragraph, context)}{_text(paragraph, context)}</li>"
    )


def _note(paragraph: Paragraph, context: BlockContext, backlink: str | None) -> str:
    label = paragraph.note_label or (
        str(paragraph.note_number) if paragraph.note_number is not None else ""
    )
    number = escape(label)
    back = ""
    if backlink:
        back = (
            f' <a class="note-back" href="{backlink}" '
            f'aria-label="Back to note {number}’s marker">↩</a>'
        )
    return (
        f'<p class="block note"{_ids(paragraph)}>{_pilcrow(paragraph, context)}'
        f'<span class="note-number">{number}{"." if label.isdigit() else ""}</span> '
        f"{_text(paragraph, context)}{back}</p>"
    )


def _note_backlinks(paragraphs: list[Paragraph]) -> dict[int, str]:
    """note ordinal -> the anchor of its first marker on this page."""
    found: dict[int, str] = {}
    for paragraph in paragraphs:
        for start, _end, note_ordinal in paragraph.note_refs or ():
            found.setdefault(note_ordinal, f"#ref-{paragraph.ordinal}-{start}")
    return found


def _notes_level(context: BlockContext) -> int:
    return 2 if context.base_level <= 1 else 3

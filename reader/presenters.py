"""Paragraphs to HTML for the reading views.

Built in Python rather than a template loop: a book chapter has hundreds of
blocks, and this is the hot path. Every piece of text goes through escape().

Each block carries ``id="p-<ordinal>"`` and ``data-ordinal``; its text sits in
one ``.t`` element, with ``data-start`` its offset in the version text and
nothing inside it but the text (note markers are links around their own
digits). The browser turns a selection into offsets by walking those text
nodes, so nothing may be added inside ``.t``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from corpus.models import Paragraph

# A number straight after a sentence's end or a closing quote, not part of a decimal.
_FOOTNOTE = re.compile(r"(?<=[.,;:!?”’\")\]])(?<!\d[.,])\d{1,3}(?=\s|$)")


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

    def paragraph_url(self, ordinal: int) -> str:
        return reverse("reader:paragraph", args=[self.slug, ordinal])

    def link_to(self, ordinal: int) -> str:
        if ordinal in self.page_ordinals:
            return f"#p-{ordinal}"
        return self.paragraph_url(ordinal)


def render_blocks(paragraphs: Iterable[Paragraph], context: BlockContext) -> SafeString:
    """The page's paragraphs as HTML: lists grouped, notes gathered at the end."""
    paragraphs = list(paragraphs)
    backlinks = _note_backlinks(paragraphs)
    parts: list[str] = []
    notes: list[str] = []
    open_list = False
    for paragraph in paragraphs:
        if paragraph.kind == Paragraph.Kind.LIST_ITEM:
            if not open_list:
                parts.append('<ul class="list">')
                open_list = True
            parts.append(_list_item(paragraph, context))
            continue
        if open_list:
            parts.append("</ul>")
            open_list = False
        if paragraph.kind == Paragraph.Kind.NOTE:
            notes.append(_note(paragraph, context, backlinks.get(paragraph.ordinal)))
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
    if open_list:
        parts.append("</ul>")
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
    if paragraph.kind == Paragraph.Kind.HEADING:
        html = (
            f'<div class="block heading-block"{_ids(paragraph)}>'
            f'<p class="heading-text">{_text(paragraph, context)}</p></div>'
        )
        return mark_safe(html)  # noqa: S308
    return render_blocks([paragraph], context)


def heading_tag(level: int, base_level: int) -> str:
    return f"h{min(6, max(2, level - base_level + 1))}"


def _ids(paragraph: Paragraph) -> str:
    return f' id="p-{paragraph.ordinal}" data-ordinal="{paragraph.ordinal}"'


def _pilcrow(paragraph: Paragraph, context: BlockContext) -> str:
    return (
        f'<a class="pilcrow" href="{context.paragraph_url(paragraph.ordinal)}" '
        f'aria-label="Paragraph {paragraph.ordinal} on its own">¶</a>'
    )


def _text(paragraph: Paragraph, context: BlockContext, element: str = "span") -> str:
    return (
        f'<{element} class="t" data-start="{paragraph.start}">'
        f"{_with_note_links(paragraph, context.link_to)}</{element}>"
    )


def _with_note_links(paragraph: Paragraph, link_to: Callable[[int], str]) -> str:
    text = paragraph.text
    if not paragraph.note_refs:
        return _with_footnote_numbers(text)
    pieces: list[str] = []
    position = 0
    for start, end, note_ordinal in sorted(paragraph.note_refs):
        pieces.append(escape(text[position:start]))
        number = escape(text[start:end])
        pieces.append(
            f'<a class="note-ref" href="{link_to(note_ordinal)}" '
            f'id="ref-{paragraph.ordinal}-{start}" aria-label="Note {number}">{number}</a>'
        )
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def _with_footnote_numbers(text: str) -> str:
    """Set a footnote number that has no note ("naval base.1 This") as a superscript."""
    if not _FOOTNOTE.search(text):
        return escape(text)
    pieces: list[str] = []
    position = 0
    for match in _FOOTNOTE.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f'<sup class="fn">{match.group(0)}</sup>')
        position = match.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)


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
    number = escape(paragraph.note_number) if paragraph.note_number is not None else ""
    back = ""
    if backlink:
        back = (
            f' <a class="note-back" href="{backlink}" '
            f'aria-label="Back to note {number}’s marker">↩</a>'
        )
    return (
        f'<p class="block note"{_ids(paragraph)}>{_pilcrow(paragraph, context)}'
        f'<span class="note-number">{number}.</span> {_text(paragraph, context)}{back}</p>'
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

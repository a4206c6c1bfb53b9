"""Raw text to blocks.

Two layouts reach us. *Wrapped* text (a PDF extraction, a Markdown file) breaks
lines at a fixed measure: lines join into paragraphs and blank lines separate
them, except where a page break interrupted the text. *Line* text (a web page
copied out) holds one paragraph per line. The layout is read off the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import hyphens, notes
from .blocks import Block, DroppedLine, ParsedDocument
from .chrome import DISCUSSION_NOTICE, chrome_reason
from .text import (
    collapse,
    ends_sentence,
    first_word,
    normalise_source,
    starts_lowercase,
    starts_uppercase,
)

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|[ivxlc]+|\\d{1,2}"
)
_DIVISION = re.compile(rf"(part|chapter|book)\s+({_NUMBER_WORDS})\b[.:]?\s*(.*)", re.IGNORECASE)
_FRONT_MATTER = re.compile(
    r"(preface|foreword|introduction|prologue|acknowledge?ments|contents|"
    r"epilogue|afterword|conclusions?)\b(:.*)?",
    re.IGNORECASE,
)
_BACK_MATTER = re.compile(
    r"(chronology|glossary|bibliography|references|further reading|index|appendix|"
    r"notes|endnotes)\b.*",
    re.IGNORECASE,
)
_RUNNING_HEADER = re.compile(
    r"(\d{1,4})\s+([A-Z][^a-z]*[A-Z][^a-z]*)|([A-Z][^a-z]*[A-Z][^a-z]*?)\s+(\d{1,4})"
)
_BULLET = re.compile(r"[*•·▪‣◦●–-]\s+(?=\S)")
_NUMBERED_ITEM = re.compile(r"\(?\d{1,2}\)\s+\S|[a-z]\)\s+\S")
_NUMBERED_HEADING = re.compile(r"\d{1,2}\.\s+\S")
_MD_HEADING = re.compile(r"(#{1,6})\s+(.+?)\s*#*")
_MD_QUOTE = re.compile(r">\s?")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_MD_CODE = re.compile(r"`([^`]+)`")
_MD_NUMBERED = re.compile(r"\d{1,3}[.)]\s+\S")
_ATTRIBUTION = re.compile(r"\([A-Z][^()]{2,80}\)\.?$")
_INTRODUCES = re.compile(r"\b(that|wrote|said|argued|stated|asserted|noted|declared)$")
_CITED = re.compile(r"[.!?…”’\"]\d{1,3}$")
_OPENING_QUOTE = re.compile(r"^[\"“]")

_MAX_HEADING = 80
_MAX_NUMBERED_HEADING = 110
# Line text: a paragraph this long proves the article body has begun.
_BODY_STARTS = 150


@dataclass
class Line:
    no: int  # 1-based source line
    text: str  # collapsed
    indented: bool  # leading whitespace: in a PDF extraction, the first line of a page


@dataclass
class Chunk:
    """Consecutive non-blank lines, with what separated them from the chunk before."""

    lines: list[Line]
    blank_before: int = 0
    header_before: bool = False  # a running header was removed just before
    kind: str = "body"
    level: int = 0
    text: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def last(self) -> Line:
        return self.lines[-1]

    @property
    def page_break_before(self) -> bool:
        return self.blank_before >= 2 or self.header_before or self.first.indented


def parse_text(text: str) -> ParsedDocument:
    """Parse one document's raw text into blocks (see ``blocks.py``)."""
    source = normalise_source(text)
    raw_lines = source.split("\n")
    lines: list[Line | None] = []
    dropped: list[DroppedLine] = []
    previous_text = ""
    previous_reason: str | None = None
    for no, raw in enumerate(raw_lines, start=1):
        collapsed = collapse(raw)
        if not collapsed:
            lines.append(None)
            continue
        reason = chrome_reason(collapsed)
        if reason is None and collapsed == previous_text and len(collapsed) > 20:
            reason = "duplicate line (a caption printed twice)"
        if reason is None and previous_reason == DISCUSSION_NOTICE:
            reason = f"{DISCUSSION_NOTICE} (its text)"
        previous_text, previous_reason = collapsed, reason
        if reason:
            dropped.append(DroppedLine(no, collapsed, reason))
            lines.append(None)
            continue
        lines.append(Line(no, collapsed, raw[:1].isspace()))

    non_blank = [line for line in lines if line is not None]
    if not non_blank:
        return ParsedDocument(blocks=[], dropped=dropped)
    if any(_MD_HEADING.fullmatch(line.text) for line in non_blank):
        parser: _Parser = _MarkdownParser(lines, dropped)
    elif _is_wrapped(non_blank):
        parser = _WrappedParser(lines, dropped)
    else:
        parser = _LineParser(lines, dropped)
    return parser.parse()


def _is_wrapped(lines: list[Line]) -> bool:
    lengths = sorted(len(line.text) for line in lines)
    long_share = sum(1 for n in lengths if n > 110) / len(lengths)
    return long_share < 0.02


def _measure(lengths: list[int]) -> int:
    """The text's line measure: a high percentile of its line lengths."""
    if not lengths:
        return 80
    ordered = sorted(lengths)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.98))]


class _Parser:
    def __init__(self, lines: list[Line | None], dropped: list[DroppedLine]):
        self.lines = lines
        self.dropped = dropped
        self.title: str | None = None
        self.warnings: list[str] = []

    def parse(self) -> ParsedDocument:
        chunks = self.chunks()
        chunks = [chunk for chunk in chunks if chunk.text]
        note_chunks = notes.find_notes([(c.kind, c.text) for c in chunks])
        blocks: list[Block] = []
        for index, chunk in enumerate(chunks):
            if index in note_chunks:
                number, text = note_chunks[index]
                blocks.append(Block("note", text, number=number, line=chunk.first.no))
            else:
                blocks.append(Block(chunk.kind, chunk.text, level=chunk.level, line=chunk.first.no))
        blocks = notes.link_refs(blocks)
        self.dropped.sort(key=lambda d: d.line)
        return ParsedDocument(
            blocks=blocks, title=self.title, dropped=self.dropped, warnings=self.warnings
        )

    def chunks(self) -> list[Chunk]:
        raise NotImplementedError

    def drop(self, line: Line, reason: str) -> None:
        self.dropped.append(DroppedLine(line.no, line.text, reason))

    def take_title(self, chunks: list[Chunk]) -> list[Chunk]:
        """A short first line that is not a sentence is the document's title."""
        if not chunks:
            return chunks
        first = chunks[0]
        candidate = first.first.text
        if (
            len(candidate) <= 150
            and not candidate.rstrip("”’\"'").endswith(".")
            and not _DIVISION.fullmatch(candidate)
            and not _FRONT_MATTER.fullmatch(candidate)
            and not _NUMBERED_HEADING.match(candidate)
        ):
            self.title = candidate.lstrip("# ").strip()
            self.drop(first.first, "title (kept as the document's title)")
            first.lines = first.lines[1:]
            if not first.lines:
                chunks = chunks[1:]
                if chunks:
                    chunks[0].blank_before = max(chunks[0].blank_before, first.blank_before)
        return chunks


def _split_chunks(lines: list[Line | None]) -> list[Chunk]:
    chunks: list[Chunk] = []
    current: list[Line] = []
    blank = 0
    pending_blank = 0
    for line in lines:
        if line is None:
            if current:
                chunks.append(Chunk(current, blank_before=pending_blank))
                current = []
                blank = 0
            blank += 1
            continue
        if not current:
            pending_blank = blank if chunks else 0
        current.append(line)
    if current:
        chunks.append(Chunk(current, blank_before=pending_blank))
    return chunks


def _join_lines(lines: list[str], vocabulary: hyphens.Vocabulary) -> str:
    text = ""
    for line in lines:
        text = _join(text, line, vocabulary)
    return text


def _join(left: str, right: str, vocabulary: hyphens.Vocabulary) -> str:
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and left[-2:-1].isalpha() and right[:1].isalpha():
        return hyphens.join_hyphenated(left, right, vocabulary)
    if left[-1] in "—–/" and left[-2:-1] != " ":
        return left + right
    if right[0] in "—" or right[0] in ",.;:!?)]”’" and len(right) < 3:
        return left + right
    return f"{left} {right}"


class _WrappedParser(_Parser):
    """Hard-wrapped text, most often extracted from a PDF."""

    def chunks(self) -> list[Chunk]:
        header_lines = self.remove_running_headers()
        body_lines = [line for line in self.lines if line is not None]
        self.vocabulary = hyphens.Vocabulary(line.text for line in body_lines)
        self.measure = _measure([len(line.text) for line in body_lines])
        chunks = self.split_structure(_split_chunks(self.lines), header_lines)
        chunks = self.mark_headings(chunks)
        chunks = self.merge_broken(chunks)
        self.mark_quotes(chunks)
        for chunk in chunks:
            if chunk.kind == "heading":
                continue
            chunk.text = _join_lines([line.text for line in chunk.lines], self.vocabulary)
            bullet = _BULLET.match(chunk.text)
            if bullet:
                chunk.kind = "list_item"
                chunk.text = chunk.text[bullet.end() :]
            elif _NUMBERED_ITEM.match(chunk.text) or chunk.extra.get("entry"):
                chunk.kind = "list_item"
        return chunks

    def remove_running_headers(self) -> set[int]:
        """Drop page headers (a page number beside a title in capitals); return their indexes."""
        removed: set[int] = set()
        for index, line in enumerate(self.lines):
            match = _RUNNING_HEADER.fullmatch(line.text) if line is not None else None
            if match is None:
                continue
            caps = match.group(2) or match.group(3)
            if sum(ch.isalpha() for ch in caps) < 4:
                continue
            self.drop(line, "running header")
            self.lines[index] = None
            removed.add(index)
        return removed

    def split_structure(self, chunks: list[Chunk], header_lines: set[int]) -> list[Chunk]:
        """Give division headings, bullets and new paragraphs at page starts their own chunks."""
        line_index = {id(line): i for i, line in enumerate(self.lines) if line is not None}
        result: list[Chunk] = []
        for chunk in chunks:
            start = line_index[id(chunk.first)]
            chunk.header_before = any(
                i in header_lines for i in range(start - chunk.blank_before, start)
            )
            pieces: list[Chunk] = []
            for position, line in enumerate(chunk.lines):
                previous = chunk.lines[position - 1] if position else None
                starts_piece = (
                    previous is None
                    or _is_structural(line.text)
                    and (line.indented or _is_division(line.text))
                    or _BULLET.match(line.text)
                    or _is_division(previous.text)
                    or line.indented
                    and self.ends_paragraph(previous.text, line.text)
                )
                if starts_piece:
                    blank_before = chunk.blank_before if position == 0 else 0
                    piece = Chunk([line], blank_before=blank_before)
                    if position == 0:
                        piece.header_before = chunk.header_before
                    pieces.append(piece)
                else:
                    pieces[-1].lines.append(line)
            result.extend(pieces)
        return result

    def mark_headings(self, chunks: list[Chunk]) -> list[Chunk]:
        result: list[Chunk] = []
        in_chapter = False
        back_matter = False
        last_division = max(
            (i for i, c in enumerate(chunks) if _is_division(c.first.text)), default=-1
        )
        index = 0
        while index < len(chunks):
            chunk = chunks[index]
            text = _join_lines([line.text for line in chunk.lines], self.vocabulary)
            division = _DIVISION.fullmatch(text)
            if division:
                label = f"{division.group(1).title()} {division.group(2).title()}"
                title, index = self.division_title(chunks, index, division.group(3))
                chunk.kind = "heading"
                chunk.level = 1 if division.group(1).lower() == "part" else 2
                chunk.text = f"{label}: {title}" if title else label
                in_chapter = in_chapter or chunk.level == 2
                back_matter = False
                result.append(chunk)
                index += 1
                continue
            if _is_short_title(text) and (
                _BACK_MATTER.fullmatch(text) or _FRONT_MATTER.fullmatch(text)
            ):
                title, index = self.heading_continuation(chunks, index, text)
                chunk.kind = "heading"
                chunk.text = title
                if _BACK_MATTER.fullmatch(text) and index > last_division:
                    chunk.level = 1
                    back_matter = True
                else:
                    chunk.level = 3 if in_chapter else 1
                result.append(chunk)
                index += 1
                continue
            if back_matter:
                chunk.extra["entry"] = True
            elif self.is_subheading(chunks, index, text):
                chunk.kind = "heading"
                chunk.level = 3 if in_chapter else 1
                chunk.text = text
            result.append(chunk)
            index += 1
        self.promote_closing_conclusion(result)
        return result

    def promote_closing_conclusion(self, chunks: list[Chunk]) -> None:
        """A conclusion after the last chapter, followed only by back matter, is the book's."""
        headings = [c for c in chunks if c.kind == "heading"]
        last_chapter = max((i for i, c in enumerate(headings) if c.level == 2), default=None)
        if last_chapter is None:
            return
        after = headings[last_chapter + 1 :]
        conclusions = [c for c in after if c.text.lower().startswith("conclusion")]
        if not conclusions:
            return
        closing = conclusions[-1]
        rest = after[after.index(closing) + 1 :]
        if all(c.level == 1 or not c.text.lower().startswith("conclusion") for c in rest):
            tail = [c for c in rest if c.level == 1]
            if tail or not rest or all(c.level == 3 for c in rest):
                closing.level = 1

    def division_title(self, chunks: list[Chunk], index: int, inline: str) -> tuple[str, int]:
        """The title after 'CHAPTER ONE', which may wrap, even over a blank line."""
        if inline:
            return inline, index
        if index + 1 < len(chunks):
            following = chunks[index + 1]
            text = _join_lines([line.text for line in following.lines], self.vocabulary)
            if len(following.lines) <= 2 and len(text) <= 120 and not ends_sentence(text):
                following.kind = "consumed"
                return self.division_title_rest(chunks, index + 1, text)
        return "", index

    def division_title_rest(self, chunks: list[Chunk], index: int, text: str) -> tuple[str, int]:
        """A chapter title may wrap onto a capitalised line: 'burying / Stalin, reviving…'."""
        while index + 1 < len(chunks) and not ends_sentence(text) and _is_open_ended(text):
            following = chunks[index + 1]
            more = following.first.text
            if (
                len(following.lines) != 1
                or following.blank_before > 1
                or len(more) > 60
                or _is_structural(more)
                or following.first.indented
            ):
                break
            text = _join(text, more, self.vocabulary)
            following.kind = "consumed"
            index += 1
        return text, index

    def heading_continuation(self, chunks: list[Chunk], index: int, text: str) -> tuple[str, int]:
        """Join a heading's second line when it follows a blank line in lower case."""
        while index + 1 < len(chunks):
            following = chunks[index + 1]
            more = _join_lines([line.text for line in following.lines], self.vocabulary)
            if (
                following.blank_before <= 1
                and len(following.lines) == 1
                and starts_lowercase(more)
                and len(more) <= 60
                and not text.endswith((".", "?"))
            ):
                text = _join(text, more, self.vocabulary)
                following.kind = "consumed"
                index += 1
            else:
                break
        return text, index

    def is_subheading(self, chunks: list[Chunk], index: int, text: str) -> bool:
        """A short line standing alone between sentences, not one of a table's rows."""
        chunk = chunks[index]
        if not self.is_short_line(chunk) or not starts_uppercase(text) or text[-1] == ",":
            return False
        start, end = index, index
        while start > 0 and self.is_short_line(chunks[start - 1]):
            start -= 1
        while end + 1 < len(chunks) and self.is_short_line(chunks[end + 1]):
            end += 1
        # Three short lines in a row are a table or a list, not headings.
        if end - start >= 2 or start == 0 or end + 1 >= len(chunks):
            return False
        before, following = chunks[start - 1], chunks[index + 1]
        if before.kind not in ("heading", "consumed") and not ends_sentence(before.last.text):
            return False
        if following.blank_before >= 2 or not starts_uppercase(following.first.text):
            return False
        return not self.fills_line(chunk.last.text, following.first.text)

    def is_short_line(self, chunk: Chunk) -> bool:
        """One short line, or a title set in two lines well short of the measure."""
        text = " ".join(line.text for line in chunk.lines)
        return (
            chunk.kind == "body"
            and (
                len(chunk.lines) == 1
                or len(chunk.lines) == 2
                and len(chunk.first.text) <= self.measure - 15
                and not chunk.lines[1].indented
            )
            and _is_short_title(text, max_length=_MAX_HEADING if len(chunk.lines) == 1 else 110)
            and not _BULLET.match(text)
            and not _NUMBERED_ITEM.match(text)
        )

    def ends_paragraph(self, line: str, next_text: str) -> bool:
        """A sentence's end on a line the next word would have fitted: the paragraph ended."""
        return ends_sentence(line) and not self.fills_line(line, next_text)

    def fills_line(self, line: str, next_text: str) -> bool:
        """Would the next word have fitted on this line? If not, the line was wrapped."""
        return len(line) + 1 + len(first_word(next_text)) > self.measure - 2

    def merge_broken(self, chunks: list[Chunk]) -> list[Chunk]:
        """Join paragraphs that a page break or a stray blank line cut in two."""
        result: list[Chunk] = []
        for chunk in chunks:
            previous = result[-1] if result else None
            if (
                previous is not None
                and previous.kind == "body"
                and chunk.kind == "body"
                and not _BULLET.match(chunk.first.text)
                and not previous.extra.get("entry")
                and self.continues(previous, chunk)
            ):
                previous.lines.extend(chunk.lines)
                continue
            result.append(chunk)
        return result

    def continues(self, previous: Chunk, chunk: Chunk) -> bool:
        before, after = previous.last.text, chunk.first.text
        if _introduces(before) and not chunk.page_break_before:
            # "In 1936 Stalin proclaimed that," and then the quotation, set narrower.
            widest, inner_lines = self.inner_width(chunk)
            if inner_lines >= 2 and widest <= self.measure - 7:
                return False
        if starts_lowercase(after):
            return True
        if not chunk.page_break_before:
            return (
                not ends_sentence(before)
                and before[-1:].isalpha()
                and self.fills_line(before, after)
            )
        if before.endswith(":"):
            return False
        if not ends_sentence(before):
            return True
        return self.fills_line(before, after)

    def mark_quotes(self, chunks: list[Chunk]) -> None:
        """Block quotations are set on a narrower measure than the text around them."""
        for index, chunk in enumerate(chunks):
            if chunk.kind != "body" or len(chunk.lines) < 2:
                continue
            widest, inner_lines = self.inner_width(chunk)
            if widest > self.measure - 7:
                continue
            introduced = index > 0 and _introduces(chunks[index - 1].last.text)
            cited = bool(_CITED.search(chunk.last.text))
            if (introduced or cited) and (inner_lines >= 2 or introduced and cited):
                chunk.kind = "quote"

    def inner_width(self, chunk: Chunk) -> tuple[int, int]:
        """The widest line but the last (which may be short), and how many there are."""
        inner = [len(line.text) for line in chunk.lines[:-1] if not line.indented]
        return (max(inner) if inner else 0), len(inner)


class _LineParser(_Parser):
    """One paragraph per line: text copied out of a web page."""

    def chunks(self) -> list[Chunk]:
        paragraphs: list[Chunk] = []
        blank = 0
        for line in self.lines:
            if line is None:
                blank += 1
                continue
            previous = paragraphs[-1] if paragraphs else None
            if previous is not None and blank == 0 and _continues_line(previous, line.text):
                previous.lines.append(line)
            else:
                paragraphs.append(Chunk([line], blank_before=blank))
            blank = 0
        paragraphs = self.take_title(paragraphs)
        vocabulary = hyphens.Vocabulary(line.text for line in self.lines if line is not None)
        for chunk in paragraphs:
            chunk.text = _join_lines([line.text for line in chunk.lines], vocabulary)
        endnotes = notes.find_notes([("body", chunk.text) for chunk in paragraphs])
        # Numbered section headings ("4. Capitalism breaking…") rule out unnumbered ones.
        self.numbered_headings = (
            sum(
                1
                for index, chunk in enumerate(paragraphs)
                if index not in endnotes and _NUMBERED_HEADING.match(chunk.text)
            )
            >= 3
        )
        body_started = False
        for index, chunk in enumerate(paragraphs):
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            chunk.kind, chunk.level = self.classify(chunk.text, following, body_started)
            if chunk.kind == "list_item":
                bullet = _BULLET.match(chunk.text)
                if bullet:
                    chunk.text = chunk.text[bullet.end() :]
            body_started = body_started or len(chunk.text) >= _BODY_STARTS
        self.mark_attributions(paragraphs)
        return paragraphs

    def classify(self, text: str, following: Chunk | None, body_started: bool) -> tuple[str, int]:
        if _BULLET.match(text) or _NUMBERED_ITEM.match(text):
            return "list_item", 0
        if _is_quotation(text):
            return "quote", 0
        if not body_started or following is None:
            return "body", 0
        if _NUMBERED_HEADING.match(text) and len(text) <= _MAX_NUMBERED_HEADING:
            return "heading", 1
        if self.numbered_headings:
            return "body", 0
        if _is_short_title(text) and starts_uppercase(text) and not text.endswith(":"):
            return "heading", 1
        return "body", 0

    def mark_attributions(self, chunks: list[Chunk]) -> None:
        """'(Leon Trotsky, Three Conceptions…, 1939)' on its own line: it and its quote."""
        for index, chunk in enumerate(chunks):
            if chunk.text.startswith("(") and _attribution_start(chunk.text) is not None and index:
                chunk.kind, chunk.level = "quote", 0
                if chunks[index - 1].kind == "body":
                    chunks[index - 1].kind = "quote"


def _continues_line(previous: Chunk, text: str) -> bool:
    """In line text, a line that carries on the one before (a broken list item, '”.')."""
    if _BULLET.match(text) or _NUMBERED_ITEM.match(text):
        return False
    if text[0] in ",.;:!?)]”’" and len(text) <= 3:
        return True
    return starts_lowercase(text) and not ends_sentence(previous.last.text)


def _is_quotation(text: str) -> bool:
    """A paragraph that quotes someone: in quotation marks, or ending in an attribution."""
    attribution = _attribution_start(text)
    if _OPENING_QUOTE.match(text):
        return attribution is not None or text.rstrip(".")[-1:] in '"”'
    if attribution is None or len(text) <= 80:
        return False
    head = text[:attribution].rstrip().rstrip(".")
    introduced = re.search(r"[:,]\s*[\"“]", head)
    return introduced is None and head.endswith(("”", '"'))


def _attribution_start(text: str) -> int | None:
    """Where a closing "(Leon Trotsky, …, 1939)" starts; only the tail is searched."""
    tail_start = max(0, len(text) - 90)
    match = _ATTRIBUTION.search(text, tail_start)
    return match.start() if match else None


class _MarkdownParser(_Parser):
    """Markdown: ATX headings, '>' quotes, lists; paragraphs may be wrapped."""

    def chunks(self) -> list[Chunk]:
        vocabulary = hyphens.Vocabulary(line.text for line in self.lines if line is not None)
        result: list[Chunk] = []
        for chunk in _split_chunks(self.lines):
            current: Chunk | None = None
            for line in chunk.lines:
                heading = _MD_HEADING.fullmatch(line.text)
                bullet = _BULLET.match(line.text) or _MD_NUMBERED.match(line.text)
                quote = _MD_QUOTE.match(line.text)
                if heading:
                    piece = Chunk([line], kind="heading", level=len(heading.group(1)))
                    piece.text = heading.group(2)
                    result.append(piece)
                    current = None
                    continue
                if bullet or current is None or (quote and current.kind != "quote"):
                    kind = "list_item" if bullet else "quote" if quote else "body"
                    current = Chunk([line], kind=kind)
                    result.append(current)
                else:
                    current.lines.append(line)
            del current
        for chunk in result:
            if chunk.kind == "heading":
                continue
            texts = [_MD_QUOTE.sub("", line.text, count=1) for line in chunk.lines]
            text = _join_lines([collapse(t) for t in texts], vocabulary)
            if chunk.kind == "list_item":
                marker = _BULLET.match(text)
                if marker:
                    text = text[marker.end() :]
            chunk.text = _strip_inline_markdown(text)
        for chunk in result:
            if chunk.kind == "heading":
                chunk.text = _strip_inline_markdown(chunk.text)
        result = self.take_markdown_title(result)
        return result

    def take_markdown_title(self, chunks: list[Chunk]) -> list[Chunk]:
        top = [c for c in chunks if c.kind == "heading" and c.level == 1]
        if len(top) == 1 and chunks and chunks[0] is top[0]:
            self.title = top[0].text
            self.drop(top[0].first, "title (kept as the document's title)")
            chunks = chunks[1:]
            for chunk in chunks:
                if chunk.kind == "heading":
                    chunk.level = max(1, chunk.level - 1)
        return chunks


def _strip_inline_markdown(text: str) -> str:
    """Links, images, emphasis and code spans keep their words and lose their markup."""
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return _MD_CODE.sub(r"\1", text)


def _is_short_title(text: str, max_length: int = _MAX_HEADING) -> bool:
    if len(text) > max_length or len(text) < 2:
        return False
    if text[-1] in ".,;:!" or ends_sentence(text) and not text.endswith("?"):
        return False
    return len(text.split()) <= 16


def _introduces(text: str) -> bool:
    return text.endswith((":", ",")) or bool(_INTRODUCES.search(text))


def _is_open_ended(text: str) -> bool:
    return text[-1:].isalpha() or text[-1:] in ",:;–—"


def _is_division(text: str) -> bool:
    return bool(_DIVISION.fullmatch(text)) and len(text) <= 40


def _is_structural(text: str) -> bool:
    return _is_division(text) or (
        len(text) <= _MAX_HEADING
        and bool(_FRONT_MATTER.fullmatch(text) or _BACK_MATTER.fullmatch(text))
        and starts_uppercase(text)
    )

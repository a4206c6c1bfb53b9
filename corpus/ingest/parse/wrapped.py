"""Hard-wrapped text, most often extracted from a PDF.

Lines break at a fixed measure: lines join into paragraphs and blank lines separate
them, except where a page break interrupted the text.
"""

from __future__ import annotations

import re

from .. import hyphens
from ..text import (
    ends_sentence,
    first_letter,
    first_word,
    in_capitals,
    starts_lowercase,
    starts_uppercase,
)
from .base import Chunk, Line, Parser, join, join_lines, split_chunks
from .patterns import (
    BULLET,
    BULLET_OPENINGS,
    DIVISION,
    DIVISION_OPENINGS,
    FRONT_MATTER,
    MAX_HEADING,
    NUMBERED_HEADING,
    NUMBERED_ITEM,
    is_short_title,
)
from .setapart import caps_heading, continues_capitals, is_prose, line_width, stray_reason

_BACK_MATTER = re.compile(
    r"(chronology|glossary|bibliography|references|further reading|index|appendix|"
    r"notes|endnotes)\b.*",
    re.IGNORECASE,
)
_RUNNING_HEADER = re.compile(
    r"(\d{1,4})\s+([A-Z][^a-z]*[A-Z][^a-z]*)|([A-Z][^a-z]*[A-Z][^a-z]*?)\s+(\d{1,4})"
)
_ROMAN_LINE = re.compile(r"(?=[IVXLC])M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\.?")
_INTRODUCES = re.compile(r"\b(that|wrote|said|argued|stated|asserted|noted|declared)$")
# How far short of the measure a sentence's end must stop to end its paragraph too.
_SHORT_MARGIN = 12
_CITED = re.compile(r"[.!?…”’\"]\d{1,3}$")


def is_wrapped(lines: list[Line]) -> bool:
    """Under 2% of the lines run past 110 characters, wider than any page: wrapped text."""
    lengths = sorted(len(line.text) for line in lines)
    long_share = sum(1 for n in lengths if n > 110) / len(lengths)
    return long_share < 0.02


def _measure(lengths: list[int]) -> int:
    """The text's line measure: a high percentile of its line lengths."""
    if not lengths:
        return 80
    ordered = sorted(lengths)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.98))]


class WrappedParser(Parser):
    """Hard-wrapped text, most often extracted from a PDF."""

    def chunks(self) -> list[Chunk]:
        header_lines = self.remove_running_headers()
        body_lines = [line for line in self.lines if line is not None]
        self.vocabulary = hyphens.Vocabulary(line.text for line in body_lines)
        self.measure = _measure([len(line.text) for line in body_lines])
        chunks = self.split_structure(split_chunks(self.lines), header_lines)
        self.line_width = line_width(chunks) or self.measure
        chunks = self.drop_strays(chunks)
        chunks = self.mark_headings(chunks)
        chunks = self.merge_broken(chunks)
        self.mark_quotes(chunks)
        for chunk in chunks:
            if chunk.kind == "heading":
                continue
            chunk.text = self.joined(chunk)
            bullet = BULLET.match(chunk.text)
            if bullet:
                chunk.kind = "list_item"
                chunk.text = chunk.text[bullet.end() :]
            elif NUMBERED_ITEM.match(chunk.text) or chunk.back_matter_entry:
                chunk.kind = "list_item"
        return chunks

    def restore_page_hyphens(self, lines: list[Line]) -> list[str]:
        """The lines' texts, with the hyphen put back that pdftotext drops at a page's
        last line when a word runs over the page ('a di' / 'rect parody')."""
        texts = [line.text for line in lines]
        for index in range(1, len(lines)):
            if lines[index].page_start and hyphens.lost_hyphen(
                texts[index - 1], texts[index], self.vocabulary
            ):
                texts[index - 1] += "-"
        return texts

    def joined(self, chunk: Chunk) -> str:
        """The chunk's lines joined (``join_lines``), once for as many lines as it has:
        headings are looked for in every chunk's text, then each paragraph is written."""
        cached = chunk.joined
        if cached is not None and cached[0] == len(chunk.lines):
            return cached[1]
        text = join_lines(self.restore_page_hyphens(chunk.lines), self.vocabulary)
        chunk.joined = (len(chunk.lines), text)
        return text

    def remove_running_headers(self) -> set[int]:
        """Drop page headers (a page number beside a title in capitals); return their indexes."""
        removed: set[int] = set()
        for index, line in enumerate(self.lines):
            match = _RUNNING_HEADER.fullmatch(line.text) if line is not None else None
            if match is None or _is_division(line.text):
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
            lines = chunk.lines
            # Each line's tests once, though a line is asked about again as the previous.
            divisions = [_is_division(line.text) for line in lines]
            titles = [self.is_title_line(lines, position) for position in range(len(lines))]
            pairs = {
                position
                for position, line in enumerate(lines)
                if (position == 0 or line.page_start) and self.is_title_pair(lines, position)
            }
            for position, line in enumerate(lines):
                previous = lines[position - 1] if position else None
                starts_piece = (
                    previous is None
                    # a structural line set apart, or any division heading
                    or divisions[position]
                    or line.indented
                    and _is_structural(line.text)
                    or line.text[:1] in BULLET_OPENINGS
                    and BULLET.match(line.text)
                    or divisions[position - 1]
                    or line.indented
                    and self.ends_paragraph(previous.text, line.text)
                    or self.short_paragraph_end(previous.text, line.text)
                    or titles[position]
                    or titles[position - 1]
                    or position in pairs
                    or position - 2 in pairs
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

    def is_title_line(self, lines: list[Line], position: int) -> bool:
        """A title set on its own line with no blank around it (plain pdftotext): a short
        line, no sentence, between a sentence's end (or a page's top) and a capital."""
        line = lines[position]
        if position + 1 >= len(lines):
            return False
        if len(line.text) > self.measure * 0.6 and not (
            # Longer, a title in title case the next word would have fitted after
            # ('A. Texas Insurance Code and Deceptive Trade Practices Act').
            len(line.text) + 1 + len(first_word(lines[position + 1].text))
            <= self.measure - _SHORT_MARGIN
            and _title_case(line.text)
        ):
            return False
        if not is_short_title(line.text) or not starts_uppercase(line.text):
            return False
        if BULLET.match(line.text) or NUMBERED_ITEM.match(line.text):
            return False
        previous = lines[position - 1] if position else None
        if previous is not None and not (line.page_start or ends_sentence(previous.text)):
            return False
        return starts_uppercase(lines[position + 1].text)

    def is_title_pair(self, lines: list[Line], position: int) -> bool:
        """A title set in two lines at a page's top, no blank after it (plain pdftotext):
        the second line's first word would have fitted on the first, neither ends a
        sentence, and a full line of text follows."""
        if position + 2 >= len(lines):
            return False
        first, second, third = lines[position], lines[position + 1], lines[position + 2]
        if len(first.text) > self.measure - 15 or len(second.text) > self.measure * 0.6:
            return False
        if ends_sentence(first.text) or ends_sentence(second.text):
            return False
        if self.fills_line(first.text, second.text) or not starts_uppercase(third.text):
            return False
        title = f"{first.text} {second.text}"
        if not is_short_title(title, max_length=110) or not starts_uppercase(title):
            return False
        return len(third.text) >= self.measure * 0.7

    def drop_strays(self, chunks: list[Chunk]) -> list[Chunk]:
        """Drop what OCR leaves alone between blank lines: a printer's mark or a speck read
        as a letter ("c", "/"), and a page number misread out of its sequence."""
        numbered_pages = sum(1 for line in self.dropped if line.reason == "page number") >= 3
        result: list[Chunk] = []
        for index, chunk in enumerate(chunks):
            following = chunks[index + 1] if index + 1 < len(chunks) else None
            previous = result[-1] if result else None
            reason = stray_reason(previous, chunk, following, numbered_pages=numbered_pages)
            if reason is None:
                result.append(chunk)
                continue
            self.drop(chunk.first, reason)
            if following is not None:
                # What set the mark apart sets the next line apart: a page break stays one.
                following.blank_before = max(following.blank_before, chunk.blank_before)
                following.header_before = following.header_before or chunk.header_before
                following.first.page_start = following.first.page_start or chunk.first.page_start
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
            text = self.joined(chunk)
            division = _division(text)
            if division:
                label = f"{division.group(1).title()} {_numeral(division.group(2))}"
                title, index = self.division_title(chunks, index, division.group(3))
                chunk.kind = "heading"
                chunk.level = 1 if division.group(1).lower() == "part" else 2
                chunk.text = f"{label}: {title}" if title else label
                in_chapter = in_chapter or chunk.level == 2
                back_matter = False
                result.append(chunk)
                index += 1
                continue
            if (
                _is_numeral_line(chunk, first=index == 0)
                and index + 1 < len(chunks)
                # A numeral at a page's edge, or inside a sentence, is an OCR stray.
                and not chunk.first.page_start
                and (
                    not result
                    or chunk.first.indented  # set in the middle of the line
                    or result[-1].kind == "heading"
                    or _ends_text(result[-1])
                )
            ):
                # "II" alone, then perhaps its title: one chapter heading, numeral as written.
                title, after = self.numeral_title(chunks, index)
                if not title and not is_prose(chunks[index + 1], self.line_width):
                    # A numeral with neither title nor text after it ("I" on a title page).
                    result.append(chunk)
                    index += 1
                    continue
                index = after
                chunk.kind = "heading"
                chunk.level = 2
                chunk.text = f"{text}: {title}" if title else text
                in_chapter = True
                back_matter = False
                result.append(chunk)
                index += 1
                continue
            probe = _caps_title(text)
            if is_short_title(probe) and (
                _BACK_MATTER.fullmatch(probe) or FRONT_MATTER.fullmatch(probe)
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
            caps = 0 if back_matter else caps_heading(chunks, index, self.line_width)
            if caps:
                run = chunks[index : index + caps]
                for part in run[1:]:
                    part.part_of_heading = True
                chunk.kind = "heading"
                pieces = [line.text for part in run for line in part.lines]
                chunk.text = join_lines(pieces, self.vocabulary)
                chunk.level = 3 if in_chapter else 1
                result.append(chunk)
                index += caps
                continue
            if back_matter:
                chunk.back_matter_entry = True
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
            if inline.count("“") > inline.count("”"):
                # 'CHAPTER TWO: “Mere' / 'Copyists”': a quoted title wraps.
                return self.division_title_rest(chunks, index, inline)
            return inline, index
        if index + 1 < len(chunks):
            following = chunks[index + 1]
            text = self.joined(following)
            if (
                len(following.lines) <= 2
                and len(text) <= 120
                # "_To Mrs. Saville, England._" is no title; "IRRITATION." in capitals is.
                and not ends_sentence(_caps_title(text).rstrip("_*"))
                and not _is_division(following.first.text)
            ):
                following.part_of_heading = True
                return self.division_title_rest(chunks, index + 1, text)
        return "", index

    def numeral_title(self, chunks: list[Chunk], index: int) -> tuple[str, int]:
        """The title line after a Roman numeral: short, no sentence, text after it."""
        if index + 2 >= len(chunks):
            return "", index
        following = chunks[index + 1]
        text = self.joined(following)
        title_like = text.isupper() or is_short_title(text) and not starts_lowercase(text)
        if (
            len(following.lines) <= 2
            and len(text) <= MAX_HEADING
            and title_like
            and not ends_sentence(text.rstrip("."))
            and not _is_numeral_line(following)
        ):
            following.part_of_heading = True
            return text, index + 1
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
            text = join(text, more, self.vocabulary)
            following.part_of_heading = True
            index += 1
        return text, index

    def heading_continuation(self, chunks: list[Chunk], index: int, text: str) -> tuple[str, int]:
        """Join a heading's second line when it follows a blank line in lower case."""
        while index + 1 < len(chunks):
            following = chunks[index + 1]
            more = self.joined(following)
            if (
                following.blank_before <= 1
                and len(following.lines) == 1
                and starts_lowercase(more)
                and len(more) <= 60
                and not text.endswith((".", "?"))
            ):
                text = join(text, more, self.vocabulary)
                following.part_of_heading = True
                index += 1
            else:
                break
        return text, index

    def is_subheading(self, chunks: list[Chunk], index: int, text: str) -> bool:
        """A short line standing alone between sentences, not one of a table's rows."""
        chunk = chunks[index]
        text = _caps_title(text)
        if not self.is_short_line(chunk) or not starts_uppercase(text) or text[-1] == ",":
            return False
        start, end = index, index
        while start > 0 and self.is_short_line(chunks[start - 1]):
            start -= 1
        while end + 1 < len(chunks) and self.is_short_line(chunks[end + 1]):
            end += 1
        # Three short lines in a row are a table or a list, not headings.
        if end - start >= 2 or end + 1 >= len(chunks):
            return False
        following = chunks[index + 1]
        if start == 0:
            # The text's first line: its title, when the text itself comes next.
            if index != 0 or not is_prose(following, self.line_width):
                return False
        else:
            before = chunks[start - 1]
            in_heading = before.kind == "heading" or before.part_of_heading
            at_page_top = (
                chunk.first.page_start
                and len(chunk.lines) == 1
                and len(text) <= self.line_width * 0.6
            )
            if not in_heading and not at_page_top and not ends_sentence(before.last.text):
                return False
            if continues_capitals(before, chunk):
                return False
        # Blank lines part a heading from its text, unless a page break made them: a
        # labelled section's heading at a page's foot ('B. Promissory Estoppel'), its text
        # on the next page.
        if following.blank_before >= 2 and not (
            following.first.page_start and _SECTION_LABEL.match(text)
        ):
            return False
        if not starts_uppercase(following.first.text):
            return False
        # A heading leads into text: perhaps through a sub-heading of its own ("The
        # economics of NEP" / "Prodnalog, food policy…" / text) or a sentence that runs on
        # into a quotation ("In May 1918 Lenin wrote that:"); or a numbered section's.
        leads_in = (
            is_prose(following, self.line_width)
            or _runs_into_quotation(following.last.text)
            or (
                index + 2 < len(chunks)
                and self.is_short_line(following)
                and is_prose(chunks[index + 2], self.line_width)
            )
        )
        if not leads_in and not NUMBERED_HEADING.match(following.first.text):
            return False
        # Where an extraction ran lines together the measure is too wide: a full line then.
        wrapped = len(chunk.last.text) + 1 + len(first_word(following.first.text))
        return not self.fills_line(chunk.last.text, following.first.text) and (
            wrapped <= self.line_width
        )

    def is_short_line(self, chunk: Chunk) -> bool:
        """One short line, or a title set in two lines well short of the measure."""
        if not (
            chunk.kind == "body"
            and not chunk.part_of_heading
            and (
                len(chunk.lines) == 1
                or len(chunk.lines) == 2
                and len(chunk.first.text) <= self.measure - 15
                and not chunk.lines[1].indented
            )
        ):
            return False
        text = _caps_title(" ".join(line.text for line in chunk.lines))
        return (
            is_short_title(text, max_length=MAX_HEADING if len(chunk.lines) == 1 else 110)
            and not BULLET.match(text)
            and not NUMBERED_ITEM.match(text)
        )

    def ends_paragraph(self, line: str, next_text: str) -> bool:
        """A sentence's end on a line the next word would have fitted: the paragraph ended."""
        return ends_sentence(line) and not self.fills_line(line, next_text)

    def short_paragraph_end(self, line: str, next_text: str) -> bool:
        """No blank line between: a sentence ending well short of the measure, then a capital."""
        return (
            ends_sentence(line)
            and starts_uppercase(next_text)
            and len(line) + 1 + len(first_word(next_text)) <= self.measure - _SHORT_MARGIN
        )

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
                and not BULLET.match(chunk.first.text)
                and not previous.back_matter_entry
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


def _introduces(text: str) -> bool:
    return text.endswith((":", ",")) or bool(_INTRODUCES.search(text))


def _is_numeral_line(chunk: Chunk, *, first: bool = False) -> bool:
    """A chunk that is a Roman numeral alone, as a chapter's number stands: 'II', 'XIV.'."""
    return (
        len(chunk.lines) == 1
        and (chunk.blank_before >= 1 or first)
        and bool(_ROMAN_LINE.fullmatch(chunk.first.text))
    )


# A section's label and a capitalised word: 'B. Promissory', 'IV. Conclusion', '2. The'.
_SECTION_LABEL = re.compile(r"(?:[A-Z]|[IVXLC]{1,6}|\d{1,2})\.\s+[A-Z][a-z]")
_MINOR_WORD = 4  # letters: a shorter word may stay in lower case in a title ('of', 'and')


def _title_case(text: str) -> bool:
    """Every word of four letters or more capitalised, and at least three of them."""
    major = [word for word in text.split() if sum(ch.isalpha() for ch in word) >= _MINOR_WORD]
    return len(major) >= 3 and all(first_letter(word).isupper() for word in major)


def _caps_title(text: str) -> str:
    """A title in capitals may end in a full stop ('OF CLAP.', 'PREFACE.'): without it."""
    if not text.endswith(".") or len(text) > MAX_HEADING:
        return text
    if in_capitals(text, min_letters=3):
        return text[:-1].rstrip()
    return text


def _ends_text(chunk: Chunk) -> bool:
    return chunk.part_of_heading or ends_sentence(chunk.last.text)


def _is_open_ended(text: str) -> bool:
    return text[-1:].isalpha() or text[-1:] in ",:;–—"


def _is_division(text: str) -> bool:
    # "Part", "Chapter", "Book" or "Letter" opens it: any other first letter rules it out.
    return len(text) <= 40 and text[:1] in DIVISION_OPENINGS and bool(DIVISION.fullmatch(text))


def _division(text: str) -> re.Match[str] | None:
    return DIVISION.fullmatch(text) if text[:1] in DIVISION_OPENINGS else None


def _is_structural(text: str) -> bool:
    return _is_division(text) or (
        len(text) <= MAX_HEADING
        and bool(FRONT_MATTER.fullmatch(text) or _BACK_MATTER.fullmatch(text))
        and starts_uppercase(text)
    )


def _numeral(token: str) -> str:
    """'ONE' -> 'One', but a Roman numeral keeps its capitals: 'II', never 'Ii'."""
    return token.upper() if re.fullmatch(r"[ivxlc]+", token, re.IGNORECASE) else token.title()


def _runs_into_quotation(text: str) -> bool:
    """A sentence that ends by opening a quotation ("In May 1918 Lenin wrote that:",
    "In 1936 Stalin proclaimed that,"), not a byline ("By T. M. CATON,")."""
    text = text.rstrip()
    if not text.endswith((":", ",")) or text[:3].lower() == "by ":
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.islower() for ch in letters) >= 0.6 * len(letters)

"""Pages of a paged source, and their furniture: running headers, footers, page numbers.

A PDF reader hands us its pages. Plain text shows them by form feeds (pdftotext) or by
runs of blank lines at a steady interval (a book's text copied page by page). Where
pages cannot be seen, the furniture lines themselves mark where pages end.

Furniture is found by repetition, never by its words: a line at a page's edge whose
shape recurs with a number that moves with the pages ("12 THE TITLE", "THE TITLE 13")
or that recurs unchanged on many pages, and a bare page number.
"""

from __future__ import annotations

import difflib
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass

from .text import collapse, ends_sentence, in_capitals, starts_lowercase

# (1-based source line, the line as extracted)
SourceLine = tuple[int, str]

_EDGE = 3  # lines at the top and at the foot of a page that may be furniture
_MAX_FURNITURE = 90
_MAX_UNNUMBERED = 60
_ROMAN = re.compile(r"(?=[mdclxvi])m{0,3}(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})")
_BARE_NUMBER = re.compile(
    r"[\[(\-–—|\s]*(?:page\s+|p\.\s*)?(\d{1,5}|[mdclxvi]{1,7})(?:\s+of\s+\d{1,4})?[\])\-–—.|\s]*",
    re.IGNORECASE,
)
# The ASCII characters _BARE_NUMBER may open with (any other is ruled out at once).
_BARE_NUMBER_OPENING = frozenset("[(-| \t\n\r\f\v\x1c\x1d\x1e\x1f0123456789pPmdclxviMDCLXVI")
_TOKEN_NUMBER = re.compile(r"[\[(]?(\d{1,5}|[mdclxvi]{1,7})[\])]?\.?", re.IGNORECASE)

# The ASCII characters a _TOKEN_NUMBER is made of.
_TOKEN_NUMBER_CHARS = frozenset("[]().0123456789mdclxviMDCLXVI")
_BARE_DIVISION = re.compile(r"(part|chapter|book|letter)\s+\S+\.?", re.IGNORECASE)
# Lines set apart by blank runs that are a page's edge, not a page.
_EDGE_ALONE = 2
_LINE_NUMBER = re.compile(r"[A-Za-z]{0,2}(\d{1,2})[A-Za-z]{0,2}")
_MIN_LINE_NUMBERS = 8
_LEADING_NUMBER = re.compile(r"^(?P<token>\s*[A-Z]?(?P<n>\d{1,2})[A-Z]?)(?:\s{2,}|\s*$)")
_TRAILING_NUMBER = re.compile(r"(?P<token>(?:\s{2,}|^\s*)[A-Z]?(?P<n>\d{1,2})[A-Z]?)\s*$")


def _may_lead_number(raw: str) -> bool:
    """Could _LEADING_NUMBER match? Its number is the first or second character."""
    text = raw.lstrip()
    return text[:1].isdecimal() or text[1:2].isdecimal()


def _may_trail_number(raw: str) -> bool:
    """Could _TRAILING_NUMBER match? Its number is the last or last but one character."""
    text = raw.rstrip()
    return text[-1:].isdecimal() or text[-2:-1].isdecimal()


# Pages seen in blank runs: this many blank lines part two pages.
_PAGE_GAP = 3


@dataclass
class Page:
    number: int | None  # the printed number, when the reader knows it
    lines: list[SourceLine]


def roman_value(token: str) -> int | None:
    token = token.lower()
    if not token or not _ROMAN.fullmatch(token):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for index, ch in enumerate(token):
        value = values[ch]
        following = values[token[index + 1]] if index + 1 < len(token) else 0
        total += -value if value < following else value
    return total


def _number(token: str) -> int | None:
    match = _TOKEN_NUMBER.fullmatch(token)
    if not match:
        return None
    value = match.group(1)
    return int(value) if value.isdigit() else roman_value(value)


def _may_be_number(token: str) -> bool:
    """Could ``token`` be a numeral (_TOKEN_NUMBER)? An ASCII token must be short and made
    of its characters; any other is left to the pattern."""
    return not token.isascii() or len(token) <= 10 and _TOKEN_NUMBER_CHARS.issuperset(token)


def shape(text: str) -> tuple[str, int | None]:
    """A line's shape with a leading or trailing number made '#', and that number."""
    tokens = text.lower().split()
    if not tokens:
        return "", None
    number = None
    for position in (0, -1):
        value = _number(tokens[position])
        # A lone "i" or "I" opening a line is a word, not a numeral.
        if value is not None and not (position == 0 and tokens[0] == "i" and len(tokens) > 1):
            number = value
            tokens[position] = "#"
            break
    return " ".join(tokens), number


def bare_number(text: str) -> int | None:
    first = text[:1]
    if first.isascii() and first and first not in _BARE_NUMBER_OPENING:
        return None  # the pattern could not start there
    match = _BARE_NUMBER.fullmatch(text)
    if not match:
        return None
    value = match.group(1)
    return int(value) if value.isdigit() else roman_value(value)


def split_pages(source: str) -> list[Page]:
    """The source's lines in pages: at form feeds, else at steady runs of blank lines."""
    raw_lines = source.split("\n")
    if "\f" in source:
        pages = [Page(None, [])]
        for no, raw in enumerate(raw_lines, start=1):
            pieces = raw.split("\f")
            if pieces[0] or len(pieces) == 1:
                pages[-1].lines.append((no, pieces[0]))
            for piece in pieces[1:]:
                pages.append(Page(None, [(no, piece)] if piece else []))
        return [page for page in pages if page.lines]
    pages = _pages_at_blank_runs(raw_lines)
    return pages or [Page(None, list(enumerate(raw_lines, start=1)))]


def _pages_at_blank_runs(raw_lines: list[str]) -> list[Page]:
    """Pages parted by runs of blank lines, if they come at a page's steady interval."""
    pages: list[Page] = [Page(None, [])]
    blank = 0
    for no, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            blank += 1
        else:
            if blank >= _PAGE_GAP and any(text.strip() for _, text in pages[-1].lines):
                pages.append(Page(None, []))
            blank = 0
        pages[-1].lines.append((no, raw))
    pages = _merge_edges(pages)
    sizes = [sum(1 for _, text in page.lines if text.strip()) for page in pages]
    if len(pages) < 5:
        return []
    median = statistics.median(sizes)
    steady = sum(1 for size in sizes if abs(size - median) <= 0.25 * median)
    # A book's pages hold about the same number of lines; chapters parted by blank lines
    # (a Project Gutenberg text) do not.
    return pages if median >= 15 and steady >= 0.6 * len(pages) else []


def strip_margin_numbers(pages: list[Page]) -> list[tuple[int, str]]:
    """Take a proof's margin line numbers off the lines they sit beside (pdftotext
    -layout sets them at the line's start or end: '1   So I asked…', '… to   12').

    Rewrites the pages' lines in place; returns (source line, number) for each taken.
    """
    taken: list[tuple[int, str]] = []
    for page in pages:
        for side, end in (
            (_LEADING_NUMBER, _may_lead_number),
            (_TRAILING_NUMBER, _may_trail_number),
        ):
            hits = []
            for index, (_no, raw) in enumerate(page.lines):
                if not end(raw):
                    continue  # no digit where the number would stand
                match = side.search(raw)
                if match:
                    hits.append((index, match, int(match.group("n"))))
            run = _counting_run(hits)
            for index, match, _ in run:
                no, raw = page.lines[index]
                page.lines[index] = (no, raw[: match.start()] + raw[match.end() :])
                taken.append((no, match.group("token").strip()))
    return taken


def _counting_run(hits: list) -> list:
    """The longest run of hits whose numbers count up one by one, line after line (page
    numbers count up too, but a page apart), if long enough."""
    best: list = []
    current: list = []
    for hit in hits:
        if current and hit[2] == current[-1][2] + 1 and hit[0] - current[-1][0] <= 3:
            current.append(hit)
        else:
            current = [hit]
        if len(current) > len(best):
            best = list(current)
    return best if len(best) >= _MIN_LINE_NUMBERS else []


def _merge_edges(pages: list[Page]) -> list[Page]:
    """A page number or running head set apart by blank lines (an OCR text's way) is
    no page of its own: it goes with the page it heads."""
    merged: list[Page] = []
    pending: list[SourceLine] = []
    for page in pages:
        pending.extend(page.lines)
        if sum(1 for _, text in page.lines if text.strip()) > _EDGE_ALONE:
            merged.append(Page(None, pending))
            pending = []
    if pending:
        if merged:
            merged[-1].lines.extend(pending)
        else:
            merged.append(Page(None, pending))
    return merged


def find_furniture(
    pages: list[Page], skip: set[int], texts: list[str] | None = None
) -> dict[int, str]:
    """Furniture lines: source line number -> reason. Lines in ``skip`` are not looked at.

    ``texts``: the pages' lines collapsed, one after the other, if the caller has them.
    """
    numbered_lines = _line_numbers([line for page in pages for line in page.lines], skip)
    skip = skip | set(numbered_lines)
    if len(pages) >= 2:
        found = _furniture_on_pages(pages, skip)
    else:
        lines = pages[0].lines if pages else []
        if texts is None:
            texts = [collapse(raw) for _, raw in lines]
        found = _furniture_in_sequence(lines, texts, skip)
    return {**numbered_lines, **found}


def _line_numbers(lines: list[SourceLine], skip: set[int]) -> dict[int, str]:
    """A proof's margin line numbers, extracted as lines of their own: a run of lines
    counting 1, 2, 3… one after the other (a letter of the margin may stick to one: 'S32',
    'Co17'). Page numbers count up too, but with a page's text between them."""
    found: dict[int, str] = {}
    run: list[int] = []
    expected = None
    for no, raw in lines:
        text = raw.strip()
        if not text or no in skip:
            continue
        match = _LINE_NUMBER.fullmatch(text) if len(text) <= 6 else None
        number = int(match.group(1)) if match else None
        if number is not None and (number == expected or number == 1):
            if number == 1 and number != expected:
                _keep_run(run, found)
                run = []
            run.append(no)
            expected = number + 1
            continue
        _keep_run(run, found)
        run, expected = [], None
    _keep_run(run, found)
    return found


def _keep_run(run: list[int], found: dict[int, str]) -> None:
    if len(run) >= _MIN_LINE_NUMBERS:
        for no in run:
            found[no] = "line number"


@dataclass
class _Candidate:
    page: int  # index of the page
    no: int
    text: str
    shape: str
    number: int | None
    top: bool


def _edges(pages: list[Page], skip: set[int], *, with_long: bool = False) -> list[_Candidate]:
    """The lines at each page's top and foot (``with_long``: lines too long to be
    furniture too, for a running line run onto one)."""
    candidates = []
    for index, page in enumerate(pages):
        content = [(no, raw) for no, raw in page.lines if raw.strip() and no not in skip]
        edge = content[:_EDGE] + content[max(_EDGE, len(content) - _EDGE) :]
        for position, (no, raw) in enumerate(edge):
            text = collapse(raw)
            if len(text) > _MAX_FURNITURE and not with_long:
                continue
            line_shape, number = shape(text)
            candidates.append(
                _Candidate(index, no, text, line_shape, number, position < min(_EDGE, len(content)))
            )
    return candidates


def _furniture_on_pages(pages: list[Page], skip: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    candidates = _edges(pages, skip)
    by_shape: dict[str, list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_shape[candidate.shape].append(candidate)
    numbered = [c for c in candidates if c.number is not None]
    for candidate in candidates:
        known = pages[candidate.page].number
        bare = bare_number(candidate.text)
        if bare is not None and (bare == known or _moves_with_pages(candidate, numbered)):
            found[candidate.no] = "page number"
            continue
        same_shape = by_shape[candidate.shape]
        pages_with_shape = {c.page for c in same_shape}
        if candidate.number is not None and len(pages_with_shape) >= 2:
            others = [c for c in same_shape if c is not candidate]
            if candidate.number == known or _moves_with_pages(candidate, others):
                found[candidate.no] = "running header" if candidate.top else "running footer"
                continue
        # Unnumbered, a running head repeats word for word: a short line on many pages.
        letters = sum(ch.isalpha() for ch in candidate.text)
        short = len(candidate.text) <= _MAX_UNNUMBERED
        same_text = {c.page for c in same_shape if c.text.lower() == candidate.text.lower()}
        if (
            candidate.number is None
            and short
            and letters >= 4
            and len(same_text) >= max(3, len(pages) // 10)
        ):
            found[candidate.no] = "running header" if candidate.top else "running footer"
    _misread_heads(candidates, found)
    _masked_heads(candidates, found, len(pages))
    _heads_inside_sentences(pages, candidates, found, skip)
    return found


def _heads_inside_sentences(
    pages: list[Page], candidates: list[_Candidate], found: dict[int, str], skip: set[int]
) -> None:
    """A line in capitals at a page's edge, beside that page's number, standing between
    the two halves of a sentence the page break split ('…but in the' / 'TREATMENT OF
    IRRITATION.' / 'same night he awoke…'), is a running head, though printed on two
    pages only: no heading stands inside a sentence."""
    numbered = {(c.page, c.top) for c in candidates if found.get(c.no) == "page number"}
    if not numbered:
        return
    content = [
        (no, raw) for page in pages for no, raw in page.lines if raw.strip() and no not in skip
    ]
    position = {no: index for index, (no, _) in enumerate(content)}
    for candidate in candidates:
        if candidate.no in found or (candidate.page, candidate.top) not in numbered:
            continue
        if len(candidate.text) > _MAX_UNNUMBERED or not in_capitals(candidate.text):
            continue
        # The nearest text either side (walked to, not sliced: linear in the pages).
        index = position[candidate.no]
        before, after = index - 1, index + 1
        while before >= 0 and content[before][0] in found:
            before -= 1
        while after < len(content) and (
            content[after][0] in found or in_capitals(content[after][1])
        ):
            after += 1
        if (
            before >= 0
            and after < len(content)
            and not ends_sentence(collapse(content[before][1]))
            and starts_lowercase(collapse(content[after][1]))
        ):
            found[candidate.no] = "running header" if candidate.top else "running footer"


def split_glued_furniture(pages: list[Page], found: dict[int, str]) -> list[tuple[int, str, str]]:
    """Take off a running head or foot that the extractor ran onto a line of text at the
    page's edge ('…Steamboat Willie is a di22 FREE CULTURE'): a numbered running line found
    on other pages, with the number this page would carry, at the start or end of an edge
    line.

    Rewrites the pages' lines in place; returns (source line, the furniture taken, reason).
    """
    if len(pages) < 3:
        return []
    candidates = _edges(pages, set(), with_long=True)
    # shape -> {page index: number} of the running lines found, and where they stood
    running: dict[str, dict[int, int]] = defaultdict(dict)
    reasons: dict[str, str] = {}
    for candidate in candidates:
        reason = found.get(candidate.no, "")
        if reason.startswith("running") and candidate.number is not None:
            running[candidate.shape][candidate.page] = candidate.number
            reasons[candidate.shape] = reason
    offsets = {
        line_shape: {number - index for index, number in numbers.items()}
        for line_shape, numbers in running.items()
        if len(numbers) >= 2 and "#" in line_shape.split()
    }
    taken: list[tuple[int, str, str]] = []
    for candidate in candidates:
        if candidate.no in found or len(candidate.text) < 8:
            continue
        page = pages[candidate.page]
        for line_shape, moving in offsets.items():
            if candidate.page in running[line_shape]:
                continue  # the page has its running line already
            numbers = {candidate.page + offset for offset in moving}
            if page.number is not None:
                numbers.add(page.number)
            cut = _glued(candidate.text, line_shape, numbers)
            if cut is None:
                continue
            index, raw = next((i, r) for i, (no, r) in enumerate(page.lines) if no == candidate.no)
            kept, furniture = cut
            page.lines[index] = (candidate.no, raw[: len(raw) - len(raw.lstrip())] + kept)
            taken.append((candidate.no, furniture, reasons[line_shape]))
            break
    return taken


def _glued(text: str, line_shape: str, numbers: set[int]) -> tuple[str, str] | None:
    """(the text kept, the furniture) if ``text`` opens or closes with the running line."""
    lowered = text.lower()
    for number in numbers:
        head = line_shape.replace("#", str(number), 1)
        if line_shape.startswith("#") and lowered.endswith(head):
            start = len(text) - len(head)
            # '…a di22 FREE CULTURE', never '…in 1922 FREE CULTURE'
            if start > 0 and not text[start - 1].isdigit():
                return text[:start].rstrip(), text[start:]
        if line_shape.endswith("#") and lowered.startswith(head):
            end = len(head)
            if end < len(text) and not text[end].isdigit():
                return text[end:].lstrip(), text[:end]
    return None


_DIGITS = re.compile(r"\d+")


def _masked_heads(candidates: list[_Candidate], found: dict[int, str], pages: int) -> None:
    """A running line of reference numbers, standing anywhere in it ('Case: 21-50498
    Document: 005162 Page: 3 Date Filed: 03/16/2022', 'No. 21-50498'): the same line, its
    numbers aside, at the same edge of at least half the pages. A line of words with one
    number in it is left to the rules above: prose may repeat itself so."""
    if pages < 3:
        return
    by_mask: dict[tuple[str, bool], list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        text = candidate.text
        if candidate.no in found or not any(ch.isdigit() for ch in text):
            continue
        letters = sum(ch.isalpha() for ch in text)
        if letters < 2 or letters >= 4 and len(_DIGITS.findall(text)) < 2:
            continue
        by_mask[(_DIGITS.sub("#", text.lower()), candidate.top)].append(candidate)
    for (_mask, top), same in by_mask.items():
        if len({c.page for c in same}) >= max(3, pages / 2):
            for candidate in same:
                found[candidate.no] = "running header" if top else "running footer"


def _misread_heads(candidates: list[_Candidate], found: dict[int, str]) -> None:
    """An OCR text misreads a running head now and then ('CERTAIN SYMPTOMS OP'): an edge
    line all but the same as a running head found on other pages is one too."""
    heads = defaultdict(int)
    for candidate in candidates:
        if found.get(candidate.no, "").startswith("running"):
            heads[candidate.text.lower()] += 1
    steady = [text for text, count in heads.items() if count >= 3]
    for candidate in candidates:
        if candidate.no in found or candidate.number is not None:
            continue
        text = candidate.text.lower()
        for head in steady:
            if abs(len(head) - len(text)) <= 3 and _similar(head, text):
                found[candidate.no] = "running header" if candidate.top else "running footer"
                break


def _similar(a: str, b: str) -> bool:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85


def _moves_with_pages(candidate: _Candidate, others: list[_Candidate]) -> bool:
    """Does another line nearby carry a number that kept pace with the pages?

    A page number grows by one a page; a chapter number does not.
    """
    offset = candidate.number - candidate.page
    for other in others:
        if other.page == candidate.page or abs(other.page - candidate.page) > 8:
            continue
        if other.number - other.page == offset:
            return True
    return False


def _furniture_in_sequence(
    lines: list[SourceLine], texts: list[str], skip: set[int]
) -> dict[int, str]:
    """Pages unseen: furniture is a numbered line that recurs every page's worth of lines
    (``texts``: the lines collapsed)."""
    by_shape: dict[str, list[tuple[int, int, str, bool]]] = defaultdict(list)
    for (no, _), text in zip(lines, texts, strict=True):
        if not text or no in skip or len(text) > _MAX_FURNITURE:
            continue
        bare = bare_number(text)
        if bare is not None:
            by_shape["#"].append((no, bare, text, True))
            continue
        if (
            text.isascii()
            and text[0] not in _TOKEN_NUMBER_CHARS
            and text[-1] not in _TOKEN_NUMBER_CHARS
        ):
            continue  # an ASCII numeral is made of its characters: neither end is one
        if not (_may_be_number(text.split(None, 1)[0]) or _may_be_number(text.rsplit(None, 1)[-1])):
            continue  # neither end can be a number: shape() would find none
        line_shape, number = shape(text)
        if _BARE_DIVISION.fullmatch(text):
            continue  # "Chapter 3", "Letter 4": a heading, however close the next one is
        if number is not None and line_shape != "#" and sum(ch.isalpha() for ch in text) >= 4:
            by_shape[line_shape].append((no, number, text, False))
    found: dict[int, str] = {}
    for occurrences in by_shape.values():
        for index, (no, number, _text, bare) in enumerate(occurrences):
            neighbours = occurrences[max(0, index - 2) : index] + occurrences[index + 1 : index + 3]
            if any(_a_page_apart(no, number, other[0], other[1]) for other in neighbours):
                found[no] = "page number" if bare else "running header"
    _misread_numbers(by_shape["#"], found)
    _heads_beside_numbers(lines, found, skip)
    return found


def _misread_numbers(bare: list[tuple[int, int, str, bool]], found: dict[int, str]) -> None:
    """A bare number between two page numbers one page apart each way is the page's own
    number, though the OCR misread it ('8' for '3' between '2' and '4')."""
    for index in range(1, len(bare) - 1):
        no = bare[index][0]
        before, after = bare[index - 1], bare[index + 1]
        if no in found or before[0] not in found or after[0] not in found:
            continue
        if after[1] - before[1] == 2 and _a_page_apart(before[0], before[1], after[0], after[1]):
            found[no] = "page number"


def _heads_beside_numbers(lines: list[SourceLine], found: dict[int, str], skip: set[int]) -> None:
    """A line in capitals beside a page number, where most page numbers have one, is the
    page's running head, though it names a new topic on every page (an old pamphlet's
    way). A chapter's title beside a page number now and then stays text."""
    numbers = [no for no, reason in found.items() if reason == "page number"]
    if len(numbers) < 5:
        return
    content = [(no, raw) for no, raw in lines if raw.strip() and no not in skip]
    position = {no: index for index, (no, _) in enumerate(content)}
    beside = []
    for no in numbers:
        index = position[no]
        for other in (index - 1, index + 1):
            if 0 <= other < len(content) and content[other][0] not in found:
                text = collapse(content[other][1])
                if len(text) <= _MAX_UNNUMBERED and in_capitals(text):
                    beside.append(content[other][0])
                    break
    if len(beside) * 2 >= len(numbers):
        for no in beside:
            found[no] = "running header"
        return
    _repeated_heads(content, position, beside, found)


def _repeated_heads(
    content: list[SourceLine], position: dict[int, int], beside: list[int], found: dict[int, str]
) -> None:
    """A line beside three page numbers, word for word ('PREFACE.'), is a running head
    wherever it stands beside a short token (a page number the OCR misread: 'VU'); its
    first appearance is the heading it repeats."""
    texts: dict[str, int] = defaultdict(int)
    for no in beside:
        texts[collapse(content[position[no]][1]).lower()] += 1
    heads = {text for text, count in texts.items() if count >= 3}
    if not heads:
        return
    seen: set[str] = set()
    for index, (no, raw) in enumerate(content):
        text = collapse(raw).lower()
        if text not in heads:
            continue
        if text not in seen:
            seen.add(text)
            continue
        near = content[max(0, index - 1) : index + 2]
        if no in beside or any(len(other.strip()) <= 5 for _, other in near if _ != no):
            found[no] = "running header"


def _a_page_apart(no: int, number: int, other_no: int, other: int) -> bool:
    """Two numbered lines whose numbers differ by the pages the lines between would fill."""
    step = other - number
    lines_between = other_no - no
    if step == 0 or (step > 0) != (lines_between > 0):
        return False
    per_page = lines_between / step
    return 15 <= per_page <= 90 and abs(step) <= 4

"""Real plain texts (tests/texts/plain/) against their hand-made ground truth.

Each text has a ``NAME.truth.json``: its headings in order, furniture lines seen on its
pages, page-break joins (end of one page's text, start of the next), paragraph breaks
that fall at a page break and must stay (``breaks``, where a text has them) and footnotes. The
measures are summed per kind of text (Project Gutenberg, OCR, pdftotext) and asserted
against issue 12's thresholds.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pytest

from corpus.ingest import decode_bytes, parse_text
from tests.conftest import REPO

PLAIN = REPO / "tests" / "texts" / "plain"
NAMES = sorted(path.name.removesuffix(".truth.json") for path in PLAIN.glob("*.truth.json"))
KINDS = ("gutenberg", "ocr", "pdftotext")
# Dropped lines whose words are not counted as lost: furniture and boilerplate.
_NOT_TEXT = re.compile(
    r"page number|running header|running footer|line number|project gutenberg|table of contents|"
    r"figure marker|separator",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _letters(text: str) -> int:
    return sum(len(word) for word in _WORD.findall(text))


def _norm(text: str) -> str:
    return " ".join(_words(text))


@dataclass
class Score:
    found: int = 0
    expected: int = 0
    false: int = 0
    reported: int = 0

    def share(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    def false_share(self) -> float:
        return self.false / self.reported if self.reported else 0.0


@dataclass
class Measures:
    furniture: Score = field(default_factory=Score)
    joins: Score = field(default_factory=Score)
    breaks: Score = field(default_factory=Score)
    headings: Score = field(default_factory=Score)
    notes: Score = field(default_factory=Score)
    words: Score = field(default_factory=Score)


@functools.cache
def measure(name: str) -> Measures:
    truth = json.loads((PLAIN / f"{name}.truth.json").read_text(encoding="utf-8"))
    text, _ = decode_bytes((PLAIN / f"{name}.txt").read_bytes(), name)
    doc = parse_text(text)
    m = Measures()

    dropped = defaultdict(int)
    for line in doc.dropped:
        if _NOT_TEXT.search(line.reason):
            dropped[_norm(line.text)] += 1
    seen = defaultdict(int)
    for line in truth["furniture"]:
        key = _norm(line)
        seen[key] += 1
        m.furniture.expected += 1
        m.furniture.found += seen[key] <= dropped[key]

    joined = [_norm(b.text).replace(" ", "") for b in doc.blocks]
    for end, start in truth["joins"]:
        m.joins.expected += 1
        needle = (_norm(end) + _norm(start)).replace(" ", "")
        m.joins.found += any(needle in block for block in joined)
    for end, start in truth.get("breaks", []):
        m.breaks.expected += 1
        needle = (_norm(end) + _norm(start)).replace(" ", "")
        m.breaks.found += not any(needle in block for block in joined)

    expected = [_norm(h) for h in truth["headings"]]
    found = [_norm(b.text) for b in doc.blocks if b.kind == "heading"]
    m.headings.expected = len(expected)
    m.headings.found = sum(1 for h in expected if h in found)
    m.headings.reported = len(found)
    m.headings.false = sum(1 for h in found if h not in expected)

    notes = {b.number: b for b in doc.blocks if b.kind == "note"}
    linked = {ref.number for b in doc.blocks for ref in b.refs}
    for note in truth["notes"]:
        m.notes.expected += 1
        block = notes.get(int(note["number"]))
        m.notes.found += bool(
            block and _norm(block.text).startswith(_norm(note["text"])) and block.number in linked
        )

    # Counted in word characters, so that a word rejoined over a line-end hyphen counts whole.
    not_text = sum(_letters(line.text) for line in doc.dropped if _NOT_TEXT.search(line.reason))
    source = _letters(text) - not_text
    kept = sum(_letters(b.text) for b in doc.blocks)
    m.words.expected, m.words.found = source, min(kept, source)
    return m


def by_kind(kind: str) -> Measures:
    total = Measures()
    for name in NAMES:
        if not name.startswith(kind):
            continue
        m = measure(name)
        for part in ("furniture", "joins", "breaks", "headings", "notes", "words"):
            score, add = getattr(total, part), getattr(m, part)
            score.found += add.found
            score.expected += add.expected
            score.false += add.false
            score.reported += add.reported
    return total


def test_it_has_three_texts_of_each_kind():
    for kind in KINDS:
        assert sum(name.startswith(kind) for name in NAMES) >= 3, kind


def test_it_drops_lines_only_as_furniture_that_look_like_it():
    for name in NAMES:
        text, _ = decode_bytes((PLAIN / f"{name}.txt").read_bytes(), name)
        for line in parse_text(text).dropped:
            if line.reason == "page number":
                assert len(line.text) <= 12, (name, line)
            elif line.reason == "line number":
                assert len(line.text) <= 4 and any(ch.isdigit() for ch in line.text), (name, line)
            elif line.reason in ("running header", "running footer"):
                assert len(line.text) <= 90, (name, line)


# Where a kind still falls short, the xfail says by how much (see the commit message).
_SHORT: set[tuple[str, str]] = set()
_THRESHOLDS = {
    "furniture": 0.95,
    "joins": 0.95,
    "breaks": 0.95,
    "headings": 0.90,
    "notes": 0.90,
    "words": 0.995,
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("part", list(_THRESHOLDS))
def test_it_reads_real_texts_as_printed(request, kind, part):
    if (kind, part) in _SHORT:
        request.applymarker(pytest.mark.xfail(strict=True, reason="parser not yet there"))
    score = getattr(by_kind(kind), part)
    assert score.share() >= _THRESHOLDS[part], (kind, part, score)
    if part == "headings":
        assert score.false_share() <= 0.10, (kind, part, score)

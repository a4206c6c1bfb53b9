"""Two versions of a document side by side: which paragraph became which, and which words
changed inside them. Pure: paragraph texts in, rows out, no Django.

1. Paragraphs kept verbatim and in order are found by difflib on whole paragraphs.
2. Between them, each stretch of changed paragraphs is aligned by a small dynamic
   programme that pairs an old paragraph with the one it became (edited), or with two
   or three it was split into, or pairs two or three old ones with the one they were
   merged into; what it leaves is deleted or inserted.
3. A deleted paragraph whose text reappears among the inserted ones, identical or
   nearly, is a move: marked on both sides, each pointing at the other.
4. Inside every pair (edited, merged, split or moved), the changed words: difflib over
   word tokens.

``annotations/alignment.py`` (the re-anchoring diff) is not used: corpus may not import
annotations, and it answers a different question (where each character went, not
which paragraph became which, nor moves).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

UNCHANGED, EDITED, DELETED, INSERTED, MOVED = (
    "unchanged",
    "edited",
    "deleted",
    "inserted",
    "moved",
)

# A word or one other character, not whitespace: what both diffs compare.
_TOKEN = re.compile(r"\w+|[^\w\s]")
# Old and new paragraph groups that may be paired: (old count, new count).
_GROUPS = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1))
# A pair scores its shared tokens less EDIT_COST per token changed: worth pairing only when
# about 45% of its tokens are kept, and a merge or split only when it keeps more.
EDIT_COST = 0.4
# Runs of fewer kept words than this, between two changes, are chance matches (as in
# annotations/alignment.py).
MIN_KEPT_WORDS = 3
# Tokens are encoded as characters from here on (past the surrogates).
_FIRST_CODE = 0x10000
# A stretch of changed paragraphs larger than this (old × new) is left unpaired: its
# paragraphs are deleted and inserted, moves still found.
MAX_PAIRING_CELLS = 40_000
# A move: a deleted and an inserted paragraph this similar (rapidfuzz ratio, 0..100).
MIN_MOVE_SIMILARITY = 85
# Beyond this many (deleted × inserted) candidates, only verbatim moves are looked for.
MAX_MOVE_CELLS = 250_000

Spans = tuple[tuple[int, int], ...]  # [start, end) offsets in one paragraph's text


@dataclass(frozen=True)
class Row:
    """One line of the comparison: old paragraphs beside the new ones they became.

    ``old`` and ``new`` are indices into the two lists given to ``diff_paragraphs``; a
    deleted row has no ``new``, an inserted one no ``old``. A move is two rows, one at
    each place: the old paragraph where it was (``partner``: its new index), and the new
    one where it went (``partner``: its old index). ``old_changes[k]`` are the changed
    words of ``old[k]`` (likewise for new), empty for unchanged text.
    """

    kind: str
    old: tuple[int, ...] = ()
    new: tuple[int, ...] = ()
    old_changes: tuple[Spans, ...] = ()
    new_changes: tuple[Spans, ...] = ()
    partner: int | None = None


@dataclass
class Block:
    """Consecutive rows shown together: ``collapsed`` for a run of unchanged ones."""

    rows: list[Row] = field(default_factory=list)
    collapsed: bool = False


def diff_paragraphs(old: Sequence[str], new: Sequence[str]) -> list[Row]:
    """The rows that turn the ``old`` paragraphs into the ``new`` ones, in reading order."""
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            rows += [Row(UNCHANGED, (a0 + k,), (b0 + k,)) for k in range(a1 - a0)]
        else:
            rows += _pair_stretch(old, new, range(a0, a1), range(b0, b1))
    return _find_moves(old, new, rows)


def counts(rows: Sequence[Row]) -> dict[str, int]:
    """How many rows of each kind; a move counts once."""
    found = dict.fromkeys((UNCHANGED, EDITED, DELETED, INSERTED, MOVED), 0)
    for row in rows:
        if row.kind != MOVED or row.old:
            found[row.kind] += 1
    return found


def collapse(
    rows: Sequence[Row], *, keep: Callable[[Row], bool] = lambda row: False, min_run: int = 2
) -> list[Block]:
    """The rows in blocks: each run of at least ``min_run`` unchanged rows (but those
    ``keep`` says to show, e.g. headings) in a collapsed block of its own."""
    blocks: list[Block] = []
    run: list[Row] = []

    def flush_run() -> None:
        if len(run) >= min_run:
            blocks.append(Block(list(run), collapsed=True))
        else:
            for row in run:
                _append_shown(blocks, row)
        run.clear()

    for row in rows:
        if row.kind == UNCHANGED and not keep(row):
            run.append(row)
            continue
        flush_run()
        _append_shown(blocks, row)
    flush_run()
    return blocks


def _append_shown(blocks: list[Block], row: Row) -> None:
    if not blocks or blocks[-1].collapsed:
        blocks.append(Block())
    blocks[-1].rows.append(row)


def word_changes(old: Sequence[str], new: Sequence[str]) -> tuple[list[Spans], list[Spans]]:
    """The changed words of paragraphs ``old`` (one or more) against ``new``: for each
    paragraph, its changed spans. Fewer than MIN_KEPT_WORDS words kept between two
    changes are part of the change, so a rewritten sentence reads as one change, not as
    new words around a chance "for" or "the"."""
    old_tokens = _tokens(old)
    new_tokens = _tokens(new)
    matcher = difflib.SequenceMatcher(
        None, [t[0] for t in old_tokens], [t[0] for t in new_tokens], autojunk=False
    )
    old_changed = [False] * len(old_tokens)
    new_changed = [False] * len(new_tokens)
    opcodes = matcher.get_opcodes()
    for index, (tag, a0, a1, b0, b1) in enumerate(opcodes):
        if tag == "equal":
            between = 0 < index < len(opcodes) - 1
            words = sum(1 for token in old_tokens[a0:a1] if _is_word(token[0]))
            if not between or words >= MIN_KEPT_WORDS:
                continue
        for position in range(a0, a1):
            old_changed[position] = True
        for position in range(b0, b1):
            new_changed[position] = True
    return _spans(old, old_tokens, old_changed), _spans(new, new_tokens, new_changed)


# A token: its text, its paragraph (an index), its start there.
_Token = tuple[str, int, int]


def _tokens(paragraphs: Sequence[str]) -> list[_Token]:
    """The paragraphs' words and other characters (not whitespace), one run: a merge's
    words match across the old paragraphs' boundary."""
    tokens: list[_Token] = []
    for index, text in enumerate(paragraphs):
        tokens += [(found[0], index, found.start()) for found in _TOKEN.finditer(text)]
    return tokens


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"


def _spans(paragraphs: Sequence[str], tokens: list[_Token], changed: list[bool]) -> list[Spans]:
    spans: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
    for (token, owner, start), is_changed in zip(tokens, changed, strict=True):
        if not is_changed:
            continue
        found = spans[owner]
        end = start + len(token)
        # Changes separated only by whitespace are one.
        if found and not paragraphs[owner][found[-1][1] : start].strip():
            found[-1] = (found[-1][0], end)
        else:
            found.append((start, end))
    return [tuple(found) for found in spans]


def _pair_stretch(
    old: Sequence[str], new: Sequence[str], old_range: range, new_range: range
) -> list[Row]:
    """Rows for a stretch of changed paragraphs: the pairing that keeps the most text."""
    n, m = len(old_range), len(new_range)
    if not n or not m or n * m > MAX_PAIRING_CELLS:
        return [Row(DELETED, (i,)) for i in old_range] + [
            Row(INSERTED, (), (j,)) for j in new_range
        ]
    codes: dict[str, str] = {}
    old_groups = _groups([_encode(old[i], codes) for i in old_range])
    new_groups = _groups([_encode(new[j], codes) for j in new_range])
    # best[i][j]: the best score for the old paragraphs from i and the new from j.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    choice: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            # Ties go to pairs, then deletions, then insertions: the order of the list.
            options: list[tuple[float, tuple[int, int]]] = []
            for p, q in _GROUPS:
                if i + p <= n and j + q <= m:
                    score = _pair_score(old_groups[p][i], new_groups[q][j])
                    if score > 0:
                        options.append((score + best[i + p][j + q], (p, q)))
            if i < n:
                options.append((best[i + 1][j], (1, 0)))
            if j < m:
                options.append((best[i][j + 1], (0, 1)))
            score, step = max(options, key=lambda option: option[0])
            best[i][j], choice[i][j] = score, step
    rows: list[Row] = []
    i = j = 0
    while i < n or j < m:
        p, q = choice[i][j]
        olds = tuple(old_range[i : i + p])
        news = tuple(new_range[j : j + q])
        if p and q:
            old_spans, new_spans = word_changes([old[k] for k in olds], [new[k] for k in news])
            rows.append(Row(EDITED, olds, news, tuple(old_spans), tuple(new_spans)))
        elif p:
            rows.append(Row(DELETED, olds))
        else:
            rows.append(Row(INSERTED, (), news))
        i, j = i + p, j + q
    return rows


def _encode(text: str, codes: dict[str, str]) -> str:
    """The paragraph's tokens, one character each (rapidfuzz is fastest on strings)."""
    return "".join(
        codes.setdefault(token, chr(_FIRST_CODE + len(codes))) for token in _TOKEN.findall(text)
    )


def _groups(encoded: list[str]) -> dict[int, list[str]]:
    """size -> the encoded tokens of each run of that many paragraphs, by its first."""
    sizes = {size for group in _GROUPS for size in group}
    return {size: ["".join(encoded[k : k + size]) for k in range(len(encoded))] for size in sizes}


def _pair_score(a: str, b: str) -> float:
    """Tokens kept, less EDIT_COST per token changed: above zero when worth pairing."""
    total = len(a) + len(b)
    # Above zero means (total - distance) / 2 > EDIT_COST * distance.
    limit = math.ceil(total / (1 + 2 * EDIT_COST)) - 1
    if not a or not b or abs(len(a) - len(b)) > limit:
        return 0.0
    distance = Indel.distance(a, b, score_cutoff=limit)
    if distance > limit:
        return 0.0
    return (total - distance) / 2 - EDIT_COST * distance


def _find_moves(old: Sequence[str], new: Sequence[str], rows: list[Row]) -> list[Row]:
    """Deleted and inserted paragraphs with the same text (or nearly): moves, both rows."""
    deleted = [row.old[0] for row in rows if row.kind == DELETED]
    inserted = [row.new[0] for row in rows if row.kind == INSERTED]
    if not deleted or not inserted:
        return rows
    moves: dict[int, int] = {}  # old index -> new index
    free = {}
    for j in inserted:
        free.setdefault(_text_key(new[j]), []).append(j)
    for i in deleted:
        same = free.get(_text_key(old[i]))
        if same and old[i].strip():
            moves[i] = same.pop(0)
    taken = set(moves.values())
    left = [i for i in deleted if i not in moves and old[i].strip()]
    right = [j for j in inserted if j not in taken and new[j].strip()]
    if left and right and len(left) * len(right) <= MAX_MOVE_CELLS:
        candidates = []
        for i in left:
            for j in right:
                score = fuzz.ratio(old[i], new[j], score_cutoff=MIN_MOVE_SIMILARITY)
                if score:
                    candidates.append((-score, i, j))
        for _, i, j in sorted(candidates):
            if i not in moves and j not in taken:
                moves[i] = j
                taken.add(j)
    if not moves:
        return rows
    moved_from = {j: i for i, j in moves.items()}
    result = []
    for row in rows:
        if row.kind == DELETED and row.old[0] in moves:
            i = row.old[0]
            spans, _ = word_changes([old[i]], [new[moves[i]]])
            result.append(Row(MOVED, row.old, (), tuple(spans), (), partner=moves[i]))
        elif row.kind == INSERTED and row.new[0] in moved_from:
            j = row.new[0]
            _, spans = word_changes([old[moved_from[j]]], [new[j]])
            result.append(Row(MOVED, (), row.new, (), tuple(spans), partner=moved_from[j]))
        else:
            result.append(row)
    return result


def _text_key(text: str) -> str:
    """What two paragraphs must share to be one moved verbatim: the text, whitespace aside."""
    return " ".join(text.split())

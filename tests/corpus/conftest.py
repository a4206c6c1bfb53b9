from types import SimpleNamespace

import pytest

from corpus.ingest.blocks import Block, DroppedLine, NoteRef, ParsedDocument


def body(text: str, refs: tuple[NoteRef, ...] = ()) -> Block:
    return Block(kind="body", text=text, refs=refs)


def heading(text: str, level: int = 1) -> Block:
    return Block(kind="heading", text=text, level=level)


def note(number: int, text: str) -> Block:
    return Block(kind="note", text=text, number=number)


def ref_to(text: str, marker: str, number: int) -> NoteRef:
    """A NoteRef for the first occurrence of ``marker`` in ``text``."""
    start = text.index(marker)
    return NoteRef(start=start, end=start + len(marker), number=number)


@pytest.fixture
def build():
    """Builders for hand-made parser output: build.body("..."), build.parsed([...]), ..."""
    return SimpleNamespace(
        body=body,
        heading=heading,
        note=note,
        ref_to=ref_to,
        block=Block,
        dropped=DroppedLine,
        parsed=ParsedDocument,
    )

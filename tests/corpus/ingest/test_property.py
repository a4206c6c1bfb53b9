"""Rule 9: any hard-wrapped text with mid-paragraph page breaks parses back to its paragraphs."""

from __future__ import annotations

import string
import textwrap
from itertools import pairwise

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from corpus.ingest import parse_text

HYPHENATED_WORDS = (
    "socio-economic",
    "post-revolutionary",
    "self-management",
    "co-operation",
    "day-to-day",
    "eco-socialists",
    "large-scale",
)

GLUED_FORMS = frozenset(
    "".join(parts[i:j])
    for parts in (word.split("-") for word in HYPHENATED_WORDS)
    for i in range(len(parts))
    for j in range(i + 2, len(parts) + 1)
)

plain_words = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=10)
words = st.one_of(*[plain_words] * 7, st.sampled_from(HYPHENATED_WORDS))


@st.composite
def sentences(draw) -> str:
    chosen = draw(st.lists(words, min_size=3, max_size=14))
    assume(not GLUED_FORMS.intersection(chosen))
    first = chosen[0]
    return " ".join([first[0].upper() + first[1:], *chosen[1:]]) + "."


paragraphs = st.lists(sentences(), min_size=1, max_size=5).map(" ".join)

running_titles = (
    st.lists(
        st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=12), min_size=1, max_size=4
    )
    .map(" ".join)
    .filter(lambda title: len(title.replace(" ", "")) >= 6)
)


@st.composite
def paginated_documents(draw) -> tuple[str, list[str], list[str]]:
    """A hard-wrapped text, its paragraphs, and the running headers put into it."""
    originals = draw(st.lists(paragraphs, min_size=1, max_size=8))
    width = draw(st.integers(min_value=50, max_value=100))
    text_lines = [
        line
        for paragraph in originals
        for line in textwrap.wrap(paragraph, width=width, break_long_words=False)
    ]
    assume(all(before != after for before, after in pairwise(originals)))
    assume(all(before != after for before, after in pairwise(text_lines)))
    lines: list[str] = []
    headers: list[str] = []
    for number, paragraph in enumerate(originals):
        if number:
            lines.append("")
        wrapped = textwrap.wrap(paragraph, width=width, break_long_words=False)
        indent = ""
        for position, line in enumerate(wrapped):
            lines.append(indent + line)
            indent = ""
            if position == len(wrapped) - 1 or not draw(st.booleans()):
                continue
            if draw(st.booleans()):
                header = f"{draw(st.integers(min_value=1, max_value=999))} {draw(running_titles)}"
                headers.append(header)
                lines.extend(["", header, "", "", ""])
            else:
                lines.extend(["", "", ""])
            if draw(st.booleans()):
                indent = " "
    return "\n".join(lines) + "\n", originals, headers


@settings(max_examples=200, deadline=None)
@given(paginated_documents())
def test_it_restores_the_paragraphs_of_a_paginated_hard_wrapped_text(document):
    text, originals, headers = document
    doc = parse_text(text)
    assert [block.text for block in doc.blocks] == originals
    assert [block.kind for block in doc.blocks] == ["body"] * len(originals)
    dropped_headers = [d.text.strip() for d in doc.dropped if "running header" in d.reason]
    assert sorted(dropped_headers) == sorted(headers)

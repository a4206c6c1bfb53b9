"""Shared fixtures for the parser's golden tests on the seed texts in corpus/seeds/."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import pytest

from tests.conftest import REPO

if TYPE_CHECKING:
    from corpus.ingest.blocks import ParsedDocument

SEEDS_DIR = REPO / "corpus" / "seeds"

SEED_NAMES = (
    "socialism-and-the-soviet-union-2020",
    "socialism-and-the-soviet-union-2021",
    "what-happened-in-the-soviet-union",
    "soviet-socialism-a-history",
    "russia-and-socialism",
)


@functools.cache
def read_seed(name: str) -> str:
    return (SEEDS_DIR / f"{name}.txt").read_text(encoding="utf-8")


@functools.cache
def parse_seed(name: str) -> ParsedDocument:
    from corpus.ingest import parse_text

    return parse_text(read_seed(name))


class ParsedSeeds(Mapping):
    """Seed name -> ParsedDocument; each seed is parsed on first access, once per session.

    Lazy so that a parser failure on one seed does not error the tests of the others.
    """

    def __getitem__(self, name: str) -> ParsedDocument:
        if name not in SEED_NAMES:
            raise KeyError(name)
        return parse_seed(name)

    def __iter__(self) -> Iterator[str]:
        return iter(SEED_NAMES)

    def __len__(self) -> int:
        return len(SEED_NAMES)


@pytest.fixture(scope="session")
def parsed() -> Mapping[str, ParsedDocument]:
    return ParsedSeeds()


@pytest.fixture(scope="session")
def seed_bytes() -> Mapping[str, bytes]:
    return {name: (SEEDS_DIR / f"{name}.txt").read_bytes() for name in SEED_NAMES}


@pytest.fixture(params=SEED_NAMES)
def seed_name(request: pytest.FixtureRequest) -> str:
    return request.param

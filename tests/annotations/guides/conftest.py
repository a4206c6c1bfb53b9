"""The annotations package's document and circle (alice owns, dave moderates, bob belongs).

The API clients (anonymous, client_as) come from tests/conftest.py."""

from tests.annotations.conftest import (  # noqa: F401
    circle,
    document,
    highlight,
    ingest_document,
    moderator,
    span,
    text,
)

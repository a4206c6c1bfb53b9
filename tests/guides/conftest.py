"""The annotations package's document and circle (alice owns, dave moderates, bob belongs)."""

from tests.annotations.conftest import (  # noqa: F401
    anonymous,
    circle,
    client_as,
    document,
    highlight,
    ingest_document,
    moderator,
    span,
    text,
)

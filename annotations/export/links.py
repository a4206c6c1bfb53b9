"""The absolute addresses an export points at, from one base URL."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Links:
    base_url: str = DEFAULT_BASE_URL

    def __post_init__(self):
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))

    def document(self, slug: str) -> str:
        """The reader's document page: the source every selector is on."""
        return f"{self.base_url}/read/{slug}/"

    def paragraph(self, slug: str, ordinal: int | None) -> str:
        if ordinal is None:
            return self.document(slug)
        return f"{self.base_url}/read/{slug}/p/{ordinal}/"

    def annotation(self, pk: int) -> str:
        """The annotation's stable IRI: its API address."""
        return f"{self.base_url}/api/annotations/{pk}/"

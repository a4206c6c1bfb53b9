"""The absolute addresses an export points at, from one base URL.

Paths come from the URL configuration (``reverse``), each resolved once into a
template: an export of 100,000 annotations asks for 200,000 addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
# Stand-ins for the arguments of the templates: nothing in a route looks like them.
_SLUG, _NUMBER = "slug-4f1b9c2e", 918273645


@cache
def _template(name: str, *args) -> str:
    path = reverse(name, args=args)
    return path.replace(_SLUG, "{slug}").replace(str(_NUMBER), "{number}")


@dataclass(frozen=True)
class Links:
    base_url: str = DEFAULT_BASE_URL

    def __post_init__(self):
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))

    def document(self, slug: str) -> str:
        """The reader's document page: the source every selector is on."""
        return self.base_url + _template("reader:document", _SLUG).format(slug=slug)

    def paragraph(self, slug: str, ordinal: int | None) -> str:
        if ordinal is None:
            return self.document(slug)
        path = _template("reader:paragraph", _SLUG, _NUMBER)
        return self.base_url + path.format(slug=slug, number=ordinal)

    def annotation(self, pk: int) -> str:
        """The annotation's stable IRI: its API address."""
        return self.base_url + _template("api:annotation-detail", _NUMBER).format(number=pk)

    def reply(self, pk: int) -> str:
        """A reply's stable IRI: its API address."""
        return self.base_url + _template("api:reply-detail", _NUMBER).format(number=pk)

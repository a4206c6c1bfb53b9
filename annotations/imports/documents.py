"""Which documents an import may write to, and finding one by the title a file gives.

Only those the reader may see (``annotations.queries``: the public library and their
circles'); one they may not see is answered as if it did not exist.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.http import Http404

from annotations import queries
from corpus.models import Document

_NOT_WORD = re.compile(r"[\W_]+")


def documents_visible_to(user) -> QuerySet[Document]:
    """The documents ``user`` may read (with a current version)."""
    return queries.documents_visible_to(user).filter(current_version__isnull=False)


def get_document_for_user(user, slug: str) -> Document | None:
    """The document, or None when there is none ``user`` may see."""
    try:
        return queries.get_document_for_user(user, slug)
    except Http404:
        return None


def title_key(title: str) -> str:
    """A title without case, punctuation or extra spaces: "The NEP: a History" -> "the nep a
    history"."""
    return " ".join(_NOT_WORD.sub(" ", title.casefold()).split())


class TitleMatcher:
    """The reader's documents by title, read in one query. A book matches a document whose
    title, or whose title before its subtitle (":"), is the same words; a title two
    documents share matches neither."""

    def __init__(self, user) -> None:
        self._by_key: dict[str, list[Document]] = {}
        self.documents = list(
            documents_visible_to(user).only("slug", "title", "current_version_id")
        )
        for document in self.documents:
            keys = {title_key(document.title), title_key(document.title.split(":")[0])}
            for key in keys - {""}:
                self._by_key.setdefault(key, []).append(document)

    def find(self, title: str) -> Document | None:
        """The one document ``title`` names; a web page's title may end in its site's name
        ("Russia and socialism | Socialist Worker")."""
        for key in (title_key(title), title_key(title.split(" | ")[0])):
            candidates = self._by_key.get(key, [])
            if candidates:
                return candidates[0] if len(candidates) == 1 else None
        return None

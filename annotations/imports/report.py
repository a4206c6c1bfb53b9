"""What every import shares: its limits, the error for a file that cannot be read at all,
the report of what became of each item, and what makes a second import create nothing.

An item is "already imported" when the reader already has a highlight of the same
passage (the same offsets in the document's current version; for JSON-LD also one
imported from the same ``id``): importing a file twice, or a file that repeats a
highlight, creates it once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotations.models import Annotation

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ANNOTATIONS = 100_000

CREATED = "created"
ALREADY_IMPORTED = "already imported"


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (too big, not the format, the wrong shape),
    with the request field it concerns."""

    def __init__(self, message: str, field: str = "file"):
        super().__init__(message)
        self.field = field


def too_big_message() -> str:
    return f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; split it."


def check_size(data: bytes | str) -> None:
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(too_big_message())


@dataclass
class ImportResult:
    index: int  # the item's position in the file, from 0
    status: str
    source_id: str | None = None  # its id in the file
    annotation: int | None = None  # the created annotation's id (a reply's: its annotation's)
    reply: int | None = None  # the created reply's id
    message: str = ""
    quote: str = ""  # what the file quotes (highlight imports)
    document: str = ""  # the slug of the document it went to
    book: str = ""  # the title the file gives

    def as_json(self) -> dict:
        answer: dict[str, Any] = {"index": self.index, "status": self.status}
        optional = {
            "source_id": self.source_id,
            "annotation": self.annotation,
            "reply": self.reply,
            "message": self.message,
            "quote": self.quote,
            "document": self.document,
            "book": self.book,
        }
        answer.update({key: value for key, value in optional.items() if value})
        return answer


@dataclass
class ImportReport:
    statuses: tuple[str, ...]  # every status this kind of import reports, in order
    results: list[ImportResult] = field(default_factory=list)
    noun: str = "annotations"
    extra: dict[str, Any] = field(default_factory=dict)  # what one kind of import adds

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def created(self) -> int:
        return sum(
            1 for result in self.results if result.annotation and result.status != ALREADY_IMPORTED
        )

    def as_json(self) -> dict:
        return {
            "total": len(self.results),
            **{key(status): self.count(status) for status in self.statuses},
            **self.extra,
            "results": [result.as_json() for result in self.results],
        }

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(status)} {status}" for status in self.statuses)
        return f"{len(self.results)} {self.noun}: {counts}."


def key(status: str) -> str:
    """A status as a JSON key: "already imported" -> "already_imported"."""
    return status.replace(" ", "_")


class ExistingHighlights:
    """The passages ``user`` has already highlighted in the current versions of some
    documents, read in one query and kept up to date as an import creates more."""

    def __init__(self, user, documents: Iterable) -> None:
        versions = {document.current_version_id for document in documents}
        found = Annotation.objects.filter(author=user.pk, version_id__in=versions).values_list(
            "version_id", "start", "end", "pk"
        )
        self._spans = {(version, start, end): pk for version, start, end, pk in found}

    def find(self, document, start: int, end: int) -> int | None:
        """The id of the reader's highlight of exactly ``[start, end)``, if any."""
        return self._spans.get((document.current_version_id, start, end))

    def add(self, annotation: Annotation) -> None:
        self._spans[(annotation.version_id, annotation.start, annotation.end)] = annotation.pk

"""Import this project's W3C JSON-LD: re-create each annotation as the reader's own,
private, anchored in the document's current text by its selectors.

Each annotation is anchored where its TextPositionSelector says if the text there
still equals its quote, else at the occurrence of the quote nearest to it, else it
is reported as not anchored. Those anchored are created through
``services.annotation_create`` (so they are checked like any other) in one
transaction: an unexpected error leaves nothing half imported. One the reader already
has (the same passage) is reported as already imported, so a second import adds nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from django.db import transaction

from annotations import anchoring, services
from annotations.errors import AnnotationError
from annotations.imports.report import (
    ALREADY_IMPORTED,
    CREATED,
    MAX_IMPORT_ANNOTATIONS,
    MAX_IMPORT_BYTES,  # noqa: F401 (the API and the tests read it here)
    ExistingHighlights,
    ImportFileError,
    ImportReport,
    ImportResult,
    check_size,
)
from annotations.models import Visibility
from annotations.queries import documents_visible_to
from corpus.models import Document

DOCUMENT_PATH = re.compile(r"^/read/(?P<slug>[-a-zA-Z0-9_]+)/?$")

NOT_ANCHORED = "not anchored"
UNKNOWN_DOCUMENT = "unknown document"
INVALID = "invalid"
STATUSES = (CREATED, NOT_ANCHORED, UNKNOWN_DOCUMENT, INVALID, ALREADY_IMPORTED)


@dataclass
class _Parsed:
    source_id: str | None
    slug: str | None
    exact: str
    prefix: str
    suffix: str
    start: int | None
    comment: str
    tags: list[str]


class _Invalid(ValueError):
    pass


def import_jsonld(*, user, data: bytes | str | dict | list) -> ImportReport:
    """Re-create the annotations in ``data`` (a collection, a page, one annotation or a
    list of them) as ``user``'s private annotations.

    Raises ImportFileError for a file that is too big, not JSON or the wrong shape.
    Side effects: creates the anchored annotations, their tags and tag links, in one
    transaction.
    """
    items = _items(_loaded(data))
    report = ImportReport(STATUSES)
    parsed: list[tuple[int, _Parsed]] = []
    for index, item in enumerate(items):
        try:
            parsed.append((index, _parse(item)))
        except _Invalid as error:
            report.results.append(
                ImportResult(index, INVALID, _source_id(item), message=str(error))
            )
    documents = _documents(user, {entry.slug for _, entry in parsed if entry.slug})
    existing = ExistingHighlights(user, (document for document, _ in documents.values()))
    with transaction.atomic():
        for index, entry in parsed:
            report.results.append(_import_one(user, index, entry, documents, existing))
    report.results.sort(key=lambda result: result.index)
    return report


def _loaded(data: bytes | str | dict | list) -> Any:
    if isinstance(data, dict | list):
        return data
    check_size(data)
    try:
        return json.loads(data)
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportFileError(f"The file is not JSON: {error}.") from None


def _types(value: Any) -> set:
    kind = value.get("type") if isinstance(value, dict) else None
    if isinstance(kind, str):
        return {kind}
    return {k for k in kind if isinstance(k, str)} if isinstance(kind, list) else set()


def _items(document: Any) -> list:
    if isinstance(document, list):
        items = document
    elif "AnnotationCollection" in _types(document):
        first = document.get("first")
        items = first.get("items") if isinstance(first, dict) else None
    elif "AnnotationPage" in _types(document):
        items = document.get("items")
    elif "Annotation" in _types(document):
        items = [document]
    else:
        raise ImportFileError(
            "Expected W3C Web Annotation JSON-LD: an AnnotationCollection, an "
            "AnnotationPage, an Annotation or a list of annotations."
        )
    if not isinstance(items, list):
        raise ImportFileError("The collection has no list of annotations in first.items.")
    if len(items) > MAX_IMPORT_ANNOTATIONS:
        raise ImportFileError(f"At most {MAX_IMPORT_ANNOTATIONS:,} annotations per import.")
    return items


def _source_id(item: Any) -> str | None:
    found = item.get("id") if isinstance(item, dict) else None
    return found if isinstance(found, str) else None


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _parse(item: Any) -> _Parsed:
    if not isinstance(item, dict) or "Annotation" not in _types(item):
        raise _Invalid('Not an annotation: an object with "type": "Annotation" is expected.')
    if item.get("motivation") == "replying":
        # An export's replies follow their annotation; they belong to its discussion.
        raise _Invalid("A reply (motivation replying): replies are not imported.")
    targets = _as_list(item.get("target"))
    if len(targets) != 1 or not isinstance(targets[0], dict):
        raise _Invalid("target must be one object with a source and selectors.")
    target = targets[0]
    source = target.get("source")
    if not isinstance(source, str):
        raise _Invalid("target.source must be the document's URL.")
    match = DOCUMENT_PATH.match(urlparse(source).path)
    quote = position = None
    for selector in _as_list(target.get("selector")):
        kinds = _types(selector)
        if "TextQuoteSelector" in kinds and quote is None:
            quote = selector
        elif "TextPositionSelector" in kinds and position is None:
            position = selector
    if quote is None:
        raise _Invalid("target.selector needs a TextQuoteSelector.")
    exact, prefix, suffix = (quote.get(key, "") for key in ("exact", "prefix", "suffix"))
    if not isinstance(exact, str) or not exact:
        raise _Invalid("The TextQuoteSelector's exact must be the quoted text.")
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        raise _Invalid("The TextQuoteSelector's prefix and suffix must be strings.")
    start = position.get("start") if position else None
    if start is not None and (isinstance(start, bool) or not isinstance(start, int)):
        raise _Invalid("The TextPositionSelector's start must be an integer.")
    comments, tags = [], []
    for body in _as_list(item.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            raise _Invalid("Each body must be a TextualBody with a string value.")
        purposes = set(_as_list(body.get("purpose")))
        (tags if "tagging" in purposes else comments).append(body["value"])
    if isinstance(item.get("bodyValue"), str):
        comments.append(item["bodyValue"])
    return _Parsed(
        source_id=_source_id(item),
        slug=match["slug"] if match else None,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        start=start,
        comment="\n\n".join(comments),
        tags=tags,
    )


def _documents(user, slugs: set[str]) -> dict[str, tuple[Document, str]]:
    """slug -> (document, its current text), for those that exist and ``user`` may see
    (another circle's text is "no such document"), in one query."""
    found = (
        documents_visible_to(user)
        .filter(slug__in=slugs, current_version__isnull=False)
        .select_related("current_version")
    )
    return {document.slug: (document, document.current_version.text) for document in found}


def _import_one(
    user,
    index: int,
    entry: _Parsed,
    documents: dict[str, tuple[Document, str]],
    existing: ExistingHighlights,
) -> ImportResult:
    if entry.slug not in documents:
        return ImportResult(
            index, UNKNOWN_DOCUMENT, entry.source_id, message="No such document here."
        )
    document, text = documents[entry.slug]
    found = anchoring.anchor(
        text, exact=entry.exact, prefix=entry.prefix, suffix=entry.suffix, start=entry.start
    )
    if found is None:
        return ImportResult(
            index, NOT_ANCHORED, entry.source_id, message="The quote is not in the text."
        )
    start, end = found
    already = existing.find(document, start, end)
    if already is not None:
        return ImportResult(index, ALREADY_IMPORTED, entry.source_id, annotation=already)
    try:
        created = services.annotation_create(
            author=user,
            document=document,
            start=start,
            end=end,
            exact=text[start:end],
            comment=entry.comment,
            tags=entry.tags,
            visibility=Visibility.PRIVATE,
        )
    except AnnotationError as error:
        return ImportResult(
            index, INVALID, entry.source_id, message=f"{error.field}: {error.message}"
        )
    existing.add(created)
    return ImportResult(index, CREATED, entry.source_id, annotation=created.pk)

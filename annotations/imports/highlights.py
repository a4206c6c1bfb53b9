"""Bringing a reader's highlights from other apps: Kindle's ``My Clippings.txt``,
Hypothesis's JSON and Readwise's CSV (ours too).

Each highlight goes to the document the reader chose, else to the one its book's title
names (``documents.TitleMatcher``), and is found in that document's current text by its
quote (``matching``): exact, fuzzy (for its author to review, its quote kept in
``previous_exact``) or not found. Those found are created through
``services.annotation_create`` as the reader's own, private, in one transaction.
"""

from __future__ import annotations

from django.db import transaction

from annotations import services
from annotations.errors import AnnotationError
from annotations.imports import hypothesis, kindle, readwise
from annotations.imports.documents import TitleMatcher, documents_visible_to
from annotations.imports.entries import NOT_IMPORTED, SKIPPED, Entry, Highlight, PassedOver
from annotations.imports.matching import EXACT, DocumentText
from annotations.imports.report import (
    ALREADY_IMPORTED,
    CREATED,
    ExistingHighlights,
    ImportFileError,
    ImportReport,
    ImportResult,
    check_size,
)
from annotations.models import Color, Visibility
from corpus.models import Document, DocumentVersion

KINDLE, HYPOTHESIS, READWISE = "kindle", "hypothesis", "readwise"
FORMATS = {
    KINDLE: ("Kindle (My Clippings.txt)", kindle.read_kindle),
    HYPOTHESIS: ("Hypothesis (JSON)", hypothesis.read_hypothesis),
    READWISE: ("Readwise (CSV)", readwise.read_readwise),
}

CREATED_FOR_REVIEW = "created for review"
NOT_FOUND = "not found"
NO_DOCUMENT = "no matching document"
INVALID = "invalid"
STATUSES = (
    CREATED,
    CREATED_FOR_REVIEW,
    ALREADY_IMPORTED,
    NOT_FOUND,
    NO_DOCUMENT,
    SKIPPED,
    NOT_IMPORTED,
    INVALID,
)


def detect_format(data: bytes) -> str:
    """The format of a file, from its content."""
    check_size(data)
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"\x00" in head[:8192]:
        raise ImportFileError("This is a binary file, not highlights to import.")
    if head[:1] in (b"[", b"{"):
        return HYPOTHESIS
    if b"\n==========" in head or head.startswith(b"=========="):
        return KINDLE
    first_line = head.split(b"\n", 1)[0].lower()
    if b"highlight" in first_line and b"," in first_line:
        return READWISE
    raise ImportFileError(
        "Cannot tell this file's format: choose kindle, hypothesis or readwise.", "format"
    )


def import_highlights(
    *, user, data: bytes, format: str = "", document: Document | None = None
) -> ImportReport:
    """Import the highlights in ``data`` (``format`` one of FORMATS, or "" to detect it)
    into ``document`` (one the reader may see), or each into the document its title names.

    Raises ImportFileError for a file that cannot be read as the format, or too big.
    Side effects: creates the highlights found, their tags and tag links, in one
    transaction.
    """
    format = format or detect_format(data)
    if format not in FORMATS:
        raise ImportFileError(f"Unknown format {format!r}: one of {', '.join(FORMATS)}.", "format")
    if document is not None and not documents_visible_to(user).filter(pk=document.pk).exists():
        raise ImportFileError(f"No document {document.slug!r} in your library.", "document")
    entries = FORMATS[format][1](data)
    report = ImportReport(STATUSES, noun="highlights")
    targets = _targets(user, entries, document)
    texts = _texts(targets.values())
    existing = ExistingHighlights(user, targets.values())
    with transaction.atomic():
        for entry in entries:
            report.results.append(_import_one(user, entry, targets, texts, existing))
    unmatched = {result.book for result in report.results if result.status == NO_DOCUMENT}
    report.extra["unmatched_books"] = sorted(unmatched, key=str.casefold)
    return report


def _targets(user, entries: list[Entry], chosen: Document | None) -> dict[int, Document]:
    """Each highlight's document (by its index in the file), for those that have one."""
    highlights = [entry for entry in entries if isinstance(entry, Highlight)]
    if chosen is not None:
        return {entry.index: chosen for entry in highlights}
    titles = TitleMatcher(user)
    # Our own CSV links each highlight to its document: that wins over the title.
    named = {document.slug: document for document in titles.documents}
    targets = {}
    for entry in highlights:
        found = named.get(entry.slug) if entry.slug else None
        found = found or (titles.find(entry.title) if entry.title else None)
        if found is not None:
            targets[entry.index] = found
    return targets


def _texts(documents) -> dict[int, DocumentText]:
    """version id -> its text, for every document an import writes to, in one query."""
    versions = {document.current_version_id for document in documents}
    found = DocumentVersion.objects.filter(pk__in=versions).values_list("pk", "text")
    return {pk: DocumentText(text) for pk, text in found}


def _import_one(
    user,
    entry: Entry,
    targets: dict[int, Document],
    texts: dict[int, DocumentText],
    existing: ExistingHighlights,
) -> ImportResult:
    if isinstance(entry, PassedOver):
        return ImportResult(
            entry.index,
            entry.status,
            entry.source_id,
            message=entry.message,
            quote=entry.quote,
            book=entry.title,
        )
    result = ImportResult(entry.index, NO_DOCUMENT, entry.source_id, quote=entry.quote)
    result.book = entry.title
    document = targets.get(entry.index)
    if document is None:
        result.message = "No document in your library has this title; choose one."
        return result
    result.document = document.slug
    text = texts[document.current_version_id]
    match = text.find(entry.quote, prefix=entry.prefix, suffix=entry.suffix, start=entry.start)
    if match is None:
        result.status, result.message = NOT_FOUND, "The quote is not in the text."
        return result
    already = existing.find(document, match.start, match.end)
    if already is not None:
        result.status, result.annotation = ALREADY_IMPORTED, already
        return result
    fuzzy = match.anchor != EXACT
    try:
        created = services.annotation_create(
            author=user,
            document=document,
            start=match.start,
            end=match.end,
            exact=text.text[match.start : match.end],
            color=entry.color or Color.YELLOW,
            comment=entry.comment,
            tags=entry.tags,
            visibility=Visibility.PRIVATE,
            previous_exact=entry.quote.strip() if fuzzy else "",
        )
    except AnnotationError as error:
        result.status, result.message = INVALID, f"{error.field}: {error.message}"
        return result
    existing.add(created)
    result.status = CREATED_FOR_REVIEW if fuzzy else CREATED
    result.annotation = created.pk
    return result

"""Adding a text to a library: where it goes, what it is, its preview and its
publication, and the pending upload kept between the two.

Bad input raises AnnotationError naming its field (``file``, ``text``, ``url``,
``library``, ``title``, ``author``, ``published``) and writes nothing; who may add
where is ``permissions.check_can_add_to_library``'s to decide (PermissionDenied).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from annotations import permissions
from annotations.errors import AnnotationError
from annotations.library import library_text_add
from annotations.models import IngestJob
from annotations.uploads.fetch import FetchError, fetch_url, size_limit
from annotations.uploads.libraries import Library
from corpus.ingest import read_any
from corpus.ingest.blocks import IngestError, ParsedDocument
from corpus.ingest.readers import detect_format
from corpus.ingest.report import report_summary
from corpus.models import Document, DocumentVersion
from corpus.services import (
    PARAGRAPH_SEPARATOR,
    SLUG_MAX_LENGTH,
    document_ingest,
    validate_partial_date,
)

logger = logging.getLogger(__name__)

_METADATA_FIELDS = ("title", "author", "published")


@dataclass(frozen=True)
class Source:
    """A text's bytes as sent: a file, a pasted text or a fetched page."""

    data: bytes
    filename: str = ""
    url: str = ""
    field: str = "file"  # the input it came from, which its errors name


@dataclass(frozen=True)
class Published:
    document: Document
    version: DocumentVersion
    library: Library
    unchanged: bool  # the text was in the library already: nothing was written


# The text itself.


def source_from(
    *, data: bytes | None = None, filename: str = "", text: str | None = None, url: str = ""
) -> Source:
    """Exactly one of a file's ``data``, a pasted ``text`` or a ``url`` to fetch."""
    given = [
        name
        for name, value in (("file", data), ("text", text or None), ("url", url or None))
        if value is not None
    ]
    if len(given) != 1:
        field = given[-1] if given else "file"
        raise AnnotationError(field, "Send one of: a file, a pasted text or a URL.")
    limit = settings.MARGINALIA_UPLOAD_MAX_BYTES
    if data is not None:
        if len(data) > limit:
            raise AnnotationError("file", f"The file is larger than {size_limit()}.")
        return Source(data=data, filename=PurePath(filename).name[:255])
    if text is not None:
        if not text.strip():
            raise AnnotationError("text", "The pasted text is empty.")
        encoded = text.encode("utf-8")
        if len(encoded) > limit:
            raise AnnotationError("text", f"The text is larger than {size_limit()}.")
        return Source(data=encoded, filename="", field="text")
    try:
        fetched = fetch_url(url.strip())
    except FetchError as error:
        raise AnnotationError("url", _sentence(str(error))) from None
    return Source(data=fetched.data, filename=fetched.filename, url=fetched.url, field="url")


def parse_source(source: Source) -> ParsedDocument:
    """The parsed text, or AnnotationError saying what is wrong with it."""
    try:
        return read_any(source.data, source.filename)
    except IngestError as error:
        raise AnnotationError(source.field, _sentence(str(error))) from None
    except Exception:
        # The readers' libraries (pdfminer, ebooklib, lxml) may fail anyhow on a hostile file.
        logger.exception("a reader failed on %r", source.filename)
        raise AnnotationError(
            source.field, "The file could not be read: it may be damaged."
        ) from None


def check_format(source: Source) -> None:
    """The cheap checks of a file queued for the background: empty, or no known format."""
    try:
        detect_format(source.data, source.filename)
    except IngestError as error:
        raise AnnotationError(source.field, _sentence(str(error))) from None


def is_large(source: Source) -> bool:
    return len(source.data) > settings.MARGINALIA_UPLOAD_BACKGROUND_BYTES


# Preview and publication.


def upload_preview(
    *,
    actor,
    source: Source,
    library: Library,
    supersedes: Document | None = None,
    title: str = "",
    author: str = "",
    published: str = "",
) -> dict:
    """The report of what would be stored (see ``report_summary``) with the title, author
    and date it would get, where it goes and whether that library has this text already.
    Writes nothing."""
    _check_library(actor, library)
    parsed = parse_source(source)
    metadata = resolve_metadata(parsed, source, title, author, published, supersedes)
    duplicate = _duplicate(parsed, library, supersedes)
    return {
        **report_summary(parsed),
        "found": {"title": parsed.title or "", "author": parsed.author or ""},
        **metadata,
        "format": detect_format(source.data, source.filename),
        "size": len(source.data),
        "filename": source.filename,
        "url": source.url,
        "library": library.name,
        "supersedes": supersedes.slug if supersedes else None,
        "duplicate": {"slug": duplicate.document.slug, "title": duplicate.document.title}
        if duplicate
        else None,
        "background": is_large(source),
    }


def upload_publish(
    *,
    actor,
    source: Source,
    library: Library,
    supersedes: Document | None = None,
    title: str = "",
    author: str = "",
    published: str = "",
) -> Published | IngestJob:
    """Store the text in ``library`` (a new document, or a new version of
    ``supersedes``), in one transaction; a large one is queued as an IngestJob instead.

    Side effects: the Document (if new), its DocumentVersion, sections and paragraphs;
    a LibraryText for a circle's library; re-anchoring of a new version's highlights
    (queued when there are many). A text already in the library stores nothing and
    answers with the document that has it (``unchanged``).
    """
    _check_library(actor, library)
    if is_large(source):
        check_format(source)
        validate_metadata(title=title, author=author, published=published)
        # Imported here: both build on this module.
        from annotations.uploads.jobs import ingest_job_queue
        from annotations.uploads.pending import pending_upload_create

        with transaction.atomic():
            pending = pending_upload_create(
                actor=actor,
                source=source,
                library=library,
                supersedes=supersedes,
                title=title,
                author=author,
                published=published,
                report=None,
            )
            return ingest_job_queue(actor=actor, pending=pending)
    parsed = parse_source(source)
    metadata = resolve_metadata(parsed, source, title, author, published, supersedes)
    return store_parsed(
        actor=actor,
        parsed=parsed,
        source=source,
        library=library,
        supersedes=supersedes,
        **metadata,
    )


def store_parsed(
    *,
    actor,
    parsed: ParsedDocument,
    source: Source,
    library: Library,
    supersedes: Document | None,
    title: str,
    author: str,
    published: str,
) -> Published:
    """``upload_publish``'s writes, for a text already parsed (also the background job's)."""
    with transaction.atomic():
        # Checked again inside the transaction: a job runs later, when roles may have changed.
        _check_library(actor, library)
        if supersedes is None:
            duplicate = _duplicate(parsed, library, None)
            if duplicate is not None:
                return Published(duplicate.document, duplicate, library, unchanged=True)
        try:
            result = document_ingest(
                parsed=parsed,
                slug=supersedes.slug if supersedes else _free_slug(title, source.filename),
                title=title,
                author=author,
                published=published,
                supersedes=supersedes.slug if supersedes else None,
                source_name=(source.url or source.filename)[:255],
                # The request answers at once; a large re-anchoring goes to the worker.
                background=True,
            )
        except IngestError as error:
            raise AnnotationError(_field_of(str(error)), _sentence(str(error))) from None
        if supersedes is None:
            if not result.created:
                # Someone took the address between our look and the insert.
                raise AnnotationError("title", "Another text was just given this title; try again.")
            _add_to_library(document=result.document, library=library, actor=actor)
        return Published(result.document, result.version, library, unchanged=result.unchanged)


def _add_to_library(*, document: Document, library: Library, actor) -> None:
    if library.circle is not None:
        library_text_add(document=document, circle=library.circle, actor=actor)


# Helpers.


def validate_metadata(*, title: str, author: str, published: str) -> None:
    for name, value in (("title", title), ("author", author)):
        max_length = Document._meta.get_field(name).max_length
        if len(value) > max_length:
            raise AnnotationError(name, f"At most {max_length} characters.")
    try:
        validate_partial_date(published.strip(), field="published")
    except IngestError:
        raise AnnotationError("published", "A date like 2020, 2020-09 or 2020-09-30.") from None


def _check_library(actor, library: Library) -> None:
    permissions.check_can_add_to_library(actor, library.circle.pk if library.circle else None)


def resolve_metadata(
    parsed: ParsedDocument,
    source: Source,
    title: str,
    author: str,
    published: str,
    supersedes: Document | None,
) -> dict[str, str]:
    """What is given, else (for a new document) what the text says of itself."""
    title, author, published = title.strip(), author.strip(), published.strip()
    validate_metadata(title=title, author=author, published=published)
    if supersedes is None:
        title = title or (parsed.title or "")[:300] or _title_from(source.filename)
        author = author or (parsed.author or "")[:200]
        if not published and parsed.published:
            try:
                validate_partial_date(parsed.published, field="published")
                published = parsed.published
            except IngestError:
                pass
    return {"title": title, "author": author, "published": published}


def _duplicate(
    parsed: ParsedDocument, library: Library, supersedes: Document | None
) -> DocumentVersion | None:
    """A version with the same text in the same library (or of the same document)."""
    text = PARAGRAPH_SEPARATOR.join(block.text for block in parsed.blocks)
    versions = DocumentVersion.objects.filter(
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest()
    )
    if supersedes is not None:
        versions = versions.filter(document=supersedes)
    elif library.circle is None:
        versions = versions.filter(document__library_entry__isnull=True)
    else:
        versions = versions.filter(document__library_entry__circle=library.circle)
    return versions.select_related("document").order_by("pk").first()


def _free_slug(title: str, filename: str) -> str:
    base = (slugify(title) or slugify(PurePath(filename).stem) or "text")[: SLUG_MAX_LENGTH - 5]
    base = base.strip("-") or "text"
    taken = set(Document.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _title_from(filename: str) -> str:
    words = PurePath(filename).stem.replace("_", " ").replace("-", " ").split()
    title = " ".join(words)[:300]
    return (title[:1].upper() + title[1:]) or "Untitled"


def _field_of(message: str) -> str:
    field = message.partition(":")[0]
    return field if field in _METADATA_FIELDS else "file"


def _sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")

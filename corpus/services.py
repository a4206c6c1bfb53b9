"""Writes to the corpus: storing a parsed document as a new version."""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Max
from django.utils.module_loading import import_string

from corpus.ingest.blocks import NOTE_LABEL_MAX, Block, IngestError, ParsedDocument
from corpus.models import Document, DocumentVersion, Paragraph, Section

__all__ = [
    "IngestError",
    "IngestResult",
    "document_ingest",
    "validate_partial_date",
    "validate_slug_value",
]

PARAGRAPH_SEPARATOR = "\n\n"

SLUG_MAX_LENGTH = Document._meta.get_field("slug").max_length
_PARTIAL_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass(frozen=True)
class IngestResult:
    document: Document
    version: DocumentVersion
    created: bool  # a new document was created
    unchanged: bool  # the text was already stored; nothing was written
    # What each new-version hook returned (re-anchoring: counts by anchor), by hook path.
    hook_results: dict = dataclasses.field(default_factory=dict)


def validate_partial_date(value: str, *, field: str) -> None:
    """Raise IngestError unless ``value`` is empty or an ISO date: YYYY, YYYY-MM or YYYY-MM-DD."""
    if not value:
        return
    if _PARTIAL_DATE.fullmatch(value):
        parts = [int(part) for part in value.split("-")]
        try:
            datetime.date(*parts, *[1] * (3 - len(parts)))
            return
        except ValueError:
            pass
    raise IngestError(f"{field}: {value!r} is not a date like 2020, 2020-09 or 2020-09-30")


def validate_slug_value(value: str, *, field: str) -> None:
    """Raise IngestError unless ``value`` is empty or a slug that fits Document.slug."""
    if not value:
        return
    try:
        validate_slug(value)
    except ValidationError:
        raise IngestError(f"{field}: {value!r} is not a slug (letters, digits, - and _)") from None
    if len(value) > SLUG_MAX_LENGTH:
        raise IngestError(f"{field}: longer than {SLUG_MAX_LENGTH} characters")


def _validate_lengths(metadata: dict[str, str]) -> None:
    for name, value in metadata.items():
        max_length = Document._meta.get_field(name).max_length
        if max_length and len(value) > max_length:
            raise IngestError(f"{name}: longer than {max_length} characters")


def document_ingest(
    *,
    parsed: ParsedDocument,
    slug: str,
    title: str,
    author: str = "",
    publisher: str = "",
    published: str = "",
    updated: str = "",
    note: str = "",
    supersedes: str | None = None,
    source_name: str = "",
    background: bool = False,
) -> IngestResult:
    """Store ``parsed`` as the current version of a document, in one transaction.

    A new version of an existing document also runs the configured new-version hooks
    (annotations move their highlights onto it; with ``background``, a hook may queue
    long work as a task rather than do it before answering).

    The document is the one named by ``supersedes`` (which must exist) or else by
    ``slug`` (created if new). If one of its versions already has this exact text,
    nothing is written and that version is returned with ``unchanged=True``.

    Side effects otherwise: creates the Document if new; creates a DocumentVersion
    numbered one past the last, superseding the previous current version, with its
    Sections and Paragraphs; makes it the document's current version; overwrites
    the document's metadata fields given non-empty.

    Raises IngestError (and writes nothing) for bad input: no paragraphs, an
    invalid slug or date, an unknown ``supersedes`` slug, a new document without
    a title.
    """
    if not parsed.blocks:
        raise IngestError("the document has no paragraphs")
    if supersedes and slug and slug != supersedes:
        raise IngestError(f"slug {slug!r} and supersedes {supersedes!r} name different documents")
    slug = supersedes or slug
    if not slug:
        raise IngestError("slug: empty")
    validate_slug_value(slug, field="supersedes" if supersedes else "slug")
    validate_partial_date(published, field="published")
    validate_partial_date(updated, field="updated")

    text, offsets = _join_blocks(parsed.blocks)
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    metadata = {
        "title": title,
        "author": author,
        "publisher": publisher,
        "published": published,
        "updated": updated,
        "note": note,
    }
    _validate_lengths(metadata)

    with transaction.atomic():
        # Locking the row serialises concurrent ingests of one document (version numbers).
        document = Document.objects.select_for_update().filter(slug=slug).first()
        created = document is None
        if created:
            if supersedes:
                raise IngestError(f"supersedes: no document with slug {supersedes!r}")
            if not title:
                raise IngestError(f"title: a new document ({slug!r}) needs a title")
            document = Document.objects.create(slug=slug, **metadata)
        else:
            existing = document.versions.filter(content_hash=content_hash).first()
            if existing is not None:
                return IngestResult(
                    document=document, version=existing, created=False, unchanged=True
                )
            changed = {name: value for name, value in metadata.items() if value}
            for name, value in changed.items():
                setattr(document, name, value)
            if changed:
                document.save(update_fields=list(changed))

        last_number = document.versions.aggregate(last=Max("number"))["last"] or 0
        version = DocumentVersion.objects.create(
            document=document,
            number=last_number + 1,
            content_hash=content_hash,
            text=text,
            source_name=source_name,
            supersedes_id=document.current_version_id,
            report=_report(parsed),
            word_count=len(text.split()),
        )
        _create_sections_and_paragraphs(version, parsed.blocks, offsets, document.title)
        previous_id = document.current_version_id
        document.current_version = version
        document.save(update_fields=["current_version"])
        hook_results = {}
        if previous_id is not None:
            hook_results = _after_new_version(document, previous_id, version, background)

    return IngestResult(
        document=document,
        version=version,
        created=created,
        unchanged=False,
        hook_results=hook_results,
    )


def _after_new_version(
    document: Document, previous_id: int, version: DocumentVersion, background: bool
) -> dict:
    """Run the hooks the project configured for a new version (the corpus knows no more
    of them): settings.MARGINALIA_NEW_VERSION_HOOKS, dotted paths to callables taking
    ``document``, ``previous_version_id``, ``version`` and ``background``; inside the
    ingest transaction. Returns what each returned, by path."""
    return {
        path: import_string(path)(
            document=document,
            previous_version_id=previous_id,
            version=version,
            background=background,
        )
        for path in getattr(settings, "MARGINALIA_NEW_VERSION_HOOKS", ())
    }


def _join_blocks(blocks: list[Block]) -> tuple[str, list[tuple[int, int]]]:
    offsets = []
    position = 0
    for block in blocks:
        offsets.append((position, position + len(block.text)))
        position += len(block.text) + len(PARAGRAPH_SEPARATOR)
    return PARAGRAPH_SEPARATOR.join(block.text for block in blocks), offsets


def _report(parsed: ParsedDocument) -> dict:
    return {
        "dropped": [
            {"line": dropped.line, "reason": dropped.reason, "text": dropped.text}
            for dropped in parsed.dropped
        ],
        "warnings": list(parsed.warnings),
    }


def _note_ordinals_by_number(blocks: list[Block]) -> dict[int, list[int]]:
    ordinals: dict[int, list[int]] = defaultdict(list)
    for ordinal, block in enumerate(blocks, start=1):
        if block.kind == "note" and block.number is not None:
            ordinals[block.number].append(ordinal)
    return ordinals


def _resolve_note(candidates: list[int], ref_ordinal: int) -> int:
    # Where note numbers restart (per chapter), a marker points at the next note so numbered.
    index = bisect.bisect_right(candidates, ref_ordinal)
    return candidates[index] if index < len(candidates) else candidates[-1]


def _create_sections_and_paragraphs(
    version: DocumentVersion,
    blocks: list[Block],
    offsets: list[tuple[int, int]],
    document_title: str,
) -> None:
    sections: list[Section] = []
    section_of_block: list[Section] = []
    for ordinal, block in enumerate(blocks, start=1):
        if block.kind not in Paragraph.Kind.values:
            raise IngestError(f"paragraph {ordinal}: unknown kind {block.kind!r}")
        if len(block.label) > NOTE_LABEL_MAX:
            raise IngestError(
                f"paragraph {ordinal}: a note label of {len(block.label)} characters "
                f"(at most {NOTE_LABEL_MAX})"
            )
        if block.kind == "heading":
            sections.append(
                Section(
                    version=version,
                    order=len(sections) + 1,
                    level=max(block.level, 1),
                    title=block.text,
                    heading_ordinal=ordinal,
                    first_ordinal=ordinal,
                    last_ordinal=ordinal,
                )
            )
        elif not sections:
            sections.append(
                Section(
                    version=version,
                    order=1,
                    level=1,
                    title=document_title,
                    heading_ordinal=None,
                    first_ordinal=ordinal,
                    last_ordinal=ordinal,
                )
            )
        sections[-1].last_ordinal = ordinal
        section_of_block.append(sections[-1])
    # Needs a backend that returns primary keys from bulk inserts (SQLite 3.35+, PostgreSQL).
    Section.objects.bulk_create(sections)

    notes = _note_ordinals_by_number(blocks)
    paragraphs = []
    for ordinal, (block, section, (start, end)) in enumerate(
        zip(blocks, section_of_block, offsets, strict=True), start=1
    ):
        note_refs = [
            [ref.start, ref.end, _resolve_note(notes[ref.number], ordinal)]
            for ref in block.refs
            if ref.number in notes
        ]
        paragraphs.append(
            Paragraph(
                version=version,
                section=section,
                ordinal=ordinal,
                kind=block.kind,
                text=block.text,
                start=start,
                end=end,
                note_number=block.number if block.kind == "note" else None,
                note_label=block.label if block.kind == "note" else "",
                note_refs=note_refs,
            )
        )
    _check_offsets(version.text, paragraphs)
    Paragraph.objects.bulk_create(paragraphs)


def _check_offsets(text: str, paragraphs: list[Paragraph]) -> None:
    for paragraph in paragraphs:
        if text[paragraph.start : paragraph.end] != paragraph.text:
            raise RuntimeError(
                f"offset invariant broken at paragraph {paragraph.ordinal}: "
                f"text[{paragraph.start}:{paragraph.end}] != paragraph text"
            )

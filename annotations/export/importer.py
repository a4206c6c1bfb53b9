"""Import this project's W3C JSON-LD: re-create each annotation as the reader's own,
private, anchored in the document's current text by its selectors, with its colour
(``marginalia:color``), its times (``created``, ``modified``), its tags and comment, and
the reader's own replies to it.

Each annotation is anchored where its TextPositionSelector says if the text there
still equals its quote, else at the occurrence of the quote nearest to it, else it
is reported as not anchored. Every item is read, anchored and checked first (by
``services.annotation_prepare`` and ``reply_prepare``, the checks of a single create),
outside any transaction; then all are inserted in bulk in one short transaction, so an
unexpected error leaves nothing half imported and the write lock is held briefly.

One the reader already has is reported as already imported and not created again: the
same source (the item's ``id``, kept on the annotation) or the same passage of the same
document. A reply is imported only when the importing reader wrote it (its ``creator``'s
nickname is theirs; one cannot write in another's name): the others are skipped.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from django.db import transaction

from annotations import anchoring, services
from annotations.errors import AnnotationError
from annotations.export.jsonld import COLOR
from annotations.imports.entries import SKIPPED
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
from annotations.models import Annotation, Color, Reply
from annotations.queries import documents_visible_to
from corpus.models import Document

DOCUMENT_PATH = re.compile(r"^/read/(?P<slug>[-a-zA-Z0-9_]+)/?$")
MAX_SOURCE_ID = 2000

NOT_ANCHORED = "not anchored"
UNKNOWN_DOCUMENT = "unknown document"
INVALID = "invalid"
STATUSES = (CREATED, NOT_ANCHORED, UNKNOWN_DOCUMENT, INVALID, ALREADY_IMPORTED, SKIPPED)
NOT_YOURS = "A reply by another reader: only your own replies are imported."
NO_ANNOTATION = "The annotation it replies to was not imported."
# How often a long import says how far it got, in items read.
PROGRESS_EVERY = 500


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
    color: str
    created: datetime.datetime | None
    modified: datetime.datetime | None


@dataclass
class _ParsedReply:
    source_id: str | None
    target: str  # the id of the annotation it replies to, or of the reply it answers
    creator: str | None  # the nickname of who wrote it
    body: str
    created: datetime.datetime | None
    modified: datetime.datetime | None


class _Invalid(ValueError):
    pass


class _Already(Exception):
    """The reader has this annotation already (its id)."""


@dataclass
class _Plan:
    """What the transaction will write, and the results that wait for its ids."""

    annotations: list[tuple[ImportResult, services.PreparedAnnotation]]
    replies: list[tuple[ImportResult, Reply]]
    # Results of an item that repeats one created by this import: its id, once saved.
    repeats: list[tuple[ImportResult, Annotation]]


def import_jsonld(
    *,
    user,
    data: bytes | str | dict | list,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Re-create the annotations in ``data`` (a collection, a page, one annotation or a
    list of them) as ``user``'s private annotations, with the user's own replies.

    ``progress`` is told how far it got (0 to 100) as it goes.
    Raises ImportFileError for a file that is too big, not JSON or the wrong shape.
    Side effects: creates the anchored annotations, their tags, tag links and replies,
    in one transaction.
    """
    items = _items(_loaded(data))
    report = ImportReport(STATUSES)
    plan = _plan(user, items, report, progress or (lambda percent: None))
    with transaction.atomic():
        services.annotations_bulk_create([prepared for _, prepared in plan.annotations])
        services.replies_bulk_create([reply for _, reply in plan.replies])
    for result, prepared in plan.annotations:
        result.annotation = prepared.annotation.pk
    for result, annotation in plan.repeats:
        result.annotation = annotation.pk
    for result, reply in plan.replies:
        result.annotation, result.reply = reply.annotation.pk, reply.pk
    report.results.sort(key=lambda result: result.index)
    return report


def looks_like_web_annotation(data: bytes) -> bool:
    """Whether a file looks like W3C Web Annotation JSON-LD: JSON naming a JSON-LD
    context near its start (Hypothesis's own export has none)."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"[", b"{") and b'"@context"' in head


def items_in(data: bytes | str) -> int:
    """How many items (annotations and replies) a file holds; ImportFileError as
    ``import_jsonld`` raises it for a file it cannot take."""
    return len(_items(_loaded(data)))


def _plan(user, items: list, report: ImportReport, progress: Callable[[int], None]) -> _Plan:
    """Read, anchor and check every item (no writes): what to create, the rest reported."""
    parsed: list[tuple[int, _Parsed | _ParsedReply]] = []
    for index, item in enumerate(items):
        try:
            parsed.append((index, _parse(item)))
        except _Invalid as error:
            report.results.append(
                ImportResult(index, INVALID, _source_id(item), message=str(error))
            )
    slugs = {entry.slug for _, entry in parsed if isinstance(entry, _Parsed) and entry.slug}
    documents = _documents(user, slugs)
    existing = ExistingHighlights(user, (document for document, _ in documents.values()))
    # Every annotation this import created or found, by its id in the file.
    by_source = _imported_before(user)
    new_spans: dict[tuple[int, int, int], Annotation] = {}
    plan = _Plan([], [], [])
    replies: list[tuple[int, _ParsedReply]] = []
    for done, (index, entry) in enumerate(parsed, start=1):
        if done % PROGRESS_EVERY == 0:
            progress(10 + 70 * done // len(parsed))
        if isinstance(entry, _ParsedReply):
            replies.append((index, entry))
            continue
        result = ImportResult(index, CREATED, entry.source_id)
        report.results.append(result)
        if entry.source_id in by_source:
            result.status, result.annotation = ALREADY_IMPORTED, by_source[entry.source_id].pk
            continue
        try:
            prepared = _prepared(user, entry, documents, existing)
        except _Invalid as error:
            result.status, result.message = str(error.args[0]), str(error.args[1])
            continue
        except _Already as error:
            already = error.args[0]
        else:
            annotation = prepared.annotation
            span = (annotation.version_id, annotation.start, annotation.end)
            # Trimmed of the whitespace at its ends, it may be one the reader has.
            already = existing.find(annotation.document, annotation.start, annotation.end)
        if already is not None:
            result.status, result.annotation = ALREADY_IMPORTED, already
            if entry.source_id:
                by_source[entry.source_id] = Annotation(pk=already, author=user)
        elif span in new_spans:
            result.status = ALREADY_IMPORTED
            plan.repeats.append((result, new_spans[span]))
        else:
            new_spans[span] = annotation
            plan.annotations.append((result, prepared))
            if entry.source_id:
                by_source[entry.source_id] = annotation
    _plan_replies(user, replies, by_source, report, plan)
    progress(90)
    return plan


def _prepared(
    user, entry: _Parsed, documents, existing: ExistingHighlights
) -> services.PreparedAnnotation:
    """The annotation ``entry`` makes, checked; _Invalid(status, message) when none,
    _Already(its id) when the reader has it."""
    if entry.slug not in documents:
        raise _Invalid(UNKNOWN_DOCUMENT, "No such document here.")
    document, text = documents[entry.slug]
    found = anchoring.anchor(
        text, exact=entry.exact, prefix=entry.prefix, suffix=entry.suffix, start=entry.start
    )
    if found is None:
        raise _Invalid(NOT_ANCHORED, "The quote is not in the text.")
    start, end = found
    already = existing.find(document, start, end)
    if already is not None:
        # Not checked again (nor its comment rendered): it is not created.
        raise _Already(already)
    try:
        return services.annotation_prepare(
            author=user,
            document=document,
            text=text,
            start=start,
            end=end,
            exact=text[start:end],
            color=entry.color,
            comment=entry.comment,
            tags=entry.tags,
            created=entry.created,
            updated=entry.modified,
            source_id=entry.source_id if len(entry.source_id or "") <= MAX_SOURCE_ID else None,
        )
    except AnnotationError as error:
        raise _Invalid(INVALID, f"{error.field}: {error.message}") from None


def _imported_before(user) -> dict[str, Annotation]:
    """The reader's annotations imported before, by the id they had in their file."""
    found = Annotation.objects.filter(author=user.pk, source_id__isnull=False).only(
        "id", "author_id", "source_id"
    )
    return {annotation.source_id: annotation for annotation in found}


def _plan_replies(
    user,
    replies: list[tuple[int, _ParsedReply]],
    by_source: dict[str, Annotation],
    report: ImportReport,
    plan: _Plan,
) -> None:
    """The reader's own replies to annotations of this file (or imported before); a reply
    whose target is a reply of the file answers that reply (or, when that one is not
    imported, the nearest one above it that is), on the annotation its thread is on."""
    thread = _Thread({entry.source_id: entry for _, entry in replies if entry.source_id})
    saved = [
        by_source[thread.root(entry)].pk for _, entry in replies if thread.root(entry) in by_source
    ]
    present = {
        (annotation_id, body): pk
        for annotation_id, body, pk in Reply.objects.filter(
            author=user.pk, annotation__in=[pk for pk in saved if pk]
        ).values_list("annotation_id", "body", "id")
    }
    planned: set[tuple[int, str]] = set()
    # The replies of this file created or found, by their id in the file: their answers'
    # parents. Replies answering replies come after the replies they answer.
    made: dict[str, Reply] = {}
    for index, entry in sorted(replies, key=lambda item: thread.depth(item[1])):
        result = ImportResult(index, CREATED, entry.source_id)
        report.results.append(result)
        annotation = by_source.get(thread.root(entry))
        if entry.creator != user.get_username():
            result.status, result.message = SKIPPED, NOT_YOURS
            continue
        if annotation is None:
            result.status, result.message = SKIPPED, NO_ANNOTATION
            continue
        key = (id(annotation), entry.body)
        if (annotation.pk, entry.body) in present:
            result.status, result.annotation = ALREADY_IMPORTED, annotation.pk
            if entry.source_id:
                found = Reply(pk=present[annotation.pk, entry.body], annotation_id=annotation.pk)
                made[entry.source_id] = found
            continue
        if key in planned:
            result.status, result.annotation = ALREADY_IMPORTED, annotation.pk
            continue
        try:
            reply = services.reply_prepare(
                annotation=annotation,
                author=user,
                body=entry.body,
                created=entry.created,
                updated=entry.modified,
                parent=thread.parent(entry, made),
            )
        except AnnotationError as error:
            result.status, result.message = INVALID, f"{error.field}: {error.message}"
            continue
        planned.add(key)
        if entry.source_id:
            made[entry.source_id] = reply
        plan.replies.append((result, reply))


class _Thread:
    """The replies of a file by their ids: which annotation each thread is on."""

    def __init__(self, replies: dict[str, _ParsedReply]):
        self.replies = replies

    def _ancestors(self, entry: _ParsedReply) -> list[str]:
        """The ids of the replies above ``entry``, nearest first (a cycle is cut)."""
        above: list[str] = []
        target = entry.target
        while target in self.replies and target not in above:
            above.append(target)
            target = self.replies[target].target
        return above

    def root(self, entry: _ParsedReply) -> str:
        above = self._ancestors(entry)
        return self.replies[above[-1]].target if above else entry.target

    def depth(self, entry: _ParsedReply) -> int:
        return len(self._ancestors(entry))

    def parent(self, entry: _ParsedReply, made: dict[str, Reply]) -> Reply | None:
        return next((made[pk] for pk in self._ancestors(entry) if pk in made), None)


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


def _parse(item: Any) -> _Parsed | _ParsedReply:
    if not isinstance(item, dict) or "Annotation" not in _types(item):
        raise _Invalid('Not an annotation: an object with "type": "Annotation" is expected.')
    if item.get("motivation") == "replying":
        return _parse_reply(item)
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
        color=item.get(COLOR, Color.YELLOW),
        created=_when(item, "created"),
        modified=_when(item, "modified"),
    )


def _parse_reply(item: dict) -> _ParsedReply:
    target = item.get("target")
    if isinstance(target, dict):
        target = target.get("id") or target.get("source")
    if not isinstance(target, str):
        raise _Invalid("A reply's target must be the id of the annotation or the reply it answers.")
    bodies = _as_list(item.get("body"))
    if len(bodies) != 1 or not isinstance(bodies[0], dict):
        raise _Invalid("A reply needs one TextualBody.")
    body = bodies[0].get("value")
    if not isinstance(body, str):
        raise _Invalid("A reply's body must be a TextualBody with a string value.")
    creator = item.get("creator")
    nickname = creator.get("nickname") if isinstance(creator, dict) else None
    return _ParsedReply(
        source_id=_source_id(item),
        target=target,
        creator=nickname if isinstance(nickname, str) else None,
        body=body,
        created=_when(item, "created"),
        modified=_when(item, "modified"),
    )


def _when(item: dict, key: str) -> datetime.datetime | None:
    """A W3C time (xsd:dateTime), in UTC when it gives no zone; None when absent."""
    value = item.get(key)
    if value is None:
        return None
    try:
        when = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        when = None
    if when is None:
        raise _Invalid(f"{key} must be a date and time, such as 2026-03-01T09:30:00Z.")
    return when if when.tzinfo else when.replace(tzinfo=datetime.UTC)


def _documents(user, slugs: set[str]) -> dict[str, tuple[Document, str]]:
    """slug -> (document, its current text), for those that exist and ``user`` may see
    (another circle's text is "no such document"), in one query."""
    found = (
        documents_visible_to(user)
        .filter(slug__in=slugs, current_version__isnull=False)
        .select_related("current_version")
    )
    return {document.slug: (document, document.current_version.text) for document in found}

"""What the responses look like, for the OpenAPI schema only.

The views answer with ``annotations.presenters``' dicts; these serializers describe
them to drf-spectacular and are never used to build a response. A test checks that
each one names the same fields as its presenter.
"""

from __future__ import annotations

from rest_framework import serializers

from annotations.models import (
    Anchor,
    Color,
    JobState,
    NotificationKind,
    ReactionKind,
    Role,
    Visibility,
)
from corpus.models import Paragraph as ParagraphModel


class ReactionCounts(serializers.Serializer):
    """How many members of its circle marked a circle annotation each way (0 otherwise)."""

    agree = serializers.IntegerField()
    disagree = serializers.IntegerField()
    question = serializers.IntegerField()


class Reactions(serializers.Serializer):
    reactions = ReactionCounts()
    my_reactions = serializers.ListField(child=serializers.ChoiceField(choices=ReactionKind.values))


class Annotation(serializers.Serializer):
    id = serializers.IntegerField()
    document = serializers.CharField(help_text="The document's slug.")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    exact = serializers.CharField()
    prefix = serializers.CharField(help_text="Up to 32 characters before the quote.")
    suffix = serializers.CharField(help_text="Up to 32 characters after it.")
    color = serializers.ChoiceField(choices=Color.values)
    comment = serializers.CharField(help_text="Markdown, as written.")
    comment_html = serializers.CharField(help_text="The comment rendered and sanitised.")
    tags = serializers.ListField(child=serializers.CharField())
    visibility = serializers.ChoiceField(choices=Visibility.values)
    circle = serializers.CharField(
        allow_null=True, help_text="The slug of the circle it is shared with, or null."
    )
    hidden = serializers.BooleanField(
        help_text="Hidden by a moderator of its circle: only its author and moderators see it."
    )
    review_requested = serializers.BooleanField(
        help_text="Hidden, and its author asked the circle's moderators to look again."
    )
    author = serializers.CharField(help_text="The author's username.")
    created = serializers.DateTimeField()
    updated = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="The number of the version it is placed on.")
    anchor = serializers.ChoiceField(
        choices=Anchor.values,
        help_text="exact; fuzzy (its words were edited in a new version: placed on the edited "
        "passage, for its author to review); orphaned (its words are gone).",
    )
    previous_exact = serializers.CharField(
        allow_null=True, help_text="For fuzzy and orphaned ones, the quote as it was; else null."
    )
    reactions = ReactionCounts()
    my_reactions = serializers.ListField(
        child=serializers.ChoiceField(choices=ReactionKind.values),
        help_text="The kinds the caller has marked it with.",
    )


class PopularAnnotation(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(help_text="The author's username.")
    exact = serializers.CharField(help_text="Its words.")
    comment_html = serializers.CharField(help_text="The comment rendered and sanitised.")
    tags = serializers.ListField(child=serializers.CharField())
    reply_count = serializers.IntegerField(help_text="The replies the caller may see.")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    created = serializers.DateTimeField()


class PopularList(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many there are over the stretch in all.")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    results = PopularAnnotation(many=True)


class AnnotationPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = Annotation(many=True)


class Reply(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField(help_text="Markdown, as written.")
    body_html = serializers.CharField(help_text="The body rendered and sanitised.")
    author = serializers.CharField(help_text="The author's username.")
    created = serializers.DateTimeField()
    hidden = serializers.BooleanField(
        help_text="Hidden by a moderator of the circle: only its author and moderators see it."
    )
    parent = serializers.IntegerField(
        allow_null=True, help_text="The reply it answers; null when it answers the annotation."
    )


class ThreadedReply(Reply):
    depth = serializers.IntegerField(
        min_value=0,
        max_value=3,
        help_text="How far to indent it: 0 answers the annotation; deeper than 3 shows as 3.",
    )
    in_reply_to = serializers.CharField(
        allow_null=True,
        help_text="Shown deeper than 3: the username of whom it answers; else null.",
    )


class ReplyList(serializers.Serializer):
    results = ThreadedReply(
        many=True,
        help_text="In thread order: each reply after the one it answers, oldest first.",
    )


class TagList(serializers.Serializer):
    results = serializers.ListField(child=serializers.CharField())


class Notification(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=NotificationKind.values)
    actor = serializers.CharField(help_text="Who did it: their username.")
    summary = serializers.CharField(help_text="What happened, in one sentence.")
    excerpt = serializers.CharField(help_text="The words it is about, shortened; may be empty.")
    url = serializers.CharField(help_text="Where to see it in place: a path on this site.")
    annotation = serializers.IntegerField(allow_null=True)
    reply = serializers.IntegerField(allow_null=True)
    document = serializers.CharField(allow_null=True, help_text="The document's slug.")
    circle = serializers.CharField(allow_null=True, help_text="The circle's slug.")
    created = serializers.DateTimeField()
    read = serializers.BooleanField()


class NotificationPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = Notification(many=True)
    unread = serializers.IntegerField(help_text="How many of all the caller's are unread.")


class NotificationsMarked(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were unread and are now read.")


class Mention(serializers.Serializer):
    username = serializers.CharField()


class MentionList(serializers.Serializer):
    results = Mention(many=True)


class Document(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    author = serializers.CharField()
    publisher = serializers.CharField()
    published = serializers.CharField(help_text="YYYY, YYYY-MM or YYYY-MM-DD, or empty.")
    updated = serializers.CharField(help_text="YYYY, YYYY-MM or YYYY-MM-DD, or empty.")
    version = serializers.IntegerField(help_text="The current version's number.")
    paragraph_count = serializers.IntegerField()
    url = serializers.URLField(help_text="This document in the API.")


class DocumentList(serializers.Serializer):
    results = Document(many=True)


class Section(serializers.Serializer):
    order = serializers.IntegerField()
    level = serializers.IntegerField()
    title = serializers.CharField()
    first_ordinal = serializers.IntegerField()
    last_ordinal = serializers.IntegerField()


class Paragraph(serializers.Serializer):
    ordinal = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ParagraphModel.Kind.values)
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()


class DocumentDetail(Document):
    version = serializers.IntegerField(help_text="This version's number (?version=, or current).")
    is_current = serializers.BooleanField(help_text="Whether this is the current version.")
    sections = Section(many=True)
    paragraphs = Paragraph(many=True)


class Circle(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    created = serializers.DateTimeField()
    role = serializers.ChoiceField(choices=Role.values, help_text="The caller's role in it.")
    member_count = serializers.IntegerField()
    url = serializers.URLField(help_text="This circle in the API.")


class CircleList(serializers.Serializer):
    results = Circle(many=True)


class Member(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.values)
    joined = serializers.DateTimeField()


class MemberList(serializers.Serializer):
    results = Member(many=True)


class Invite(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.URLField(help_text="The invite page to share: following it joins.")
    expires = serializers.DateTimeField(allow_null=True)
    max_uses = serializers.IntegerField(allow_null=True)
    uses = serializers.IntegerField()
    revoked = serializers.DateTimeField(allow_null=True, help_text="When it was withdrawn.")


class Error(serializers.Serializer):
    """``{"<field>": ["<message>"]}`` for bad input, ``{"detail": "..."}`` otherwise."""

    detail = serializers.CharField(required=False)


class HighlightsImportRequest(serializers.Serializer):
    file = serializers.FileField(help_text="My Clippings.txt, Hypothesis JSON or a CSV.")
    format = serializers.ChoiceField(
        choices=["kindle", "hypothesis", "readwise"],
        required=False,
        help_text="Detected from the content when left out.",
    )
    document = serializers.SlugField(
        required=False, help_text="Import into this document; else match each book's title."
    )


class ImportResult(serializers.Serializer):
    index = serializers.IntegerField(help_text="The item's position in the file, from 0.")
    status = serializers.ChoiceField(
        choices=[
            "created",
            "created for review",
            "already imported",
            "not found",
            "no matching document",
            "skipped",
            "not imported",
            "invalid",
        ]
    )
    source_id = serializers.CharField(required=False)
    annotation = serializers.IntegerField(
        required=False, help_text="Created or already there (a reply's: the one it answers)."
    )
    reply = serializers.IntegerField(required=False, help_text="A created reply.")
    message = serializers.CharField(required=False)
    quote = serializers.CharField(required=False)
    document = serializers.SlugField(required=False, help_text="The document it went to.")
    book = serializers.CharField(required=False, help_text="The title the file gives.")


class ImportReport(serializers.Serializer):
    total = serializers.IntegerField()
    created = serializers.IntegerField(help_text="Created where the quote is, verbatim.")
    created_for_review = serializers.IntegerField(
        help_text="Created where the quote was found approximately, fuzzy, for review."
    )
    already_imported = serializers.IntegerField()
    not_found = serializers.IntegerField()
    no_matching_document = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text="Bookmarks and replies.")
    not_imported = serializers.IntegerField(help_text="Notes with no passage to place them by.")
    invalid = serializers.IntegerField()
    unmatched_books = serializers.ListField(
        child=serializers.CharField(), help_text="Titles no document of the library has."
    )
    results = ImportResult(many=True)


# Adding texts: POST /api/documents/ and /api/documents/<slug>/versions/, GET /api/tasks/<id>/.


class DocumentUpload(serializers.Serializer):
    """One of ``file``, ``text`` or ``url``; the rest optional (the text's own title,
    author and date are used when not given)."""

    file = serializers.FileField(
        required=False, help_text="Plain text, Markdown, HTML, EPUB (no DRM) or PDF (with text)."
    )
    text = serializers.CharField(required=False, help_text="Pasted text or Markdown.")
    url = serializers.URLField(
        required=False,
        help_text="An http(s) address on the public internet to fetch (20 MB, 10 s).",
    )
    title = serializers.CharField(required=False)
    author = serializers.CharField(required=False)
    published = serializers.CharField(required=False, help_text="YYYY, YYYY-MM or YYYY-MM-DD.")
    library = serializers.CharField(
        required=False,
        help_text="public (staff only) or circle:<slug> (its owners and moderators). "
        "A new version stays in its document's library.",
    )
    preview = serializers.BooleanField(
        required=False,
        help_text="true: answer with the report of what would be stored; store nothing.",
    )


class OutlineEntry(serializers.Serializer):
    level = serializers.IntegerField()
    text = serializers.CharField()


class DroppedReason(serializers.Serializer):
    reason = serializers.CharField(help_text="e.g. running header, page number, table of contents")
    count = serializers.IntegerField()
    examples = serializers.ListField(child=serializers.DictField())


class UploadReport(serializers.Serializer):
    """What would be stored, and where."""

    title = serializers.CharField(help_text="The title it would get (given, or the text's own).")
    author = serializers.CharField()
    published = serializers.CharField()
    outline = OutlineEntry(many=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    dropped = DroppedReason(many=True, help_text="Lines left out, by reason.")
    notes = serializers.DictField(child=serializers.IntegerField())
    first_paragraphs = serializers.ListField(child=serializers.DictField())
    warnings = serializers.ListField(child=serializers.CharField())
    found = serializers.DictField(help_text="The title and author the text gives itself.")
    format = serializers.ChoiceField(choices=["pdf", "epub", "html", "markdown", "text"])
    size = serializers.IntegerField(help_text="In bytes.")
    filename = serializers.CharField()
    url = serializers.CharField(help_text="Where it was fetched from, or empty.")
    library = serializers.CharField()
    supersedes = serializers.CharField(allow_null=True)
    duplicate = serializers.DictField(
        allow_null=True, help_text="The document of this library that has this text already."
    )
    background = serializers.BooleanField(help_text="Large: it would be stored by a task.")


class PublishedDocument(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    author = serializers.CharField()
    published = serializers.CharField()
    library = serializers.CharField(help_text="public or circle:<slug>.")
    version = serializers.IntegerField()
    unchanged = serializers.BooleanField(
        help_text="The text was there already (nothing stored): this is the document with it."
    )
    url = serializers.URLField(help_text="This document in the API.")


class TaskDocument(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    library = serializers.CharField()
    version = serializers.IntegerField()
    url = serializers.URLField()


class Task(serializers.Serializer):
    id = serializers.UUIDField()
    state = serializers.ChoiceField(choices=JobState.values)
    progress = serializers.IntegerField(help_text="0 to 100.")
    message = serializers.CharField(help_text="What it is doing, or why it failed.")
    document = TaskDocument(allow_null=True, help_text="Once done.")
    url = serializers.URLField(help_text="This task in the API, to poll.")


class ImportTask(serializers.Serializer):
    id = serializers.UUIDField()
    state = serializers.ChoiceField(choices=JobState.values)
    progress = serializers.IntegerField(help_text="0 to 100.")
    message = serializers.CharField(help_text="What it is doing, its summary, or why it failed.")
    report = serializers.JSONField(
        allow_null=True, help_text="Once done: the import report, as POST /api/import/ answers."
    )
    url = serializers.URLField(help_text="This import in the API, to poll.")


# The answers any operation may give, whatever its view (settings.SPECTACULAR_SETTINGS'
# POSTPROCESSING_HOOKS), added where a view does not document its own: config/guard.py
# refuses a NUL in any query string (400) and a chunked body (411), Django a body over
# its limit (413, config/errors.py), DRF an Accept it cannot answer (406); a wrong token
# is a 403 (DRF answers 403, not 401, as session authentication comes first); the
# throttles answer 429.
ERROR_REF = {"$ref": "#/components/schemas/Error"}
ANY_OPERATION = {
    "400": "Bad input: a query parameter (or the body) holds what no text may, or is wrong.",
    "403": "A wrong API token, a missing CSRF token with a session, or not allowed.",
    "406": "The Accept header allows none of the operation's media types (JSON).",
    "429": "Too many requests: try again after Retry-After seconds.",
}
WITH_A_BODY = {
    "411": "A chunked body without a Content-Length: send its length.",
    "413": "The body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE.",
}
WITH_A_PATH_VALUE = {"404": "No such thing the caller may see."}


def add_shared_responses(result, generator, request, public):
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            shared = dict(ANY_OPERATION)
            if "requestBody" in operation:
                shared.update(WITH_A_BODY)
            if "{" in path:
                shared.update(WITH_A_PATH_VALUE)
            responses = operation.setdefault("responses", {})
            for code, description in shared.items():
                responses.setdefault(
                    code,
                    {
                        "content": {"application/json": {"schema": ERROR_REF}},
                        "description": description,
                    },
                )
    return result

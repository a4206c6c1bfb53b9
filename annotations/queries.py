"""The reads that depend on who is asking: each applies ``annotations.permissions``.

Fetch-and-check helpers (``get_..._for_user``) answer what a user may not see as if it
did not exist (Http404); list reads filter by the same rules.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Lower
from django.http import Http404

from annotations.models import (
    Anchor,
    Annotation,
    Circle,
    CircleHide,
    Membership,
    Reaction,
    ReactionKind,
    Reply,
    TaggedAnnotation,
    Visibility,
)
from annotations.permissions import (
    CIRCLE,
    CIRCLE_PREFIX,
    ME,
    Scope,
    User,
    circle_document_filter,
    circles_of,
    document_filter,
    on_visible_document,
    parse_scope,
    reply_filter,
    visibility_filter,
)
from corpus.models import Document, DocumentVersion
from corpus.queries import (
    documents_for_library,
    get_document_for_reading,
    get_version_for_reading,
    get_versions_for_comparison,
)

# A circle's layer is "circle:<slug>": that circle's annotations, for its members.
CIRCLE_LAYER_PREFIX = CIRCLE_PREFIX


# Documents: the public library's for everyone, a circle's for its members only.


def documents_visible_to(user: User) -> QuerySet[Document]:
    """The documents ``user`` may see (``permissions.document_filter``)."""
    return Document.objects.filter(document_filter(user))


def _with_library(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Each document with its library entry and circle (none for a public text)."""
    return documents.select_related("library_entry__circle")


def documents_visible_to_circle(circle_id: int) -> QuerySet[Document]:
    """What every member of a circle may read: the public library and the circle's own."""
    return Document.objects.filter(circle_document_filter(circle_id))


def library_for_user(user: User) -> list[Document]:
    """The library page's documents (``corpus.queries.documents_for_library``) that
    ``user`` may see, each with ``library_circle`` (None for the public library), in one
    query."""
    documents = list(documents_for_library(_with_library(documents_visible_to(user))))
    for document in documents:
        document.library_circle = library_circle_of(document)
    return documents


def library_circle_of(document: Document) -> Circle | None:
    """The circle whose library holds ``document`` (loaded with it by
    ``_with_library``: never a query), or None for the public library."""
    if not Document.library_entry.is_cached(document):
        return None
    # A missing entry was loaded as None, and reading it raises an AttributeError.
    entry = getattr(document, "library_entry", None)
    return entry.circle if entry is not None else None


def get_document_for_user(user: User, slug: str) -> Document:
    """The document and its current version (``corpus.queries.get_document_for_reading``)
    with ``library_circle``, or 404 when there is none or ``user`` may not see it."""
    document = get_document_for_reading(slug, _with_library(documents_visible_to(user)))
    document.library_circle = library_circle_of(document)
    return document


def get_version_for_user(user: User, slug: str, number: int) -> DocumentVersion:
    """Version ``number`` of a document ``user`` may see, or 404."""
    return get_version_for_reading(slug, number, documents_visible_to(user))


def get_versions_for_user(user: User, slug: str, numbers: tuple[int, int]) -> list[DocumentVersion]:
    """Two versions of a document ``user`` may see, to compare, or 404."""
    return get_versions_for_comparison(slug, numbers, documents_visible_to(user))


def annotations_visible_to(user: User) -> QuerySet[Annotation]:
    return Annotation.objects.filter(visibility_filter(user))


def review_requested() -> Exists:
    """Inside a query of annotations: whether the row is hidden in its circle and its
    author asked the moderators to look again."""
    return Exists(
        CircleHide.objects.filter(
            annotation=OuterRef("pk"), circle=OuterRef("circle"), review_requested__isnull=False
        )
    )


def moving_to_current_version(user: User, document) -> int:
    """How many of the annotations ``user`` may see on ``document`` are still on an older
    version: queued to follow the text into the current one (annotations.tasks)."""
    return (
        annotations_visible_to(user)
        .filter(document=document)
        .exclude(version_id=document.current_version_id)
        .count()
    )


def get_annotation_for_user(user: User, pk: int) -> Annotation:
    """The annotation, ready for presenting (``review_requested`` annotated)."""
    return _one_presented(annotations_visible_to(user), pk)


def get_own_annotation(user: User, pk: int) -> Annotation:
    """One of ``user``'s own annotations, as ``get_annotation_for_user`` reads it: for
    the answer to its creation, when its author may see it whatever its audience, on a
    document just checked. Without the visibility filter, whose building took a third of
    a create's time."""
    return _one_presented(Annotation.objects.filter(author=user.pk), pk)


def _one_presented(annotations: QuerySet[Annotation], pk: int) -> Annotation:
    annotation = (
        annotations.select_related("author", "document", "circle", "version")
        .defer("version__text", "version__report")
        .annotate(review_requested=review_requested())
        .filter(pk=pk)
        .first()
    )
    if annotation is None:
        raise Http404("No such annotation")
    return annotation


def replies_visible_to(user: User) -> QuerySet[Reply]:
    """Replies in the audience of their annotation (``permissions.reply_filter``)."""
    return Reply.objects.filter(reply_filter(user))


def get_reply_for_user(user: User, pk: int) -> Reply:
    reply = replies_visible_to(user).select_related("author", "annotation").filter(pk=pk).first()
    if reply is None:
        raise Http404("No such reply")
    return reply


def annotations_filtered(
    annotations: QuerySet[Annotation],
    *,
    document: str | None = None,
    tag: str | None = None,
    color: str | None = None,
    author: str | None = None,
    q: str | None = None,
    visibility: str | None = None,
    circle: str | None = None,
    needs_review: bool = False,
) -> QuerySet[Annotation]:
    """``annotations`` narrowed by what a list offers to filter on (each one optional):
    a document's slug, a tag (any case), a colour, an author's username, words in the
    quote or comment, a visibility, a circle's slug, whether a new version of the text
    left it for its author to review. The API, the notebook and exports share it."""
    if document:
        annotations = annotations.filter(document__slug=document)
    if tag:
        tagged = TaggedAnnotation.objects.filter(
            content_object=OuterRef("pk"), tag__name__iexact=tag.strip()
        )
        annotations = annotations.filter(Exists(tagged))
    if color:
        annotations = annotations.filter(color=color)
    if author:
        annotations = annotations.filter(author__username=author)
    if q:
        annotations = annotations.filter(Q(exact__icontains=q) | Q(comment__icontains=q))
    if visibility:
        annotations = annotations.filter(visibility=visibility)
    if circle:
        annotations = annotations.filter(visibility=CIRCLE, circle__slug=circle)
    if needs_review:
        annotations = annotations.exclude(anchor=Anchor.EXACT)
    return annotations


def tags_by_annotation(annotations) -> dict[int, list[str]]:
    """annotation id -> its tag names by name, for ids or a subquery of annotations, in one
    query (none for no ids)."""
    if not isinstance(annotations, QuerySet):
        annotations = list(annotations)
        if not annotations:
            return {}
    tags: dict[int, list[str]] = defaultdict(list)
    for annotation_id, name in (
        TaggedAnnotation.objects.filter(content_object__in=annotations)
        .order_by("tag__name", "id")
        .values_list("content_object_id", "tag__name")
    ):
        tags[annotation_id].append(name)
    return tags


def get_reply_for_writing(user: User, pk: int) -> Reply:
    """A reply ``user`` may see, or their own wherever it is (to delete what they wrote in
    a circle they left); whether they may change it is ``permissions``' to say."""
    visible = Reply.objects.filter(reply_filter(user) | Q(author=user.pk))
    reply = visible.select_related("author", "annotation").filter(pk=pk).first()
    if reply is None:
        raise Http404("No such reply")
    return reply


def tag_suggestions(
    user: User, query: str = "", limit: int = 20, *, circles: bool = True
) -> list[str]:
    """Tags that start with ``query``: the reader's own and (``circles``) those on the
    annotations they may see in their circles, most used first; then, so that a new
    reader is offered some too, popular public tags, by how many readers used them.

    One query. Public tags count only public annotations the reader may see; a private,
    hidden or circle annotation elsewhere never lends its tags.
    """
    if not user.is_authenticated:
        return []
    own = Q(content_object__author=user.pk)
    if circles:
        near = own | Q(content_object__visibility=Visibility.CIRCLE)
        # Whose annotations count is decided by visibility_filter; this only narrows it.
        links = TaggedAnnotation.objects.filter(
            visibility_filter(user, prefix="content_object__"),
            near | Q(content_object__visibility=Visibility.PUBLIC),
        )
    else:
        # Their own, on texts they may still read (not those of a circle they left).
        near = own
        links = TaggedAnnotation.objects.filter(
            on_visible_document(user, prefix="content_object__"), own
        )
    if query.strip():
        links = links.filter(tag__name__istartswith=query.strip())
    rows = (
        links.values("tag__name")
        .annotate(
            uses=Count("id", filter=near),
            readers=Count("content_object__author", distinct=True),
            all_uses=Count("id"),
        )
        .order_by("-uses", "-readers", "-all_uses", Lower("tag__name"), "tag__name")[:limit]
    )
    return [row["tag__name"] for row in rows]


# Circles: a circle, its members and everything in it are seen only by its members.


def circles_for_user(user: User) -> QuerySet[Circle]:
    """The circles ``user`` belongs to, each with their ``role`` in it and its
    ``member_count``, by name."""
    if not user.is_authenticated:
        return Circle.objects.none()
    role = Membership.objects.filter(circle=OuterRef("pk"), user=user.pk).values("role")[:1]
    return (
        Circle.objects.filter(pk__in=circles_of(user))
        .annotate(role=Subquery(role), member_count=_member_count())
        .order_by("name", "id")
    )


def get_scope_for_user(user: User, value: object) -> Scope:
    """A scope (``me``, ``public``, ``circle:<slug>``) as ``user`` may read it.

    ScopeError for one that is not a scope at all; Http404 for ``me`` when signed out
    and for a circle they do not belong to, as if it did not exist.
    """
    scope = parse_scope(value)
    if scope.kind == CIRCLE:
        circle, membership = get_circle_for_member(user, scope.slug)
        return Scope(scope, user, circle=circle, role=membership.role)
    if scope.kind == ME and not user.is_authenticated:
        raise Http404("No such scope")
    return Scope(scope, user)


def get_circle_for_member(user: User, slug: str) -> tuple[Circle, Membership]:
    """A circle ``user`` belongs to, with ``member_count``, and their membership in it.

    Http404 for a circle they do not belong to, as for one that does not exist.
    """
    membership = None
    if user.is_authenticated:
        membership = (
            Membership.objects.filter(user=user.pk, circle__slug=slug)
            .select_related("circle")
            .annotate(member_count=_member_count(circle_field="circle"))
            .first()
        )
    if membership is None:
        raise Http404("No such circle")
    circle = membership.circle
    circle.role = membership.role
    circle.member_count = membership.member_count
    return circle, membership


def _member_count(circle_field: str = "pk"):
    counted = (
        Membership.objects.filter(circle=OuterRef(circle_field))
        .order_by()
        .values("circle")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def empty_reactions() -> dict[str, int]:
    return dict.fromkeys(ReactionKind.values, 0)


def reaction_counts(annotations) -> dict[int, dict[str, int]]:
    """annotation id -> {"agree": n, "disagree": n, "question": n}, in one query, for ids
    (each of them in the answer) or a subquery of annotations (those with any).

    Only reactions on circle annotations by current members of that circle count: a
    reader who left takes their reactions with them (they stay stored, uncounted).
    """
    if isinstance(annotations, QuerySet):
        counts: dict[int, dict[str, int]] = {}
        reactions = Reaction.objects.filter(annotation__in=annotations)
    else:
        ids = list(annotations)
        counts = {annotation_id: empty_reactions() for annotation_id in ids}
        if not ids:
            return counts
        reactions = Reaction.objects.filter(annotation_id__in=ids)
    still_member = Membership.objects.filter(
        user=OuterRef("user"), circle=OuterRef("annotation__circle")
    )
    rows = (
        reactions.filter(Exists(still_member), annotation__visibility=Visibility.CIRCLE)
        .order_by()
        .values_list("annotation_id", "kind")
        .annotate(n=Count("id"))
    )
    for annotation_id, kind, n in rows:
        counts.setdefault(annotation_id, empty_reactions())[kind] = n
    return counts


def my_reactions(user: User, annotation_ids) -> dict[int, set[str]]:
    """annotation id -> the kinds ``user`` has marked it with, in one query (none when
    anonymous or when no ids are given)."""
    ids = list(annotation_ids)
    found: dict[int, set[str]] = {annotation_id: set() for annotation_id in ids}
    if not ids or not user.is_authenticated:
        return found
    rows = Reaction.objects.filter(
        user=user.pk, annotation_id__in=ids, annotation__visibility=Visibility.CIRCLE
    ).values_list("annotation_id", "kind")
    for annotation_id, kind in rows:
        found[annotation_id].add(kind)
    return found

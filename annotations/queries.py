"""The reads that depend on who is asking: each applies ``annotations.permissions``.

Fetch-and-check helpers (``get_..._for_user``) answer what a user may not see as if it
did not exist (Http404); list reads filter by the same rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Lower
from django.http import Http404

from annotations.limits import MAX_HIGHLIGHT
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
    ScopeError,
    User,
    circles_of,
    parse_scope,
    reply_filter,
    scope_filter,
    visibility_filter,
)

# A circle's layer is "circle:<slug>": that circle's annotations, for its members.
CIRCLE_LAYER_PREFIX = CIRCLE_PREFIX


def annotations_visible_to(user: User) -> QuerySet[Annotation]:
    return Annotation.objects.filter(visibility_filter(user))


def get_annotation_for_user(user: User, pk: int) -> Annotation:
    annotation = (
        annotations_visible_to(user)
        .select_related("author", "document", "circle", "version")
        .defer("version__text", "version__report")
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


def _layer_filter(user: User, layer: str) -> Q:
    """A reading layer: a scope ("me", also spelt "mine"; "public"; "circle:<slug>",
    nothing unless the reader belongs to it), or "all" they may see. An unknown layer
    shows nothing.

    It narrows what ``visibility_filter`` allows and never widens it.
    """
    if layer == "all":
        return Q()
    try:
        scope = parse_scope(layer)
    except ScopeError:
        return Q(pk__in=[])
    if scope.kind == CIRCLE:
        if not user.is_authenticated:
            return Q(pk__in=[])
        return Q(visibility=CIRCLE, circle__slug=scope.slug, circle__in=circles_of(user))
    return scope_filter(user, scope)


@dataclass
class PageAnnotation:
    id: int
    start: int
    end: int
    color: str
    author: str
    mine: bool
    visibility: str
    has_comment: bool
    reply_count: int
    tags: list[str]
    circle: str | None = None  # the slug of the circle it is shared with
    hidden: bool = False  # hidden by a moderator (seen only by its author and moderators)
    review_requested: bool = False  # hidden, and its author asked the moderators to look again


# Tags cannot hold it: tag names have their whitespace collapsed, and str.split() takes
# the ASCII separators for whitespace.
TAG_SEPARATOR = "\x1f"


class _Joined(Aggregate):
    """A group's strings joined by TAG_SEPARATOR: GROUP_CONCAT or STRING_AGG."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(TAG_SEPARATOR), **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra)


def _tag_names() -> Subquery:
    """Inside a query of annotations: each one's tag names, joined (None for none)."""
    return Subquery(
        TaggedAnnotation.objects.filter(content_object=OuterRef("pk"))
        .order_by()
        .values("content_object")
        .annotate(names=_Joined("tag__name"))
        .values("names")[:1],
        output_field=TextField(),
    )


def annotations_for_range(
    user: User,
    *,
    version_id: int,
    start: int,
    end: int,
    layer: str | list[str] = "all",
    member: str | None = None,
) -> list[PageAnnotation]:
    """Every annotation ``user`` may see that overlaps ``[start, end)`` of a version,
    in ``layer``, and only those by the reader named ``member`` when it is given.

    One query whatever the number of annotations: each row brings its tags along.
    """
    visible = (
        annotations_visible_to(user)
        .filter(
            layers_filter(user, [layer] if isinstance(layer, str) else layer),
            version_id=version_id,
            # The lower bound lets the (version, start) index skip the earlier annotations.
            start__gte=max(0, start - MAX_HIGHLIGHT),
            start__lt=end,
            end__gt=start,
        )
        .exclude(anchor=Anchor.ORPHANED)
    )  # its words are gone: nothing there to mark
    if member:
        visible = visible.filter(author__username=member)
    visible = visible.order_by("start", "-end", "id")
    rows = list(
        visible.annotate(
            reply_count=Count("replies", filter=reply_filter(user, from_annotation=True)),
            tag_names=_tag_names(),
            review_requested=Exists(
                CircleHide.objects.filter(
                    annotation=OuterRef("pk"),
                    circle=OuterRef("circle"),
                    review_requested__isnull=False,
                )
            ),
        ).values_list(
            "id",
            "start",
            "end",
            "color",
            "author__username",
            "author_id",
            "visibility",
            "comment",
            "reply_count",
            "circle__slug",
            "hidden",
            "review_requested",
            "tag_names",
        )
    )
    user_id = user.pk if user.is_authenticated else None
    return [
        PageAnnotation(
            id=row[0],
            start=row[1],
            end=row[2],
            color=row[3],
            author=row[4],
            mine=row[5] == user_id,
            visibility=row[6],
            has_comment=bool(row[7]),
            reply_count=row[8],
            tags=sorted(row[12].split(TAG_SEPARATOR)) if row[12] else [],
            circle=row[9],
            hidden=row[10],
            review_requested=row[11],
        )
        for row in rows
    ]


def tag_suggestions(
    user: User, query: str = "", limit: int = 20, *, circles: bool = True
) -> list[str]:
    """Tags the reader has used, and (``circles``) those on the annotations they may see
    in their circles, most used first, that start with ``query``."""
    if not user.is_authenticated:
        return []
    if circles:
        # Whose annotations count is decided by visibility_filter; this only narrows it.
        links = TaggedAnnotation.objects.filter(
            visibility_filter(user, prefix="content_object__"),
            Q(content_object__author=user.pk) | Q(content_object__visibility=Visibility.CIRCLE),
        )
    else:
        links = TaggedAnnotation.objects.filter(content_object__author=user.pk)
    if query.strip():
        links = links.filter(tag__name__istartswith=query.strip())
    rows = (
        links.values("tag__name")
        .annotate(uses=Count("id"))
        .order_by("-uses", Lower("tag__name"), "tag__name")[:limit]
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


def layers_filter(user: User, layers: list[str]) -> Q:
    """Several reading layers at once: what is in any of them. "all", or none at all,
    is everything ``visibility_filter`` allows."""
    if not layers or "all" in layers:
        return Q()
    combined = _layer_filter(user, layers[0])
    for layer in layers[1:]:
        combined |= _layer_filter(user, layer)
    return combined

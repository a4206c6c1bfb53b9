"""What a reading page draws in its margin: the annotations a reader may see over a run
of a version's text, in the layers they chose, in one query."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    Case,
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)

from annotations.limits import MAX_HIGHLIGHT
from annotations.models import (
    Anchor,
    TaggedAnnotation,
)
from annotations.permissions import (
    CIRCLE,
    ScopeError,
    User,
    circles_of,
    parse_scope,
    reply_filter,
    scope_filter,
)
from annotations.queries import annotations_visible_to, review_requested


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


def layers_filter(user: User, layers: list[str]) -> Q:
    """Several reading layers at once: what is in any of them. "all", or none at all,
    is everything ``visibility_filter`` allows."""
    if not layers or "all" in layers:
        return Q()
    combined = _layer_filter(user, layers[0])
    for layer in layers[1:]:
        combined |= _layer_filter(user, layer)
    return combined


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
    anchor: str = Anchor.EXACT  # fuzzy: moved by a new version, for its author to check


@dataclass
class OrphanNote:
    """An annotation whose words a new version removed: listed where they were."""

    id: int
    start: int  # where its words would be in this version (at least one character)
    end: int
    author: str
    mine: bool
    visibility: str
    circle: str | None
    color: str
    exact: str  # its old words
    comment_html: str


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


def tag_names() -> Subquery:
    """Inside a query of annotations: each one's tag names, joined (None for none)."""
    return Subquery(
        TaggedAnnotation.objects.filter(content_object=OuterRef("pk"))
        .order_by()
        .values("content_object")
        .annotate(names=_Joined("tag__name"))
        .values("names")[:1],
        output_field=TextField(),
    )


def _in_range(
    user: User,
    *,
    version_id: int,
    start: int,
    end: int,
    layer: str | list[str],
    member: str | None,
):
    """What ``user`` may see over ``[start, end)`` of a version, in ``layer``, and only
    by ``member`` when it is given."""
    visible = annotations_visible_to(user).filter(
        layers_filter(user, [layer] if isinstance(layer, str) else layer),
        version_id=version_id,
        # The lower bound lets the (version, start) index skip the earlier annotations.
        start__gte=max(0, start - MAX_HIGHLIGHT),
        start__lt=end,
        end__gt=start,
    )
    if member:
        visible = visible.filter(author__username=member)
    return visible.order_by("start", "-end", "id")


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
    in ``layer``, and only those by the reader named ``member`` when it is given; orphans
    left out (their words are gone: nothing there to mark)."""
    return margin_for_range(
        user, version_id=version_id, start=start, end=end, layer=layer, member=member
    ).highlights


@dataclass
class Margin:
    highlights: list[PageAnnotation]
    orphans: list[OrphanNote]


def margin_for_range(
    user: User,
    *,
    version_id: int,
    start: int,
    end: int,
    layer: str | list[str] = "all",
    member: str | None = None,
) -> Margin:
    """What a reading page draws over ``[start, end)``: the highlights (as
    ``annotations_for_range``) and the orphans listed there, with their old words.

    One query whatever the number of annotations: each row brings its tags along, and
    only orphans bring their words and comment.
    """
    orphaned = Q(anchor=Anchor.ORPHANED)
    rows = list(
        _in_range(user, version_id=version_id, start=start, end=end, layer=layer, member=member)
        .annotate(
            reply_count=Count("replies", filter=reply_filter(user, from_annotation=True)),
            tag_names=tag_names(),
            review_requested=review_requested(),
            orphan_exact=Case(
                When(orphaned, then=F("exact")), default=Value(""), output_field=TextField()
            ),
            orphan_comment=Case(
                When(orphaned, then=F("comment_html")),
                default=Value(""),
                output_field=TextField(),
            ),
        )
        .values_list(
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
            "anchor",
            "orphan_exact",
            "orphan_comment",
        )
    )
    user_id = user.pk if user.is_authenticated else None
    margin = Margin(highlights=[], orphans=[])
    for row in rows:
        if row[13] == Anchor.ORPHANED:
            margin.orphans.append(
                OrphanNote(
                    id=row[0],
                    start=row[1],
                    end=row[2],
                    author=row[4],
                    mine=row[5] == user_id,
                    visibility=row[6],
                    circle=row[9],
                    color=row[3],
                    exact=row[14],
                    comment_html=row[15],
                )
            )
            continue
        margin.highlights.append(
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
                anchor=row[13],
            )
        )
    return margin

"""What a reading page draws in its margin: the annotations a reader may see over a run
of a version's text, in the layers they chose, in one query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Aggregate,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce

from annotations.limits import MAX_HIGHLIGHT
from annotations.models import (
    Anchor,
    Annotation,
    Circle,
    Reply,
    TaggedAnnotation,
)
from annotations.permissions import (
    CIRCLE,
    PUBLIC,
    ScopeError,
    User,
    circles_of,
    parse_scope,
    reply_filter,
    scope_filter,
)
from annotations.popular import PopularStretch, popular_stretches
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
        user,
        version_id=version_id,
        start=start,
        end=end,
        layer=layer,
        member=member,
        aggregate=False,
    ).highlights


@dataclass
class Margin:
    highlights: list[PageAnnotation]
    orphans: list[OrphanNote]
    # Other readers' public highlights, drawn as one layer (annotations/popular.py).
    popular: list[PopularStretch] = field(default_factory=list)


def aggregated_filter(user: User, member: str | None) -> Q:
    """Which of the annotations a page shows are drawn in the popular layer rather than
    one by one: other readers' public ones, unless the page shows one member's."""
    if member:
        return Q(pk__in=[])
    public = Q(visibility=PUBLIC)
    if not user.is_authenticated:
        return public
    return public & ~Q(author=user.pk)


def _reply_count(user: User) -> Subquery:
    """Inside a query of annotations: how many of each one's replies ``user`` may see."""
    return Subquery(
        Reply.objects.filter(reply_filter(user), annotation=OuterRef("pk"))
        .order_by()
        .values("annotation")
        .annotate(count=Count("pk"))
        .values("count")[:1],
        output_field=IntegerField(),
    )


def _username() -> Subquery:
    return Subquery(get_user_model().objects.filter(pk=OuterRef("author_id")).values("username"))


def _circle_slug() -> Subquery:
    return Subquery(Circle.objects.filter(pk=OuterRef("circle_id")).values("slug"))


def _unless(condition: Q, expression, empty, output_field) -> Case:
    """``expression``, or ``empty`` (not computed) on the rows meeting ``condition``."""
    return Case(When(condition, then=Value(empty)), default=expression, output_field=output_field)


# The columns of both parts of margin_for_range's query, in order.
_COLUMNS = (
    "id",
    "start",
    "end",
    "author_id",
    "layer",
    "shown_color",
    "author_name",
    "shown_visibility",
    "has_comment",
    "reply_count",
    "circle_slug",
    "is_hidden",
    "review",
    "tag_names",
    "shown_anchor",
    "orphan_exact",
    "orphan_comment",
)
_ONE_BY_ONE, _POPULAR = 0, 1


def margin_for_range(
    user: User,
    *,
    version_id: int,
    start: int,
    end: int,
    layer: str | list[str] = "all",
    member: str | None = None,
    aggregate: bool = True,
) -> Margin:
    """What a reading page draws over ``[start, end)``: the highlights (as
    ``annotations_for_range``) drawn one by one, the popular layer (other readers' public
    highlights, ``aggregated_filter``) and the orphans listed there, with their old words.
    ``aggregate=False``: every highlight one by one.

    One query whatever the number of annotations, the UNION ALL of two parts: the rows
    drawn one by one, each with its tags, reply count and review flag (only orphans bring
    their words and comment); and the popular layer's rows, only their offsets and author,
    which the database reads from the ``annotation_range_idx`` index alone (a CASE would
    not spare SQLite reading each row of the table); the first part finds its rows' ids
    in that index too, and only then reads them.
    """
    popular = aggregated_filter(user, member) & ~Q(anchor=Anchor.ORPHANED)
    if not aggregate:
        popular = Q(pk__in=[])
    shown = _in_range(user, version_id=version_id, start=start, end=end, layer=layer, member=member)
    nothing = {
        "layer": Value(_POPULAR),
        "shown_color": Value(None, output_field=TextField()),
        "author_name": Value(None, output_field=TextField()),
        "shown_visibility": Value(None, output_field=TextField()),
        "has_comment": Value(0),
        "reply_count": Value(0),
        "circle_slug": Value(None, output_field=TextField()),
        "is_hidden": Value(0),
        "review": Value(0),
        "tag_names": Value(None, output_field=TextField()),
        "shown_anchor": Value(None, output_field=TextField()),
        "orphan_exact": Value(None, output_field=TextField()),
        "orphan_comment": Value(None, output_field=TextField()),
    }
    orphaned = Q(anchor=Anchor.ORPHANED)
    one_by_one = {
        "layer": Value(_ONE_BY_ONE),
        "shown_color": F("color"),
        "author_name": _username(),
        "shown_visibility": F("visibility"),
        "has_comment": Case(
            When(comment="", then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        "reply_count": Coalesce(_reply_count(user), 0),
        "circle_slug": _circle_slug(),
        "is_hidden": Case(
            When(hidden=True, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        "review": Case(
            When(review_requested(), then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        "tag_names": tag_names(),
        "shown_anchor": F("anchor"),
        "orphan_exact": Case(
            When(orphaned, then=F("exact")), default=Value(""), output_field=TextField()
        ),
        "orphan_comment": Case(
            When(orphaned, then=F("comment_html")), default=Value(""), output_field=TextField()
        ),
    }
    # The popular part first: its columns' types (no converters) are the union's.
    aggregated = shown.filter(popular).order_by().annotate(**nothing).values_list(*_COLUMNS)
    # By id: the index finds them, then only they are read from the table.
    drawn = (
        Annotation.objects.filter(pk__in=shown.exclude(popular).order_by().values("pk"))
        .order_by()
        .annotate(**one_by_one)
        .values_list(*_COLUMNS)
    )
    # Unordered: the popular rows need no order, the others are sorted here.
    rows = aggregated.union(drawn, all=True)
    # Through the cursor: Django's converters on every row of a busy chapter cost more
    # than the query (the columns come back as the page wants them, flags as 0 and 1).
    try:
        sql = rows.query.sql_with_params()
    except EmptyResultSet:  # a layer that holds nothing (Django's own execution says so too)
        sql = None
    if sql is None:
        rows = []
    else:
        with connections[rows.db].cursor() as cursor:
            cursor.execute(*sql)
            rows = cursor.fetchall()
    user_id = user.pk if user.is_authenticated else None
    margin = Margin(highlights=[], orphans=[])
    others: list[tuple[int, int, int]] = []
    for row in rows:
        if row[4] == _POPULAR:
            others.append((row[1], row[2], row[3]))
            continue
        if row[14] == Anchor.ORPHANED:
            margin.orphans.append(
                OrphanNote(
                    id=row[0],
                    start=row[1],
                    end=row[2],
                    author=row[6],
                    mine=row[3] == user_id,
                    visibility=row[7],
                    circle=row[10],
                    color=row[5],
                    exact=row[15],
                    comment_html=row[16],
                )
            )
            continue
        margin.highlights.append(
            PageAnnotation(
                id=row[0],
                start=row[1],
                end=row[2],
                color=row[5],
                author=row[6],
                mine=row[3] == user_id,
                visibility=row[7],
                has_comment=bool(row[8]),
                reply_count=row[9],
                tags=sorted(row[13].split(TAG_SEPARATOR)) if row[13] else [],
                circle=row[10],
                hidden=bool(row[11]),
                review_requested=bool(row[12]),
                anchor=row[14],
            )
        )
    margin.highlights.sort(key=lambda h: (h.start, -h.end, h.id))
    margin.orphans.sort(key=lambda h: (h.start, -h.end, h.id))
    margin.popular = popular_stretches(others, start=start, end=end)
    return margin


POPULAR_LIMIT = 50  # annotations of a popular stretch in one answer, newest first


@dataclass
class PopularAnnotation:
    id: int
    start: int
    end: int
    author: str
    exact: str
    comment_html: str
    tags: list[str]
    reply_count: int
    created: datetime


def popular_in_range(
    user: User, *, version_id: int, start: int, end: int, limit: int = POPULAR_LIMIT
) -> tuple[int, list[PopularAnnotation]]:
    """The annotations of the popular layer (``aggregated_filter``) overlapping ``[start,
    end)`` of a version that ``user`` may see: how many there are, and the newest
    ``limit``. One query (the total is a window count over the same rows)."""
    rows = list(
        _in_range(user, version_id=version_id, start=start, end=end, layer="all", member=None)
        .filter(aggregated_filter(user, None))
        .exclude(anchor=Anchor.ORPHANED)
        .annotate(
            reply_count=Coalesce(_reply_count(user), 0),
            tag_names=tag_names(),
            total=Window(Count("id")),
        )
        .order_by("-created", "-id")
        .values_list(
            "id",
            "start",
            "end",
            "author__username",
            "exact",
            "comment_html",
            "tag_names",
            "reply_count",
            "created",
            "total",
        )[:limit]
    )
    found = [
        PopularAnnotation(
            id=row[0],
            start=row[1],
            end=row[2],
            author=row[3],
            exact=row[4],
            comment_html=row[5],
            tags=sorted(row[6].split(TAG_SEPARATOR)) if row[6] else [],
            reply_count=row[7],
            created=row[8],
        )
        for row in rows
    ]
    return (rows[0][9] if found else 0), found

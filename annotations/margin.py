"""What a reading page draws in its margin: the annotations a reader may see over a run
of a version's text, in the layers they chose, in one query, and other readers' public
ones as the popular layer, from the cache."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import (
    Aggregate,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
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
    replies_of_visible,
    scope_filter,
)
from annotations.popular import Pieces, PopularStretch, coverage, stretches, without
from annotations.queries import annotations_visible_to, review_requested

logger = logging.getLogger(__name__)


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
    if _shows_everything(layers):
        return Q()
    combined = _layer_filter(user, layers[0])
    for layer in layers[1:]:
        combined |= _layer_filter(user, layer)
    return combined


@dataclass(slots=True)
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
        _in_version_range(version_id, start, end),
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


def _reply_count(user: User) -> Case:
    """Inside a query of annotations ``user`` may see: how many of each one's replies they
    may see (``replies_of_visible``: the annotation's audience is not tested again)."""

    def counted(replies: Q | None):
        if replies is None:
            return Value(0)
        return Coalesce(
            Subquery(
                Reply.objects.filter(replies, annotation=OuterRef("pk"))
                .order_by()
                .values("annotation")
                .annotate(count=Count("pk"))
                .values("count")[:1],
                output_field=IntegerField(),
            ),
            0,
        )

    rules, otherwise = replies_of_visible(user)
    return Case(
        *(When(on_annotation, then=counted(replies)) for on_annotation, replies in rules),
        default=counted(otherwise),
        output_field=IntegerField(),
    )


def _in_version_range(version_id: int, start: int, end: int) -> Q:
    """The annotations of a version overlapping ``[start, end)``."""
    return Q(
        version_id=version_id,
        # The lower bound lets the (version, start) index skip the earlier annotations.
        start__gte=max(0, start - MAX_HIGHLIGHT),
        start__lt=end,
        end__gt=start,
    )


# The columns of margin_for_range's query, in order.
_COLUMNS = (
    "id",
    "start",
    "end",
    "author_id",
    "color",
    "author_name",
    "visibility",
    "has_comment",
    "reply_count",
    "circle_slug",
    "is_hidden",
    "review",
    "tag_names",
    "anchor",
    "orphan_exact",
    "orphan_comment",
)

# How long a page's popular coverage is kept (the key changes as soon as a public
# annotation on the version does: this only lets the cache forget old pages).
POPULAR_CACHE_SECONDS = 7 * 24 * 3600


def public_coverage(*, version_id: int, public_changes: int, start: int, end: int) -> Pieces:
    """How many distinct readers' public highlights cover each stretch of ``[start, end)``
    of a version (orphans left out): the same for every reader, so kept in the cache under
    the version's ``public_changes``, which the database bumps whenever a public annotation
    on it changes (annotations migration 0016). On a miss, one query of the range index."""
    return _cached(
        _popular_key(version_id, public_changes, start, end),
        lambda: _coverage_now(version_id, start, end),
    )


def _coverage_now(version_id: int, start: int, end: int) -> Pieces:
    """``public_coverage`` read from the database."""
    marks = (
        Annotation.objects.filter(_in_version_range(version_id, start, end))
        .filter(visibility=PUBLIC)
        .exclude(anchor=Anchor.ORPHANED)
        .order_by()
        .values_list("start", "end", "author_id")
    )
    return coverage(marks, start=start, end=end)


def popular_layer(
    user: User,
    *,
    version_id: int,
    public_changes: int,
    start: int,
    end: int,
    own: list[tuple[int, int]],
) -> list[PopularStretch]:
    """The popular layer ``user`` sees over ``[start, end)``: ``public_coverage`` less
    ``own``, their public highlights there (orphans left out), smoothed.

    Kept in the cache too, under the coverage's key and the reader (one entry for all
    those with none of their own there): their own public highlights are some of the
    version's, so any change to them changes ``public_changes`` as well. One cache read
    when it is there; a second, for the coverage, when it is not.
    """

    def make() -> list[PopularStretch]:
        pieces = public_coverage(
            version_id=version_id, public_changes=public_changes, start=start, end=end
        )
        return stretches(without(pieces, own))

    def uncached() -> list[PopularStretch]:
        return stretches(without(_coverage_now(version_id, start, end), own))

    whose = user.pk if own else "anyone"
    key = f"{_popular_key(version_id, public_changes, start, end)}:{whose}"
    return _cached(key, make, uncached=uncached)


def _cached(key: str, make, *, uncached=None):
    """The cache's value for ``key``, or ``make()``'s, kept there. A cache that fails (a
    Redis server down) costs the page its speed, not the page: ``uncached()`` (``make()``
    when not given) makes the value without asking the cache again."""
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - whatever the cache's backend raises
        logger.warning("The cache did not answer; the popular layer is made anew", exc_info=True)
        return (uncached or make)()
    if found is None:
        found = make()
        try:
            cache.set(key, found, POPULAR_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("The cache did not keep the popular layer", exc_info=True)
    return found


def _popular_key(version_id: int, public_changes: int, start: int, end: int) -> str:
    return f"popular:{version_id}:{public_changes}:{start}:{end}"


def _shows_everything(layers) -> bool:
    """Whether ``layers`` are "all", or none at all: everything the reader may see."""
    return not layers or "all" in layers


def _shows_public(layers: tuple[str, ...]) -> bool:
    """Whether reading ``layers`` shows other readers' public annotations: everything,
    or the public layer (``parse_scope`` takes it only spelt so)."""
    return _shows_everything(layers) or PUBLIC in layers


@dataclass(frozen=True)
class _Reading:
    """What a page reads of a version: ``[start, end)`` in ``layers``, only by ``member``
    when given, others' public highlights aggregated (the popular layer) or not."""

    version_id: int
    start: int
    end: int
    layers: tuple[str, ...]
    member: str | None
    aggregate: bool


def _drawn(user: User, reading: _Reading) -> QuerySet:
    """The query of the highlights ``margin_for_range`` draws one by one, as
    ``_COLUMNS``."""
    shown = _in_range(
        user,
        version_id=reading.version_id,
        start=reading.start,
        end=reading.end,
        layer=list(reading.layers),
        member=reading.member,
    )
    if reading.aggregate:
        shown = shown.exclude(aggregated_filter(user, reading.member) & ~Q(anchor=Anchor.ORPHANED))
    orphaned = Q(anchor=Anchor.ORPHANED)
    return (
        Annotation.objects.filter(pk__in=shown.order_by().values("pk"))
        .order_by()
        .annotate(
            author_name=F("author__username"),
            has_comment=Case(
                When(comment="", then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            reply_count=_reply_count(user),
            circle_slug=F("circle__slug"),
            is_hidden=Case(
                When(hidden=True, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            review=Case(
                When(review_requested(), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            tag_names=tag_names(),
            orphan_exact=Case(
                When(orphaned, then=F("exact")), default=Value(""), output_field=TextField()
            ),
            orphan_comment=Case(
                When(orphaned, then=F("comment_html")),
                default=Value(""),
                output_field=TextField(),
            ),
        )
        .values_list(*_COLUMNS)
    )


# Stand-ins for what varies between readings of one shape of the query (``_drawn_sql``):
# beyond any real id or offset, so that none of the query's own constants is one, but
# within PostgreSQL's integer columns (Django compiles a lookup of a value out of a
# column's range to nothing at all).
_STAND_INS = {
    "user": 2_147_483_001,
    "version": 2_147_483_002,
    "start": 2_147_000_000,
    "end": 2_147_400_000,
    "low": 2_147_000_000 - MAX_HIGHLIGHT,  # _in_version_range's lower bound
    "member": "\x00member\x00",
}
_STAND_IN_FLOOR = 2_146_000_000


@functools.lru_cache(maxsize=256)
def _drawn_sql(
    alias: str, signed_in: bool, layers: tuple[str, ...], by_member: bool, aggregate: bool
) -> tuple[str, tuple[tuple[str | None, object], ...]] | None:
    """``_drawn``'s SQL for one shape of reading, compiled once per process: the ORM
    takes about 20 ms to build and compile it, longer than the query takes on a busy
    chapter. Its parameters as ``(name, type)`` for a value of ``_STAND_INS``, filled in
    by ``_drawn_rows`` as that type (on PostgreSQL Django passes integers as psycopg's
    ``Int4`` and the like), ``(None, value)`` for a constant. None: it holds nothing.

    Only the reader's id varies with who reads (``permissions`` reads nothing else of
    them), and the layers' circle slugs are part of the shape.
    """
    user = get_user_model()(pk=_STAND_INS["user"]) if signed_in else AnonymousUser()
    query = _drawn(
        user,
        _Reading(
            version_id=_STAND_INS["version"],
            start=_STAND_INS["start"],
            end=_STAND_INS["end"],
            layers=layers,
            member=_STAND_INS["member"] if by_member else None,
            aggregate=aggregate,
        ),
    )
    try:
        sql, params = query.query.get_compiler(using=alias).as_sql()
    except EmptyResultSet:  # a layer that holds nothing (Django's own execution says so too)
        return None
    names = {value: name for name, value in _STAND_INS.items()}
    slots: list[tuple[str | None, object]] = []
    for value in params:
        number = isinstance(value, int) and not isinstance(value, bool)
        name = names.get(value) if number or isinstance(value, str) else None
        if name is None and (
            (number and value >= _STAND_IN_FLOOR)
            or (isinstance(value, str) and _STAND_INS["member"] in value)
        ):
            raise ValueError(f"A stand-in was changed on its way into the SQL: {value!r}")
        slots.append((name, type(value)) if name else (None, value))
    if any(str(value) in sql for value in _STAND_INS.values()):
        raise ValueError("A stand-in was written into the SQL, not passed as a parameter")
    return sql, tuple(slots)


def _drawn_rows(user: User, reading: _Reading) -> list[tuple]:
    """``_drawn``'s rows, through ``_drawn_sql`` and the cursor: Django's converters on
    every row of a busy chapter cost more than the query (the columns come back as the
    page wants them, flags as 0 and 1)."""
    alias = router.db_for_read(Annotation)
    compiled = _drawn_sql(
        alias, user.is_authenticated, reading.layers, bool(reading.member), reading.aggregate
    )
    if compiled is None:
        return []
    sql, slots = compiled
    values = {
        "user": user.pk,
        "version": reading.version_id,
        "start": reading.start,
        "end": reading.end,
        "low": max(0, reading.start - MAX_HIGHLIGHT),
        "member": reading.member,
    }
    params = [value if name is None else value(values[name]) for name, value in slots]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def margin_for_range(
    user: User,
    *,
    version_id: int,
    start: int,
    end: int,
    layer: str | list[str] = "all",
    member: str | None = None,
    public_changes: int | None = None,
) -> Margin:
    """What a reading page draws over ``[start, end)``: the highlights (as
    ``annotations_for_range``) drawn one by one, the popular layer (other readers' public
    highlights, ``aggregated_filter``) and the orphans listed there, with their old words.

    ``public_changes``: the version's (``DocumentVersion.public_changes``); the popular
    layer is then ``popular_layer`` (cached): ``public_coverage`` less the reader's own
    public highlights, which are among those drawn one by one whenever the layer shows
    others' public ones.
    None (an older version, ``annotations_for_range``): every highlight one by one.

    One query for the highlights, whatever their number, each with its tags, reply count
    and review flag (only orphans bring their words and comment): the range index finds
    their ids, and only then are they read. One more for the popular layer (a cache read;
    on a miss, a read of the range index alone).
    """
    layers = (layer,) if isinstance(layer, str) else tuple(layer)
    aggregate = public_changes is not None and not member and _shows_public(layers)
    rows = _drawn_rows(user, _Reading(version_id, start, end, layers, member, aggregate))
    user_id = user.pk if user.is_authenticated else None
    margin = Margin(highlights=[], orphans=[])
    orphaned = Anchor.ORPHANED.value  # a str: comparing with the enum costs more a row
    highlights = margin.highlights
    for row in rows:
        if row[13] == orphaned:
            margin.orphans.append(
                OrphanNote(
                    id=row[0],
                    start=row[1],
                    end=row[2],
                    author=row[5],
                    mine=row[3] == user_id,
                    visibility=row[6],
                    circle=row[9],
                    color=row[4],
                    exact=row[14],
                    comment_html=row[15],
                )
            )
            continue
        # PageAnnotation's fields in order: by keyword, a busy chapter's 1,300 took twice
        # as long.
        highlights.append(
            PageAnnotation(
                row[0],  # id
                row[1],  # start
                row[2],  # end
                row[4],  # color
                row[5],  # author
                row[3] == user_id,  # mine
                row[6],  # visibility
                bool(row[7]),  # has_comment
                row[8],  # reply_count
                sorted(row[12].split(TAG_SEPARATOR)) if row[12] else [],  # tags
                row[9],  # circle
                bool(row[10]),  # hidden
                bool(row[11]),  # review_requested
                row[13],  # anchor
            )
        )
    margin.highlights.sort(key=lambda h: (h.start, -h.end, h.id))
    margin.orphans.sort(key=lambda h: (h.start, -h.end, h.id))
    if aggregate:
        margin.popular = popular_layer(
            user,
            version_id=version_id,
            public_changes=public_changes,
            start=start,
            end=end,
            own=[(h.start, h.end) for h in margin.highlights if h.mine and h.visibility == PUBLIC],
        )
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
            reply_count=_reply_count(user),
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

"""Who may see what: every read that depends on permission is decided here, once.

An annotation is visible to its author, and to everyone when it is public. (A
circle's annotations join in one place below when circles arrive.) What a user
may not see is answered as if it did not exist.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from annotations.models import Annotation, Reply, TaggedAnnotation, Visibility

User = AbstractBaseUser | AnonymousUser

LAYERS = ("all", "mine", "public")


def visibility_filter(user: User, prefix: str = "") -> Q:
    """The condition under which ``user`` may see an annotation (``prefix`` for joins)."""
    public = Q(**{f"{prefix}visibility": Visibility.PUBLIC})
    if not user.is_authenticated:
        return public
    return public | Q(**{f"{prefix}author": user.pk})


def annotations_visible_to(user: User) -> QuerySet[Annotation]:
    return Annotation.objects.filter(visibility_filter(user))


def get_annotation_for_user(user: User, pk: int) -> Annotation:
    annotation = (
        annotations_visible_to(user).select_related("author", "document").filter(pk=pk).first()
    )
    if annotation is None:
        raise Http404("No such annotation")
    return annotation


def replies_visible_to(user: User) -> QuerySet[Reply]:
    return Reply.objects.filter(visibility_filter(user, prefix="annotation__"))


def get_reply_for_user(user: User, pk: int) -> Reply:
    reply = replies_visible_to(user).select_related("author", "annotation").filter(pk=pk).first()
    if reply is None:
        raise Http404("No such reply")
    return reply


def layer_filter(user: User, layer: str) -> Q:
    """A reading layer: the reader's own annotations, the public ones, or all they may see."""
    if layer == "mine":
        return Q(author=user.pk) if user.is_authenticated else Q(pk__in=[])
    if layer == "public":
        return Q(visibility=Visibility.PUBLIC)
    return Q()


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


def annotations_for_range(
    user: User, *, version_id: int, start: int, end: int, layer: str = "all"
) -> list[PageAnnotation]:
    """Every annotation ``user`` may see that overlaps ``[start, end)`` of a version.

    Two queries whatever the number of annotations: the annotations, then their tags.
    """
    visible = (
        annotations_visible_to(user)
        .filter(layer_filter(user, layer), version_id=version_id, start__lt=end, end__gt=start)
        .order_by("start", "-end", "id")
    )
    rows = list(
        visible.annotate(reply_count=Count("replies")).values_list(
            "id",
            "start",
            "end",
            "color",
            "author__username",
            "author_id",
            "visibility",
            "comment",
            "reply_count",
        )
    )
    tags: dict[int, list[str]] = defaultdict(list)
    tag_rows = (
        TaggedAnnotation.objects.filter(content_object__in=visible.values("id"))
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    )
    for annotation_id, name in tag_rows:
        tags[annotation_id].append(name)
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
            tags=tags.get(row[0], []),
        )
        for row in rows
    ]


def tag_suggestions(user: User, query: str = "", limit: int = 20) -> list[str]:
    """Tags the reader has used, most used first, that start with ``query``."""
    if not user.is_authenticated:
        return []
    links = TaggedAnnotation.objects.filter(content_object__author=user.pk)
    if query.strip():
        links = links.filter(tag__name__istartswith=query.strip())
    rows = (
        links.values("tag__name")
        .annotate(uses=Count("id"))
        .order_by("-uses", Lower("tag__name"), "tag__name")[:limit]
    )
    return [row["tag__name"] for row in rows]

"""What a reader's notifications hold: only those about what they may still see.

Every read goes through ``visible_filter``, made of ``annotations.permissions``' own
conditions, so that content un-shared, hidden by a moderator, deleted, or in a circle
the reader left drops out of the list, the count and the digest at once (and comes back
if it is shared again).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models import Count, IntegerField, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404

from annotations.models import Membership, Notification, NotificationKind
from annotations.permissions import (
    User,
    audience_filter,
    circles_of,
    document_filter,
    reply_filter,
)
from corpus.models import Document
from corpus.queries import paragraph_ordinal_at


def visible_filter(user: User) -> Q:
    """The notifications ``user`` may see: about a reply they may read, an annotation in
    their audience, a text they may read in a circle they are in, or a reading-list entry
    of one of their circles."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    # Conditions on the notification's own joined rows, so that the subqueries of the
    # reader's circles are the outer query's, computed once: the header's count runs on
    # every page (inside EXISTS, SQLite computed them again for each notification).
    their_circles = circles_of(user)
    about_reply = Q(reply__isnull=False) & reply_filter(user, prefix="reply__")
    about_annotation = Q(reply__isnull=True, annotation__isnull=False) & audience_filter(
        user, prefix="annotation__"
    )
    readable_text = Q(document__isnull=False) & document_filter(user, prefix="document__")
    about_text = Q(kind=NotificationKind.LIBRARY_TEXT, circle__in=their_circles) & readable_text
    about_entry = (
        Q(
            kind=NotificationKind.READING_LIST,
            reading_list_entry__isnull=False,
            reading_list_entry__circle__in=their_circles,
        )
        & readable_text
    )
    return Q(recipient=user.pk) & (about_reply | about_annotation | about_text | about_entry)


def notifications_for_user(user: User) -> QuerySet[Notification]:
    """``user``'s notifications they may see, newest first, with what a list shows of
    each (the actor, the annotation and its paragraph, the reply, the text, the circle,
    the entry) in the same query."""
    return (
        Notification.objects.filter(visible_filter(user))
        .select_related(
            "actor", "annotation__document", "reply", "document", "circle", "reading_list_entry"
        )
        .defer("annotation__comment", "reply__body")
        .annotate(ordinal=paragraph_ordinal_at("annotation__version", "annotation__start"))
        .order_by("-created", "-id")
    )


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications they may see are unread (one query)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(visible_filter(user), read_at__isnull=True).count()


def unread_count_subquery(user: User) -> Coalesce:
    """``unread_count`` inside another query: no query of its own."""
    counted = (
        Notification.objects.filter(visible_filter(user), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# Any id no reader has: the reader's id in the SQL compiled once for everyone.
_SOMEONE = -7919
_compiled: dict[str, tuple[str, tuple]] = {}


def unread_count_sql(user_id: int) -> RawSQL:
    """``unread_count_subquery`` for reader ``user_id`` as SQL compiled once a database:
    Django takes far longer to compile the permission conditions (about 75 ms on a busy
    test machine) than the database takes to run them (0.3 ms), and the header's count
    is on every page. Only the reader's id changes from one reader to the next."""
    alias = router.db_for_read(Notification)
    if alias not in _compiled:
        subquery = unread_count_subquery(get_user_model()(pk=_SOMEONE))
        query = get_user_model().objects.annotate(n=subquery).values("n").query
        compiler = query.get_compiler(alias)
        sql, params = subquery.as_sql(compiler, connections[alias])
        _compiled[alias] = (sql, tuple(params))
    sql, params = _compiled[alias]
    return RawSQL(sql, [user_id if p == _SOMEONE else p for p in params], IntegerField())


def get_notification_for_user(user: User, pk: int) -> Notification:
    """One of ``user``'s notifications they may see, or 404 (anyone else's, or one about
    what they may no longer see, as if it did not exist)."""
    found = Notification.objects.filter(visible_filter(user), pk=pk).first()
    if found is None:
        raise Http404("No such notification")
    return found


def mentionable_users(
    writer: User, *, document: Document, circle_id: int | None = None, query: str = ""
) -> QuerySet:
    """Who ``writer`` may mention in a note on ``document`` (one they may read, fetched
    through ``queries.get_document_for_user``): the members of ``circle_id`` (the circle
    the note is shared with) or of any circle the writer is in, who may read
    ``document`` too (for a circle's text, its members); never the writer. By username,
    at most 10 (one query)."""
    user_model = get_user_model()
    if not writer.is_authenticated:
        return user_model.objects.none()
    members = Membership.objects.filter(circle__in=circles_of(writer))
    if circle_id is not None:
        members = members.filter(circle=circle_id)
    library_circle = getattr(document, "library_circle", None)
    if library_circle is not None:
        members = members.filter(circle=library_circle.pk)
    users = user_model.objects.filter(pk__in=members.values("user_id"), is_active=True).exclude(
        pk=writer.pk
    )
    if query:
        users = users.filter(username__istartswith=query)
    return users.order_by("username")[:10]

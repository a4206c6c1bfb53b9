"""Annotations, replies and circles as plain JSON-ready dicts, and nothing else.

Callers load what a presenter reads (the author, the document, the tags) so that
presenting never queries the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from annotations.models import Anchor, Annotation, Circle, Invite, Membership, ReactionKind, Reply
from annotations.threads import thread_order


def timestamp(value: datetime.datetime) -> str:
    return value.isoformat()


def annotation_json(
    annotation: Annotation,
    tags: Iterable[str],
    *,
    reactions: Mapping[str, int] | None = None,
    my_reactions: Iterable[str] = (),
) -> dict:
    """An annotation; ``annotation.circle`` must be loaded when it has one, and
    ``annotation.version`` (without its text). ``review_requested`` is read when the query
    annotated it (``annotations.queries.review_requested``)."""
    return {
        "id": annotation.pk,
        "document": annotation.document.slug,
        "start": annotation.start,
        "end": annotation.end,
        "exact": annotation.exact,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
        "color": annotation.color,
        "comment": annotation.comment,
        "comment_html": annotation.comment_html,
        "tags": sorted(tags, key=str.casefold),
        "visibility": annotation.visibility,
        "circle": annotation.circle.slug if annotation.circle_id else None,
        "hidden": annotation.hidden,
        "review_requested": bool(getattr(annotation, "review_requested", False)),
        "author": annotation.author.get_username(),
        "created": timestamp(annotation.created),
        "updated": timestamp(annotation.updated),
        "version": annotation.version.number,
        "anchor": annotation.anchor,
        "previous_exact": annotation.previous_exact if annotation.anchor != Anchor.EXACT else None,
        **reactions_json(reactions, my_reactions),
    }


def reactions_json(reactions: Mapping[str, int] | None, mine: Iterable[str]) -> dict:
    """Counts of every kind (0 when absent), and the caller's kinds in the usual order."""
    reactions = reactions or {}
    mine = set(mine)
    return {
        "reactions": {kind: reactions.get(kind, 0) for kind in ReactionKind.values},
        "my_reactions": [kind for kind in ReactionKind.values if kind in mine],
    }


def reply_json(reply: Reply) -> dict:
    return {
        "id": reply.pk,
        "body": reply.body,
        "body_html": reply.body_html,
        "author": reply.author.get_username(),
        "created": timestamp(reply.created),
        "hidden": reply.hidden,
        "parent": reply.parent_id,
    }


def thread_json(replies: list[Reply]) -> list[dict]:
    """An annotation's replies in thread order, each with how far to indent it; a reply
    answering one the reader may not see (hidden by a moderator) answers the annotation."""
    shown = {reply.pk for reply in replies}
    return [
        {
            **reply_json(entry.reply),
            "parent": entry.reply.parent_id if entry.reply.parent_id in shown else None,
            "depth": entry.depth,
            "in_reply_to": entry.in_reply_to,
        }
        for entry in thread_order(replies, author_of=lambda reply: reply.author.get_username())
    ]


def circle_json(circle: Circle, *, role: str, member_count: int, url: str) -> dict:
    return {
        "slug": circle.slug,
        "name": circle.name,
        "description": circle.description,
        "created": timestamp(circle.created),
        "role": role,
        "member_count": member_count,
        "url": url,
    }


def member_json(membership: Membership) -> dict:
    """A member; ``membership.user`` must be loaded."""
    return {
        "username": membership.user.get_username(),
        "role": membership.role,
        "joined": timestamp(membership.joined),
    }


def invite_json(invite: Invite, *, url: str) -> dict:
    return {
        "token": invite.token,
        "url": url,
        "expires": timestamp(invite.expires) if invite.expires else None,
        "max_uses": invite.max_uses,
        "uses": invite.uses,
        "revoked": timestamp(invite.revoked) if invite.revoked else None,
    }


def popular_annotation_json(annotation) -> dict:
    """One annotation of a popular stretch (``annotations.margin.PopularAnnotation``)."""
    return {
        "id": annotation.id,
        "author": annotation.author,
        "exact": annotation.exact,
        "comment_html": annotation.comment_html,
        "tags": annotation.tags,
        "reply_count": annotation.reply_count,
        "start": annotation.start,
        "end": annotation.end,
        "created": timestamp(annotation.created),
    }

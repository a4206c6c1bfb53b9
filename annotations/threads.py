"""A thread's order: a flat list of replies to one annotation as the nested thread a page
shows (pure: data in, data out, no database).

Each reply comes right after the one it answers (its ``parent``), siblings oldest first.
Replies are indented to ``MAX_DEPTH`` levels; a deeper one is shown at that level, flat
after its parent's branch, with "in reply to @name" so the conversation can still be
followed. A reply whose parent is not in the list (hidden from this reader, or gone) is
shown as a reply to the annotation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 3


@dataclass(frozen=True, slots=True)
class ThreadEntry:
    reply: Any  # anything with id, parent_id and created
    depth: int  # 0 for a reply to the annotation, at most MAX_DEPTH
    in_reply_to: str | None  # the parent's author, when shown flat beyond MAX_DEPTH


def thread_order(
    replies: Iterable[Any], *, author_of=lambda reply: reply.author
) -> list[ThreadEntry]:
    """``replies`` (of one annotation) in thread order, each with its depth and, when it
    is deeper than ``MAX_DEPTH``, the author of the reply it answers (``author_of``)."""
    replies = list(replies)
    by_id = {reply.id: reply for reply in replies}
    children: dict[Any, list] = {}
    roots = []
    for reply in replies:
        parent = reply.parent_id if reply.parent_id in by_id else None
        if parent is None or parent == reply.id:
            roots.append(reply)
        else:
            children.setdefault(parent, []).append(reply)
    order: list[ThreadEntry] = []
    seen: set = set()

    def key(reply) -> tuple:
        return (reply.created, reply.id)

    # Depth first without recursion: a long chain of replies is not a deep Python stack.
    stack = [(reply, 0) for reply in sorted(roots, key=key, reverse=True)]
    while stack:
        reply, level = stack.pop()
        if reply.id in seen:
            continue
        seen.add(reply.id)
        deeper = level > MAX_DEPTH
        parent = by_id.get(reply.parent_id) if deeper else None
        order.append(
            ThreadEntry(
                reply=reply,
                depth=min(level, MAX_DEPTH),
                in_reply_to=author_of(parent) if parent is not None else None,
            )
        )
        for child in sorted(children.get(reply.id, []), key=key, reverse=True):
            stack.append((child, level + 1))
    # A cycle (which the services never make) would leave replies out: show them flat.
    order += [ThreadEntry(reply, 0, None) for reply in replies if reply.id not in seen]
    return order

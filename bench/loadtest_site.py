"""The load test's data, inside Django: readers with signed-in sessions, their circle, and
the plan the locust users follow (chapters with real offsets, cards, searches, guides);
and the rows its writes leave, to count against the answers locust saw.

Used by `bench/loadtest.py` (`make loadtest`) and by tests/hardening/test_loadtest.py.
"""

from __future__ import annotations

import random

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count

from annotations.circles.services import circle_create
from annotations.demo import sentence_spans
from annotations.demo.texts import HIGHLIGHTED_KINDS
from annotations.demo.write import ensure_demo_users
from annotations.models import Annotation, Membership, Reply, Role, Visibility
from annotations.queries import documents_visible_to
from corpus.models import Paragraph
from corpus.queries import outline_for

# A PATCHed comment starts with this: each one counts as one comment write that landed.
COMMENT_MARKER = "Load test comment"
CIRCLE_NAME = "Load test circle"
# A highlight is a sentence of the chapter, at most this long.
LONGEST_HIGHLIGHT = 400
SEARCHES = (
    "planning",
    "bureaucracy",
    '"state capitalism"',
    "collectiv*",
    "Lenin Trotsky",
    "workers democracy",
    "famine",
    "market",
)


def reader_session(user) -> str:
    """A signed-in session for ``user`` (as signing in makes it); its key, for a cookie."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that signs readers in (the first, django-axes', only refuses).
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def readers_in_a_circle(count: int):
    """``reader1..N`` (made if missing) and one circle of them all, reader1 owning it,
    with which they share what they had kept private (so its guides have passages)."""
    readers = ensure_demo_users(count)
    circle = circle_create(owner=readers[0], name=CIRCLE_NAME)
    Membership.objects.bulk_create(
        [Membership(circle=circle, user=reader, role=Role.MEMBER) for reader in readers[1:]]
    )
    Annotation.objects.filter(author__in=readers, visibility=Visibility.PRIVATE).update(
        visibility=Visibility.CIRCLE, circle=circle
    )
    return readers, circle


def top_tags(annotations, count: int = 6) -> list[str]:
    """The tags most used on ``annotations``, most used first."""
    return list(
        annotations.exclude(tagged_items__tag__name=None)
        .values("tagged_items__tag__name")
        .annotate(n=Count("id"))
        .order_by("-n", "tagged_items__tag__name")
        .values_list("tagged_items__tag__name", flat=True)[:count]
    )


def build_plan(*, readers, circle, seed: int = 1, highlights_per_chapter: int = 30) -> dict:
    """What the locust users need, as JSON-able data: a session per reader, the circle,
    each public chapter with sentences to highlight ([start, end, exact] in its current
    version's text), public annotations to open and reply to, searches and guides."""
    rng = random.Random(seed)
    chapters = []
    documents = documents_visible_to(AnonymousUser()).filter(current_version__isnull=False)
    for document in documents.select_related("current_version").order_by("slug"):
        version = document.current_version
        text = version.text
        rows = list(
            Paragraph.objects.filter(version=version, kind__in=HIGHLIGHTED_KINDS)
            .order_by("ordinal")
            .values_list("ordinal", "start", "end")
        )
        for unit in outline_for(version.pk, document_title=document.title).units:
            spans = [
                (start + a, start + b)
                for ordinal, start, end in rows
                if unit.first_ordinal <= ordinal <= unit.last_ordinal
                for a, b in sentence_spans(text[start:end])
                if b - a <= LONGEST_HIGHLIGHT
            ]
            if not spans:
                continue
            picked = rng.sample(spans, min(highlights_per_chapter, len(spans)))
            chapters.append(
                {
                    "slug": document.slug,
                    "order": unit.order,
                    "highlights": [[a, b, text[a:b]] for a, b in sorted(picked)],
                }
            )
    public = Annotation.objects.filter(visibility=Visibility.PUBLIC)
    cards = list(public.order_by("?").values_list("id", flat=True)[:300])
    tags = top_tags(public)
    circle_tags = top_tags(Annotation.objects.filter(circle=circle))
    return {
        "readers": [
            {"username": reader.username, "session": reader_session(reader)} for reader in readers
        ],
        "circle": circle.slug,
        "chapters": chapters,
        "cards": cards,
        "searches": list(SEARCHES),
        "tags": tags,
        "guides": [f"/guides/public/{tag}/" for tag in tags]
        + [f"/guides/circle:{circle.slug}/{tag}/" for tag in circle_tags],
        "comment_marker": COMMENT_MARKER,
    }


def written_rows() -> dict[str, int]:
    """The rows the load test's three writes leave: highlights, comments, replies."""
    return {
        "highlight": Annotation.objects.count(),
        "comment": Annotation.objects.filter(comment__startswith=COMMENT_MARKER).count(),
        "reply": Reply.objects.count(),
    }

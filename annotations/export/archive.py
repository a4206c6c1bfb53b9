"""All of a reader's data as one zip: their annotations (JSON-LD and CSV), their
replies, their circle memberships, their study-guide summaries, and a README.
"""

from __future__ import annotations

import datetime
import json
import zipfile
from collections.abc import Iterable, Iterator

from django.db.models import F, Q

from annotations.export.jsonld import w3c_datetime
from annotations.export.links import Links
from annotations.export.scopes import annotations_for_export
from annotations.export.streams import _Chunks, export_file
from annotations.models import Membership, Reply, TopicSummary
from annotations.permissions import CIRCLE_PREFIX, ME, on_visible_document

README = """\
Your data from Marginalia, exported {date} for {username}.

annotations.jsonld  every annotation you made, as W3C Web Annotation JSON-LD
                    (import it again with "Import" or POST /api/import/)
annotations.csv     the same annotations as CSV (Highlight, Title, Author, URL,
                    Note, Location, Date, Tags: the columns Readwise imports)
replies.json        every reply you wrote, with the annotation (and reply) it answers
memberships.json    the circles you belong to, and your role in each
guide-summaries.json  the study-guide summaries you last edited
"""


def account_archive(user, links: Links, *, today: datetime.date) -> Iterator[bytes]:
    """The zip, yielded as it is written."""
    own = annotations_for_export(user, "me")
    sink = _Chunks()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for fmt, name in (("jsonld", "annotations.jsonld"), ("csv", "annotations.csv")):
            exported = export_file(own, fmt, links, name="annotations", today=today)
            with archive.open(name, "w") as member:
                for chunk in exported.chunks:
                    member.write(chunk)
                    yield sink.drain()
        archive.writestr("replies.json", _json_lines(_replies(user, links)))
        archive.writestr("memberships.json", _json_lines(_memberships(user)))
        archive.writestr("guide-summaries.json", _json_lines(_summaries(user)))
        archive.writestr(
            "README.txt", README.format(date=today.isoformat(), username=user.get_username())
        )
    yield sink.drain()


def _json_lines(items: Iterable[dict]) -> str:
    """A JSON array, one item per line."""
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n"


def _replies(user, links: Links) -> Iterator[dict]:
    # As their annotations: none on a text they may no longer see (a circle they left).
    replies = Reply.objects.filter(
        on_visible_document(user, prefix="annotation__"), author=user.pk
    ).order_by("created", "id")
    for pk, annotation_id, body, created, updated, parent_id in replies.values_list(
        "id", "annotation_id", "body", "created", "updated", "parent_id"
    ).iterator(chunk_size=2_000):
        yield {
            "id": pk,
            "annotation": links.annotation(annotation_id),
            # The reply it answers (a reply to a reply), or null.
            "in_reply_to": links.reply(parent_id) if parent_id is not None else None,
            "body": body,
            "created": w3c_datetime(created),
            "modified": w3c_datetime(updated),
        }


def _summaries(user) -> Iterator[dict]:
    """The study-guide summaries of their own guide, and those they last edited in a
    circle's."""
    summaries = TopicSummary.objects.filter(Q(owner=user.pk) | Q(edited_by=user.pk)).order_by(
        F("circle__slug").asc(nulls_first=True), "tag"
    )
    for slug, tag, body, edited_at in summaries.values_list(
        "circle__slug", "tag", "body", "edited_at"
    ):
        yield {
            "scope": f"{CIRCLE_PREFIX}{slug}" if slug else ME,
            "topic": tag,
            "summary": body,
            "edited": w3c_datetime(edited_at),
        }


def _memberships(user) -> Iterator[dict]:
    memberships = Membership.objects.filter(user=user.pk).order_by("joined", "id")
    for slug, name, role, joined in memberships.values_list(
        "circle__slug", "circle__name", "role", "joined"
    ):
        yield {"circle": slug, "name": name, "role": role, "joined": w3c_datetime(joined)}

"""W3C Web Annotation JSON-LD: one annotation as a dict, and the collection's frame.

Each annotation meets the Web Annotation Data Model's MUSTs: its target is the
document page with a TextQuoteSelector and a TextPositionSelector, the comment is a
TextualBody for "commenting" in Markdown, and each tag a TextualBody for "tagging".
"""

from __future__ import annotations

import datetime

from annotations.export.links import Links
from annotations.export.rows import ExportReply, ExportRow

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# Our own terms beside the W3C model's (the model allows more properties): "hidden",
# an annotation a circle's moderator hid, exported only to those who may see it; "color",
# the highlight's colour (yellow, green, blue, pink or purple), which an import keeps.
EXTENSION = {"marginalia": "https://marginalia.invalid/ns#"}
CONTEXTS = [CONTEXT, EXTENSION]
HIDDEN = "marginalia:hidden"
COLOR = "marginalia:color"
MEDIA_TYPE = "application/ld+json"
PROFILE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def w3c_datetime(value: datetime.datetime) -> str:
    """xsd:dateTime in UTC, to the second, as the model recommends."""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def annotation_jsonld(row: ExportRow, links: Links, *, context: bool = True) -> dict:
    """One annotation; ``context`` False inside a collection that carries it."""
    bodies = []
    if row.comment:
        bodies.append(
            {
                "type": "TextualBody",
                "value": row.comment,
                "purpose": "commenting",
                "format": "text/markdown",
            }
        )
    bodies += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in row.tags]
    annotation: dict = {"@context": CONTEXTS} if context else {}
    annotation.update(
        {
            "id": links.annotation(row.id),
            "type": "Annotation",
            "motivation": "commenting" if row.comment else "highlighting",
            "creator": {"type": "Person", "nickname": row.author},
            "created": w3c_datetime(row.created),
            "modified": w3c_datetime(row.updated),
            COLOR: row.color,
        }
    )
    if bodies:
        annotation["body"] = bodies
    if row.hidden:
        annotation[HIDDEN] = True
    annotation["target"] = {
        "source": links.document(row.document_slug),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": row.exact,
                "prefix": row.prefix,
                "suffix": row.suffix,
            },
            {"type": "TextPositionSelector", "start": row.start, "end": row.end},
        ],
    }
    return annotation


def reply_jsonld(reply: ExportReply, row: ExportRow, links: Links, *, context: bool = True) -> dict:
    """A reply as the model writes one: an annotation "replying" to the annotation, or to
    the reply it answers (its target is then that reply's id)."""
    answer: dict = {"@context": CONTEXTS} if context else {}
    answer.update(
        {
            "id": links.reply(reply.id),
            "type": "Annotation",
            "motivation": "replying",
            "creator": {"type": "Person", "nickname": reply.author},
            "created": w3c_datetime(reply.created),
            "modified": w3c_datetime(reply.updated),
            "body": {
                "type": "TextualBody",
                "value": reply.body,
                "purpose": "replying",
                "format": "text/markdown",
            },
            "target": (
                links.reply(reply.parent_id)
                if reply.parent_id is not None
                else links.annotation(row.id)
            ),
        }
    )
    return answer


def collection_head(*, collection_id: str, label: str, total: int) -> dict:
    """The collection around the annotations, which go in ``first.items``."""
    return {
        "@context": CONTEXTS,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": total,
        "first": {
            "id": f"{collection_id}#page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [],
        },
    }

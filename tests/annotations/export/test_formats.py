"""Each export format's exact output for a small fixture (golden strings)."""

import csv
import datetime
import io
import zipfile

import pytest

from annotations.export.links import Links
from annotations.export.scopes import annotations_for_export
from annotations.export.streams import export_file
from tests.annotations.conftest import highlight, ingest_document
from tests.annotations.export.conftest import BASE, WHEN, fix_times

TODAY = datetime.date(2026, 3, 2)


def exported(user, fmt, **filters):
    found = export_file(
        annotations_for_export(user, "me", **filters), fmt, Links(BASE), name="x", today=TODAY
    )
    return found, b"".join(found.chunks)


JSONLD = (
    '{"@context": ["http://www.w3.org/ns/anno.jsonld", '
    '{"marginalia": "https://marginalia.invalid/ns#"}], "id": "http://testserver/export/x", '
    '"type": "AnnotationCollection", "label": "Marginalia annotations", "total": 2, '
    '"first": {"id": "http://testserver/export/x#page1", "type": "AnnotationPage", '
    '"startIndex": 0, "items": [\n'
    '{"id": "http://testserver/api/annotations/FIRST/", "type": "Annotation", '
    '"motivation": "commenting", "creator": {"type": "Person", "nickname": "alice"}, '
    '"created": "2026-03-01T09:30:00Z", "modified": "2026-03-01T09:30:00Z", '
    '"marginalia:color": "yellow", '
    '"body": [{"type": "TextualBody", "value": "The *heart* of it.", "purpose": "commenting", '
    '"format": "text/markdown"}, {"type": "TextualBody", "value": "Agriculture", '
    '"purpose": "tagging"}, {"type": "TextualBody", "value": "nep", "purpose": "tagging"}], '
    '"target": {"source": "http://testserver/read/nep/", "selector": [{"type": '
    '"TextQuoteSelector", "exact": "tax in kind", "prefix": " replaced requisitioning with a ", '
    '"suffix": ", and let peasants sell what was"}, {"type": "TextPositionSelector", '
    '"start": 74, "end": 85}]}},\n'
    '{"id": "http://testserver/api/annotations/SECOND/", "type": "Annotation", '
    '"motivation": "highlighting", "creator": {"type": "Person", "nickname": "alice"}, '
    '"created": "2026-03-01T09:30:00Z", "modified": "2026-03-01T09:30:00Z", '
    '"marginalia:color": "yellow", '
    '"target": {"source": "http://testserver/read/nep/", "selector": [{"type": '
    '"TextQuoteSelector", "exact": "Private trade returned to the towns", '
    '"prefix": "nd make a bigger leap forward.\\n\\n", "suffix": " within a year."}, '
    '{"type": "TextPositionSelector", "start": 282, "end": 317}]}}\n'
    "]}}\n"
)

CSV = (
    "Highlight,Title,Author,URL,Note,Location,Date,Tags,Annotated by,Hidden,Replies,"
    "Reply parents\r\n"
    "tax in kind,The NEP,E. H. Carr,http://testserver/read/nep/p/2/,The *heart* of it.,2,"
    '2026-03-01 09:30:00,"Agriculture, nep",alice,,,\r\n'
    "Private trade returned to the towns,The NEP,E. H. Carr,http://testserver/read/nep/p/4/,"
    ",4,2026-03-01 09:30:00,,alice,,,\r\n"
)

MARKDOWN = """\
---
title: "The NEP"
author: "E. H. Carr"
source: "http://testserver/read/nep/"
exported: 2026-03-02
---

# The NEP

## The New Economic Policy

> tax in kind

The *heart* of it.

#Agriculture #nep · [¶ 2](http://testserver/read/nep/p/2/)

> Private trade returned to the towns

[¶ 4](http://testserver/read/nep/p/4/)
"""


def test_it_writes_the_collection_exactly(notes, owner):
    found, body = exported(owner, "jsonld")
    expected = JSONLD.replace("FIRST", str(notes[0].pk)).replace("SECOND", str(notes[1].pk))
    assert body.decode() == expected
    assert found.filename == "x-2026-03-02.jsonld"
    assert found.content_type.startswith("application/ld+json")


def test_it_writes_the_csv_exactly(notes, owner):
    found, body = exported(owner, "csv")
    assert body.decode("utf-8") == CSV
    assert found.content_type == "text/csv; charset=utf-8"


def test_it_writes_one_markdown_file_for_one_document(notes, owner):
    found, body = exported(owner, "md")
    assert body.decode() == MARKDOWN
    assert found.filename == "nep.md"


def test_it_zips_one_markdown_file_per_document(notes, owner):
    other = ingest_document(slug="second", title="Second: a text")
    fix_times(highlight(other, owner, "tax in kind", tags=["two words", "x,y"]))
    found, body = exported(owner, "md")
    assert found.filename == "x-2026-03-02.zip"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert sorted(archive.namelist()) == ["nep.md", "second.md"]
        assert archive.read("nep.md").decode() == MARKDOWN
        second = archive.read("second.md").decode()
    # Front matter quotes what YAML would misread (the colon); tags lose their spaces.
    assert second.startswith('---\ntitle: "Second: a text"\nauthor: "E. H. Carr"\n')
    assert "#two-words #x-y · [¶ 2](http://testserver/read/second/p/2/)" in second


def test_it_quotes_each_line_of_a_highlight_across_paragraphs(document, owner):
    quote = "on the market.\n\nWe are retreating"
    fix_times(highlight(document, owner, quote, comment="Two paragraphs."))
    _, body = exported(owner, "md")
    assert "\n> on the market.\n>\n> We are retreating\n\nTwo paragraphs.\n" in body.decode()


def test_it_writes_an_empty_collection(owner, db):
    _, body = exported(owner, "jsonld")
    assert body.decode().endswith('"items": [\n]}}\n')
    _, body = exported(owner, "csv")
    assert body.decode() == (
        "Highlight,Title,Author,URL,Note,Location,Date,Tags,Annotated by,Hidden,Replies,"
        "Reply parents\r\n"
    )


def test_it_refuses_an_unknown_format(owner, db):
    from annotations.export.streams import ExportFormatError

    with pytest.raises(ExportFormatError, match="Unknown format 'pdf'"):
        exported(owner, "pdf")


# Threads: nested in Markdown, a parent column in CSV


@pytest.fixture
def thread(notes, owner, outsider):
    """Replies to the first note: a question, two levels of answers, a chain to depth 5."""
    from annotations import services
    from annotations.models import Annotation, Reply

    first = notes[0]
    Annotation.objects.filter(pk=first.pk).update(visibility="public")
    first.refresh_from_db()
    made = {}

    def reply(name, author, parent=None):
        made[name] = services.reply_create(
            annotation=first, author=author, body=name, parent=made.get(parent)
        )

    reply("Why?", outsider)
    reply("Grain.", owner, "Why?")
    reply("Aside", outsider)
    reply("Really?", outsider, "Grain.")
    reply("Yes.", owner, "Really?")
    reply("Sure?", outsider, "Yes.")
    for number, pk in enumerate(reply.pk for reply in made.values()):
        Reply.objects.filter(pk=pk).update(created=WHEN + datetime.timedelta(minutes=number))
    return made


def exported_with_replies(user, fmt):
    found = export_file(
        annotations_for_export(user, "me"),
        fmt,
        Links(BASE),
        name="x",
        today=TODAY,
        replies_for=user,
    )
    return b"".join(found.chunks).decode()


def test_it_nests_a_thread_in_markdown(thread, owner):
    body = exported_with_replies(owner, "md")

    assert (
        "- **carol** (2026-03-01): Why?\n"
        "  - **alice** (2026-03-01): Grain.\n"
        "    - **carol** (2026-03-01): Really?\n"
        "      - **alice** (2026-03-01): Yes.\n"
        "      - **carol** (in reply to @alice) (2026-03-01): Sure?\n"
        "- **carol** (2026-03-01): Aside\n"
    ) in body


def test_it_gives_each_reply_its_parent_in_csv(thread, owner):
    rows = list(csv.reader(io.StringIO(exported_with_replies(owner, "csv"))))

    header, first = rows[0], rows[1]
    replies = first[header.index("Replies")].split("\n")
    parents = first[header.index("Reply parents")].split("\n")
    assert list(zip(replies, parents, strict=True)) == [
        ("carol: Why?", "0"),
        ("alice: Grain.", "1"),
        ("carol: Really?", "2"),
        ("alice: Yes.", "3"),
        ("carol: Sure?", "4"),
        ("carol: Aside", "0"),
    ]

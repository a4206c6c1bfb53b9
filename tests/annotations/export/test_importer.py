"""annotations.export.importer: this project's JSON-LD back in, as the reader's own
private annotations, anchored by their selectors; bad input changes nothing."""

import json

import pytest
from taggit.models import Tag

from annotations.export.importer import (
    MAX_IMPORT_BYTES,
    ImportFileError,
    import_jsonld,
)
from annotations.export.links import Links
from annotations.export.scopes import annotations_for_export
from annotations.export.streams import export_file
from annotations.models import Annotation, Visibility
from corpus.ingest.blocks import Block
from corpus.models import Document
from tests.annotations.conftest import BLOCKS, highlight, ingest_document, span

BASE = "http://elsewhere.test"


def exported_jsonld(user, **filters) -> dict:
    found = export_file(annotations_for_export(user, "me", **filters), "jsonld", Links(BASE))
    return json.loads(b"".join(found.chunks))


def comparable(collection: dict) -> list[dict]:
    """The annotations without what an import may change: ids and times."""
    return [
        {key: value for key, value in item.items() if key not in ("id", "created", "modified")}
        for item in collection["first"]["items"]
    ]


def annotation(exact, start=None, *, source=f"{BASE}/read/nep/", **extra) -> dict:
    selectors = [{"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""}]
    if start is not None:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": start + 1})
    return {
        "type": "Annotation",
        "target": {"source": source, "selector": selectors},
        **extra,
    }


def test_it_round_trips_through_a_fresh_database(notes, document, owner, outsider):
    highlight(document, owner, "on the market.\n\nWe are retreating", comment="Ещё — «да»")
    highlight(document, owner, "We are retreating", tags=["Retreat", "nep"], visibility="public")
    before = exported_jsonld(owner)
    # A fresh database: no annotations, tags or documents; the corpus ingested again.
    Annotation.objects.all().delete()
    Tag.objects.all().delete()
    Document.objects.all().delete()
    ingest_document()

    report = import_jsonld(user=outsider, data=json.dumps(before).encode())

    assert report.created == 4
    assert set(Annotation.objects.values_list("visibility", flat=True)) == {Visibility.PRIVATE}
    after = exported_jsonld(outsider)
    for item in before["first"]["items"]:
        item["creator"]["nickname"] = "carol"
    assert comparable(after) == comparable(before)


def test_it_reports_each_annotation(document, owner):
    start, _ = span(document, "tax in kind")
    data = {
        "type": "AnnotationCollection",
        "first": {
            "type": "AnnotationPage",
            "items": [
                annotation("tax in kind", start, id="urn:a"),
                annotation("not in this text at all", 3, id="urn:b"),
                annotation("tax in kind", 0, source=f"{BASE}/read/unknown/", id="urn:c"),
                {"type": "Annotation", "id": "urn:d"},
                "not an object",
            ],
        },
    }
    report = import_jsonld(user=owner, data=data).as_json()
    assert [(r["status"], r.get("source_id")) for r in report["results"]] == [
        ("created", "urn:a"),
        ("not anchored", "urn:b"),
        ("unknown document", "urn:c"),
        ("invalid", "urn:d"),
        ("invalid", None),
    ]
    assert report["created"] == 1
    assert report["invalid"] == 2
    assert (
        report["results"][3]["message"] == "target must be one object with a source and selectors."
    )
    created = Annotation.objects.get(pk=report["results"][0]["annotation"])
    assert (created.start, created.exact, created.author) == (start, "tax in kind", owner)


def test_it_anchors_a_stale_position_at_the_nearest_quote(owner, db):
    blocks = [*BLOCKS, Block("body", "A second tax in kind, later."), Block("body", "Filler.")]
    document = ingest_document(blocks=blocks)
    first, _ = span(document, "tax in kind", 0)
    second, _ = span(document, "tax in kind", 1)
    # The position is stale (the text there is not the quote) but near the second one.
    stale = second + 3
    report = import_jsonld(user=owner, data=[annotation("tax in kind", stale)])
    assert report.created == 1
    assert Annotation.objects.get().start == second
    # And the position wins when the text there still equals the quote.
    import_jsonld(user=owner, data=[annotation("tax in kind", first)])
    assert sorted(Annotation.objects.values_list("start", flat=True)) == [first, second]


def test_it_takes_a_quote_without_a_position(document, owner):
    report = import_jsonld(user=owner, data=annotation("Private trade"))
    assert report.created == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "The file is not JSON"),
        (b"\xff\xfe\x00", "The file is not JSON"),
        (b'{"type": "Something"}', "Expected W3C Web Annotation JSON-LD"),
        (b'"a string"', "Expected W3C Web Annotation JSON-LD"),
        (b'{"type": "AnnotationCollection", "first": {"items": 3}}', "no list of annotations"),
        (b" " * (MAX_IMPORT_BYTES + 1), "larger than 20 MB"),
    ],
)
def test_it_refuses_a_bad_file_and_changes_nothing(data, message, owner, db):
    with pytest.raises(ImportFileError, match=message):
        import_jsonld(user=owner, data=data)
    assert Annotation.objects.count() == 0


def test_it_reports_what_the_services_refuse(document, owner):
    item = annotation("tax in kind", body=[{"type": "TextualBody", "value": "x" * 20_000}])
    report = import_jsonld(user=owner, data=[item])
    assert report.results[0].status == "invalid"
    assert report.results[0].message.startswith("comment: A comment is at most")
    assert Annotation.objects.count() == 0


def test_it_imports_nothing_when_something_unexpected_fails(document, owner, monkeypatch):
    from annotations import services

    def failing(replies):
        raise RuntimeError("disk full")

    # The annotations are inserted, then the replies fail: the annotations go too.
    monkeypatch.setattr(services, "replies_bulk_create", failing)
    with pytest.raises(RuntimeError):
        import_jsonld(user=owner, data=[annotation("tax in kind"), annotation("Private trade")])
    assert Annotation.objects.count() == 0

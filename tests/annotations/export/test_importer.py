"""annotations.export.importer: this project's JSON-LD back in, as the reader's own
private annotations, anchored by their selectors; bad input changes nothing."""

import datetime
import json

import pytest
from taggit.models import Tag

from annotations import services
from annotations.export import importer
from annotations.export.importer import (
    MAX_IMPORT_BYTES,
    ImportFileError,
    import_jsonld,
)
from annotations.export.links import Links
from annotations.export.scopes import annotations_for_export
from annotations.export.streams import export_file
from annotations.models import Annotation, Reply, Visibility
from corpus.ingest.blocks import Block
from corpus.models import Document
from tests.annotations.conftest import BLOCKS, highlight, ingest_document, span
from tests.annotations.export.conftest import WHEN, fix_times

BASE = "http://elsewhere.test"


def exported_jsonld(user, *, replies: bool = False, **filters) -> dict:
    found = export_file(
        annotations_for_export(user, "me", **filters),
        "jsonld",
        Links(BASE),
        replies_for=user if replies else None,
    )
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
    def failing(replies):
        raise RuntimeError("disk full")

    # The annotations are inserted, then the replies fail: the annotations go too.
    monkeypatch.setattr(services, "replies_bulk_create", failing)
    with pytest.raises(RuntimeError):
        import_jsonld(user=owner, data=[annotation("tax in kind"), annotation("Private trade")])
    assert Annotation.objects.count() == 0


# Bulk: the services' checks on every item, nothing half-written.


def test_it_keeps_tags_and_sanitises_comments(document, owner, member):
    highlight(document, member, "tax in kind", tags=["Economy"])
    items = [
        annotation(
            "tax in kind",
            body=[
                {"type": "TextualBody", "value": "<script>x</script> *so*"},
                {"type": "TextualBody", "value": "economy", "purpose": "tagging"},
                {"type": "TextualBody", "value": "New  tag", "purpose": "tagging"},
            ],
        ),
        annotation(
            "Private trade", body={"type": "TextualBody", "value": "NEP", "purpose": "tagging"}
        ),
    ]
    report = import_jsonld(user=owner, data=items)

    assert report.created == 2
    first, second = (Annotation.objects.get(pk=r.annotation) for r in report.results)
    assert first.comment == "<script>x</script> *so*"
    assert first.comment_html == "<p>&lt;script&gt;x&lt;/script&gt; <em>so</em></p>"
    # An existing tag is reused whatever its case; a new one is made once.
    assert sorted(first.tags.names()) == ["Economy", "New tag"]
    assert list(second.tags.names()) == ["NEP"]
    assert Tag.objects.filter(name__iexact="economy").count() == 1


def test_it_reports_each_refused_item_and_creates_the_others(document, owner):
    items = [
        annotation("tax in kind", **{"marginalia:color": "orange"}),
        annotation("Private trade", body=[{"type": "TextualBody", "value": "x" * 20_000}]),
        annotation(
            "We are retreating",
            body=[
                {"type": "TextualBody", "value": f"t{n}", "purpose": "tagging"} for n in range(21)
            ],
        ),
        annotation("on the market", created="yesterday"),
        annotation("on the market", **{"marginalia:color": "green"}),
    ]
    report = import_jsonld(user=owner, data=items)

    assert [(r.status, r.message.split(":")[0]) for r in report.results] == [
        ("invalid", "color"),
        ("invalid", "comment"),
        ("invalid", "tags"),
        ("invalid", "created must be a date and time, such as 2026-03-01T09"),
        ("created", ""),
    ]
    assert list(Annotation.objects.values_list("exact", "color")) == [("on the market", "green")]


def test_a_repeated_item_in_one_file_is_created_once(document, owner):
    report = import_jsonld(user=owner, data=[annotation("tax in kind"), annotation("tax in kind")])
    assert [r.status for r in report.results] == ["created", "already imported"]
    assert report.results[1].annotation == report.results[0].annotation
    assert Annotation.objects.count() == 1


# Idempotence


def test_the_same_file_twice_creates_nothing_the_second_time(notes, owner, outsider):
    data = json.dumps(exported_jsonld(owner))
    first = import_jsonld(user=outsider, data=data)
    second = import_jsonld(user=outsider, data=data)

    assert (first.created, second.created) == (2, 0)
    assert [r.status for r in second.results] == ["already imported"] * 2
    assert [r.annotation for r in second.results] == [r.annotation for r in first.results]
    assert Annotation.objects.filter(author=outsider).count() == 2


def test_it_knows_an_annotation_by_its_source_id_wherever_it_anchors(document, owner):
    start, _ = span(document, "tax in kind")
    import_jsonld(user=owner, data=[annotation("tax in kind", start, id="urn:one")])
    created = Annotation.objects.get()
    assert created.source_id == "urn:one"
    # The same id, now quoting a longer passage: still the one imported before.
    report = import_jsonld(user=owner, data=[annotation("the tax in kind", id="urn:one")])
    assert (report.results[0].status, report.results[0].annotation) == (
        "already imported",
        created.pk,
    )
    assert Annotation.objects.count() == 1


def test_the_same_file_without_ids_creates_nothing_the_second_time(notes, owner, outsider):
    data = exported_jsonld(owner)
    import_jsonld(user=outsider, data=data)
    for item in data["first"]["items"]:
        del item["id"]

    report = import_jsonld(user=outsider, data=data)

    assert [r.status for r in report.results] == ["already imported"] * 2
    assert Annotation.objects.filter(author=outsider).count() == 2


# Round trip: colour, times, replies


def test_a_readers_notes_come_back_the_same_with_colours_times_and_replies(
    document, owner, member, circle
):
    first = highlight(
        document, owner, "tax in kind", color="green", comment="Why *this*?", tags=["nep", "Tax"]
    )
    second = highlight(
        document, owner, "Private trade", color="purple", visibility="circle", circle=circle.slug
    )
    fix_times(first, WHEN)
    fix_times(second, WHEN + datetime.timedelta(days=1))
    Annotation.objects.filter(pk=second.pk).update(updated=WHEN + datetime.timedelta(days=2))
    services.reply_create(annotation=second, author=member, body="Agreed.")
    own = services.reply_create(annotation=second, author=owner, body="And *more*.")
    Reply.objects.filter(pk=own.pk).update(created=WHEN, updated=WHEN)
    before = exported_jsonld(owner, replies=True)
    Annotation.objects.all().delete()

    report = import_jsonld(user=owner, data=json.dumps(before))

    statuses = [(r.status, r.message) for r in report.results]
    # Oldest first, each annotation's replies after it: the owner's, then the member's.
    assert statuses == [
        ("created", ""),
        ("created", ""),
        ("created", ""),
        ("skipped", "A reply by another reader: only your own replies are imported."),
    ]
    restored = Annotation.objects.get(exact="Private trade")
    assert restored.replies.get().body_html == "<p>And <em>more</em>.</p>"
    after = exported_jsonld(owner, replies=True)
    # The member's reply is theirs to bring back, and the circle's annotation comes back
    # private; the rest is as it was, ids apart.
    expected = [
        item for item in before["first"]["items"] if item["creator"]["nickname"] == owner.username
    ]
    assert without_ids(after["first"]["items"]) == without_ids(expected)
    # Again: the annotations and the reply are there already.
    again = import_jsonld(user=owner, data=json.dumps(before))
    assert [r.status for r in again.results] == [
        "already imported",
        "already imported",
        "already imported",
        "skipped",
    ]
    assert Reply.objects.count() == 1


def test_a_reply_to_an_annotation_not_imported_is_skipped(document, owner):
    reply = {
        "type": "Annotation",
        "motivation": "replying",
        "creator": {"type": "Person", "nickname": owner.username},
        "body": {"type": "TextualBody", "value": "Hm."},
        "target": "urn:gone",
    }
    report = import_jsonld(user=owner, data=[annotation("not in the text", id="urn:gone"), reply])
    assert [r.status for r in report.results] == ["not anchored", "skipped"]
    assert report.results[1].message == "The annotation it replies to was not imported."


def without_ids(items: list[dict]) -> list[dict]:
    """The items with their own ids and the ids replies point at left out."""
    found = []
    for item in items:
        item = {key: value for key, value in item.items() if key != "id"}
        if item.get("motivation") == "replying":
            item.pop("target")
        found.append(item)
    return found


def test_it_says_how_far_it_got(document, owner, monkeypatch):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 1)
    told = []
    import_jsonld(
        user=owner,
        data=[annotation("tax in kind"), annotation("Private trade")],
        progress=told.append,
    )
    assert told == [45, 80, 90]


# Threads: a reply to a reply targets that reply's id, and comes back under it


def threaded(collection: dict) -> list[dict]:
    """``comparable``, with each target that is an item of the file named by its place."""
    place = {item["id"]: index for index, item in enumerate(collection["first"]["items"])}
    items = comparable(collection)
    for item in items:
        if isinstance(item["target"], str):
            item["target"] = place.get(item["target"], item["target"])
    return items


def test_it_round_trips_a_thread_of_replies_to_replies(notes, document, owner, outsider):
    public = highlight(document, owner, "We are retreating", visibility="public")
    first = services.reply_create(annotation=public, author=owner, body="Lenin, 1922")
    second = services.reply_create(annotation=public, author=owner, body="Which speech?")
    answer = services.reply_create(annotation=public, author=owner, body="XI", parent=first)
    services.reply_create(annotation=public, author=owner, body="Sure", parent=answer)
    before = exported_jsonld(owner, replies=True)
    items = before["first"]["items"]
    by_body = {item["body"]["value"]: item for item in items if item["motivation"] == "replying"}
    assert by_body["XI"]["target"] == f"{BASE}/api/replies/{first.pk}/"
    assert by_body["Sure"]["target"] == f"{BASE}/api/replies/{answer.pk}/"
    assert by_body["Which speech?"]["target"] == f"{BASE}/api/annotations/{public.pk}/"
    assert second.parent_id is None
    Annotation.objects.all().delete()
    Document.objects.all().delete()
    ingest_document()

    report = import_jsonld(user=owner, data=json.dumps(before).encode())

    assert report.created == len(items)
    made = {reply.body: reply for reply in Reply.objects.select_related("parent")}
    assert made["XI"].parent == made["Lenin, 1922"]
    assert made["Sure"].parent == made["XI"]
    assert made["Which speech?"].parent is None
    after = exported_jsonld(owner, replies=True)
    assert threaded(after) == threaded(before)
    # A second import of the same file creates nothing.
    again = import_jsonld(user=owner, data=json.dumps(before).encode())
    assert again.created == 0
    assert Reply.objects.count() == 4


def test_it_puts_a_reply_under_the_nearest_imported_reply_above_it(document, owner, outsider):
    public = highlight(document, owner, "We are retreating", visibility="public")
    mine = services.reply_create(annotation=public, author=owner, body="Mine")
    theirs = services.reply_create(annotation=public, author=outsider, body="Theirs", parent=mine)
    services.reply_create(annotation=public, author=owner, body="Answer", parent=theirs)
    data = exported_jsonld(owner, replies=True)
    Annotation.objects.all().delete()

    report = import_jsonld(user=owner, data=json.dumps(data).encode()).as_json()

    assert [r["status"] for r in report["results"]] == ["created", "created", "skipped", "created"]
    made = {reply.body: reply for reply in Reply.objects.select_related("parent")}
    assert set(made) == {"Mine", "Answer"}
    assert made["Answer"].parent == made["Mine"]


def test_it_reads_a_thread_whose_answers_come_before_the_replies_they_answer(document, owner):
    start, _ = span(document, "tax in kind")
    reply = {
        "type": "Annotation",
        "motivation": "replying",
        "creator": {"type": "Person", "nickname": "alice"},
    }
    items = [
        {
            **reply,
            "id": "urn:r2",
            "target": "urn:r1",
            "body": {"type": "TextualBody", "value": "2"},
        },
        annotation("tax in kind", start, id="urn:a"),
        {**reply, "id": "urn:r1", "target": "urn:a", "body": {"type": "TextualBody", "value": "1"}},
    ]

    report = import_jsonld(user=owner, data=items).as_json()

    assert [r["status"] for r in report["results"]] == ["created"] * 3
    made = {reply.body: reply for reply in Reply.objects.all()}
    assert made["2"].parent_id == made["1"].pk

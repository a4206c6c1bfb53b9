"""The export page, the import API and the JSON-LD form of one annotation."""

import io
import json

import pytest
from django.test import Client

from annotations.circles.services import circle_create
from annotations.export.importer import MAX_IMPORT_BYTES
from annotations.models import Annotation, ImportJob
from annotations.tasks import import_annotations
from tests.annotations.conftest import highlight


@pytest.fixture
def reader(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_streams_a_csv_attachment(notes, reader):
    response = reader.get("/export/", {"scope": "me", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="marginalia-me-')
    lines = body_of(response).decode().splitlines()
    assert (
        lines[0]
        == "Highlight,Title,Author,URL,Note,Location,Date,Tags,Annotated by,Hidden,Replies,"
        "Reply parents"
    )
    assert len(lines) == 3


def test_it_exports_one_document_as_markdown(notes, reader):
    response = reader.get("/export/", {"document": "nep", "format": "md"})
    assert response["Content-Disposition"] == 'attachment; filename="nep.md"'
    assert body_of(response).decode().startswith('---\ntitle: "The NEP"\n')


def test_it_exports_jsonld(notes, reader):
    response = reader.get("/export/", {"format": "jsonld", "tag": "nep"})
    collection = json.loads(body_of(response))
    assert collection["type"] == "AnnotationCollection"
    assert [item["id"] for item in collection["first"]["items"]] == [
        f"http://testserver/api/annotations/{notes[0].pk}/"
    ]


def test_it_renders_a_page_to_print(notes, reader):
    response = reader.get("/export/", {"format": "print"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "tax in kind" in page
    # The comment as its Markdown renders, sanitised on write, not as raw Markdown.
    assert '<div class="export-comment"><p>The <em>heart</em> of it.</p></div>' in page
    assert "*heart*" not in page
    assert 'href="http://testserver/read/nep/p/2/"' in page


def test_a_circle_one_is_not_in_is_a_404(notes, owner, outsider):
    circle = circle_create(owner=outsider, name="Closed")
    client = Client()
    client.force_login(owner)
    assert (
        client.get("/export/", {"scope": f"circle:{circle.slug}", "format": "csv"}).status_code
        == 404
    )


def test_bad_requests_are_400s(reader, db):
    assert reader.get("/export/", {"format": "pdf"}).status_code == 400
    response = reader.get("/export/", {"format": "csv", "scope": "all"})
    assert response.status_code == 400
    assert "Unknown scope" in response.content.decode()


def test_it_needs_a_signed_in_reader(db):
    response = Client().get("/export/", {"format": "csv"})
    assert response.status_code == 302


def test_the_pages_link_to_their_exports(notes, reader, owner, member):
    assert "/export/?scope=me&amp;format=md" in reader.get("/notebook/").content.decode()
    document_page = reader.get("/read/nep/").content.decode()
    assert "/export/?scope=me&amp;document=nep&amp;format=csv" in document_page
    circle = circle_create(owner=owner, name="Study")
    assert (
        f"/export/?scope=circle:{circle.slug}&amp;format=jsonld"
        in reader.get(f"/circles/{circle.slug}/").content.decode()
    )


# The JSON-LD form of one annotation


def test_it_answers_one_annotation_as_jsonld(notes, author_client):
    url = f"/api/annotations/{notes[0].pk}/"
    for response in (
        author_client.get(url, HTTP_ACCEPT="application/ld+json"),
        author_client.get(url, {"format": "jsonld"}),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/ld+json"
        answer = json.loads(response.content)
        assert answer["@context"] == [
            "http://www.w3.org/ns/anno.jsonld",
            {"marginalia": "https://marginalia.invalid/ns#"},
        ]
        assert answer["id"] == f"http://testserver{url}"
        assert answer["target"]["selector"][1] == {
            "type": "TextPositionSelector",
            "start": 74,
            "end": 85,
        }
    assert author_client.get(url)["Content-Type"] == "application/json"


def test_jsonld_of_an_annotation_one_may_not_see_is_a_404(notes, other_client):
    response = other_client.get(f"/api/annotations/{notes[0].pk}/", {"format": "jsonld"})
    assert response.status_code == 404


# Import


def exported(client) -> bytes:
    return body_of(client.get("/export/", {"format": "jsonld"}))


def test_it_imports_a_multipart_file(notes, reader, other_client, outsider):
    data = exported(reader)
    response = other_client.post("/api/import/", {"file": io.BytesIO(data)}, format="multipart")
    assert response.status_code == 201
    assert response.json()["created"] == 2
    assert Annotation.objects.filter(author=outsider, visibility="private").count() == 2


def test_it_imports_a_json_body(notes, reader, other_client):
    response = other_client.post(
        "/api/import/", exported(reader), content_type="application/ld+json"
    )
    assert response.status_code == 201
    assert [r["status"] for r in response.json()["results"]] == ["created", "created"]


def test_nothing_to_import_is_a_200_with_the_report(document, author_client):
    data = {
        "type": "Annotation",
        "target": {
            "source": "http://x/read/gone/",
            "selector": {"type": "TextQuoteSelector", "exact": "x"},
        },
    }
    response = author_client.post("/api/import/", data, format="json")
    assert response.status_code == 200
    assert response.json()["unknown_document"] == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [(b"{oops", "The file is not JSON"), (b"[1, 2]", None), (b'{"a": 1}', "Expected W3C")],
)
def test_bad_files_are_400s_not_500s(body, message, author_client, db):
    response = author_client.post("/api/import/", body, content_type="application/json")
    if message is None:
        assert response.status_code == 200
        assert response.json()["invalid"] == 2
    else:
        assert response.status_code == 400
        assert message in response.json()["file"][0]


def test_a_multipart_without_a_file_is_a_400(author_client, db):
    response = author_client.post("/api/import/", {"other": "x"}, format="multipart")
    assert response.status_code == 400


def test_a_file_over_20_mb_is_a_413(author_client, db):
    big = b" " * (MAX_IMPORT_BYTES + 1)
    response = author_client.post("/api/import/", {"file": io.BytesIO(big)}, format="multipart")
    assert response.status_code == 413
    response = author_client.post("/api/import/", big, content_type="application/json")
    assert response.status_code == 413
    assert "20 MB" in response.json()["file"][0]


def test_import_needs_a_signed_in_reader(anonymous, db):
    response = anonymous.post("/api/import/", b"[]", content_type="application/json")
    assert response.status_code == 403


def test_circle_annotations_come_back_private(document, owner, other_client, reader):
    circle = circle_create(owner=owner, name="Study")
    highlight(document, owner, "tax in kind", visibility="circle", circle=circle.slug)
    response = other_client.post("/api/import/", exported(reader), content_type="application/json")
    assert response.status_code == 201
    created = Annotation.objects.get(pk=response.json()["results"][0]["annotation"])
    assert (created.visibility, created.circle) == ("private", None)


def test_a_second_import_creates_nothing_and_says_so(notes, reader, other_client, outsider):
    data = exported(reader)
    other_client.post("/api/import/", data, content_type="application/json")

    response = other_client.post("/api/import/", data, content_type="application/json")

    assert response.status_code == 200
    assert (response.json()["created"], response.json()["already_imported"]) == (0, 2)
    assert Annotation.objects.filter(author=outsider).count() == 2


# A large file: queued, imported by the worker, its progress and report to its sender only.


def test_it_queues_a_large_file_and_the_worker_imports_it(
    run_worker,
    notes,
    reader,
    client_as,
    outsider,
    owner,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.MARGINALIA_IMPORT_INLINE_MAX = 1
    client = client_as(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/import/", exported(reader), content_type="application/json")

    assert response.status_code == 202, response.json()
    task_url = response.json()["url"]
    assert response["Location"] == task_url
    assert (response.json()["state"], response.json()["report"]) == ("queued", None)
    assert Annotation.objects.filter(author=outsider).count() == 0
    assert client_as(owner).get(task_url).status_code == 404

    run_worker()

    task = client.get(task_url).json()
    assert (task["state"], task["progress"]) == ("done", 100)
    assert task["message"] == (
        "2 annotations: 2 created, 0 not anchored, 0 unknown document, 0 invalid, "
        "0 already imported, 0 skipped."
    )
    assert [r["status"] for r in task["report"]["results"]] == ["created", "created"]
    assert Annotation.objects.filter(author=outsider).count() == 2
    assert bytes(ImportJob.objects.get().data) == b""  # the file is not kept


def test_a_queued_file_that_is_not_an_export_fails_with_why(
    run_worker, owner, client_as, settings, django_capture_on_commit_callbacks
):
    settings.MARGINALIA_IMPORT_INLINE_MAX = 1
    client = client_as(owner)
    job = ImportJob.objects.create(owner=owner, data=b'{"type": "Nothing"}')
    with django_capture_on_commit_callbacks(execute=True):
        import_annotations.enqueue(str(job.pk))

    run_worker()

    task = client.get(f"/api/import/{job.pk}/").json()
    assert (task["state"], task["report"]) == ("failed", None)
    assert task["message"].startswith("Expected W3C Web Annotation JSON-LD")


def test_the_print_page_names_the_circle_not_its_scope(document, owner, reader):
    circle = circle_create(owner=owner, name="Tuesday Readers")
    highlight(document, owner, "tax in kind", visibility="circle", circle=circle.slug)

    page = reader.get("/export/", {"scope": f"circle:{circle.slug}", "format": "print"})

    text = page.content.decode()
    assert "· Tuesday Readers." in text
    assert f"circle:{circle.slug}" not in text


def test_the_print_page_keeps_unsafe_markdown_out(document, owner, reader):
    highlight(
        document,
        owner,
        "tax in kind",
        comment="<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.org/)",
    )

    page = reader.get("/export/", {"format": "print"}).content.decode()

    assert "<script>alert" not in page
    assert 'href="javascript' not in page
    assert (
        '<a href="https://example.org/" rel="nofollow noopener noreferrer" target="_blank">ok</a>'
        in page
    )


@pytest.mark.parametrize("fmt", ["md", "csv", "jsonld", "print"])
def test_an_export_with_nothing_in_it_says_so_instead_of_an_empty_file(owner, reader, fmt, db):
    response = reader.get("/export/", {"format": fmt})

    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert "<h1>Nothing to export</h1>" in page
    assert "You have no annotations yet, so there is no file to download." in page
    assert '<a href="/notebook/">Back to your notebook</a>' in page


def test_a_filter_that_matches_nothing_says_so_and_links_back(notes, reader):
    response = reader.get("/export/", {"format": "md", "tag": "nowhere"})

    assert response.status_code == 404
    page = response.content.decode()
    assert "None of your annotations match these filters" in page
    assert '<a href="/notebook/?tag=nowhere">Back to your notebook</a>' in page


def test_an_empty_circle_export_says_so(owner, reader, db):
    circle = circle_create(owner=owner, name="Quiet")

    response = reader.get("/export/", {"scope": f"circle:{circle.slug}", "format": "csv"})

    assert response.status_code == 404
    assert "There are no annotations in Quiet yet" in response.content.decode()


def test_it_exports_with_the_notebooks_filters(document, owner, reader):
    from annotations.models import Anchor

    green = highlight(document, owner, "tax in kind", color="green", comment="grain tax")
    highlight(document, owner, "Private trade returned to the towns", color="green")
    highlight(document, owner, "We are retreating", color="pink", comment="grain")
    Annotation.objects.filter(pk=green.pk).update(anchor=Anchor.FUZZY)

    def exported(**filters) -> list[str]:
        response = reader.get("/export/", {"format": "csv", **filters})
        assert response.status_code == 200
        return [line.split(",")[0] for line in body_of(response).decode().splitlines()[1:]]

    assert exported(color="green") == ["tax in kind", "Private trade returned to the towns"]
    assert exported(q="grain") == ["tax in kind", "We are retreating"]
    assert exported(needs_review="yes") == ["tax in kind"]
    assert exported(color="green", q="grain") == ["tax in kind"]


def test_it_exports_a_selection_and_never_anyone_elses(document, owner, outsider, reader):
    mine = highlight(document, owner, "tax in kind")
    highlight(document, owner, "Private trade returned to the towns")
    theirs = highlight(document, outsider, "We are retreating", visibility="public")

    response = reader.get("/export/", {"format": "csv", "id": [mine.pk, theirs.pk]})

    lines = body_of(response).decode().splitlines()[1:]
    assert [line.split(",")[0] for line in lines] == ["tax in kind"]
    only_theirs = reader.get("/export/", {"format": "csv", "id": [theirs.pk]})
    assert only_theirs.status_code == 404


@pytest.mark.parametrize("ids", [["x"], ["1e3"], ["1"] * 501])
def test_a_bad_selection_is_a_400(reader, db, ids):
    response = reader.get("/export/", {"format": "csv", "id": ids})

    assert response.status_code == 400
    assert "id must be up to 500 annotation numbers" in response.content.decode()


def test_the_page_to_print_nests_a_thread(notes, reader, owner, member):
    from annotations import services

    Annotation.objects.filter(pk=notes[0].pk).update(visibility="public")
    notes[0].refresh_from_db()
    parent = None
    for number in range(5):
        parent = services.reply_create(
            annotation=notes[0],
            author=owner if number % 2 else member,
            body=f"R{number}",
            parent=parent,
        )

    page = reader.get("/export/", {"format": "print"}).content.decode()

    depths = [page.index(f'<li class="export-reply-depth-{depth}">') for depth in (0, 1, 2, 3)]
    assert depths == sorted(depths)
    assert '<span class="meta">bob (in reply to @alice), ' in page


def test_the_print_page_shows_replies_as_formatted_text_never_their_markup(notes, owner, reader):
    from annotations import services

    services.reply_create(
        annotation=notes[0],
        author=owner,
        body="**Agreed**, see [this](https://example.org/) <script>alert(1)</script>",
    )

    page = reader.get("/export/", {"format": "print"}).content.decode()

    assert "<strong>Agreed</strong>" in page
    assert "**Agreed**" not in page
    assert "<script>alert" not in page

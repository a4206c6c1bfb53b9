"""POST /api/documents/ and /api/documents/<slug>/versions/, GET /api/tasks/<id>/."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations.models import IngestJob, LibraryText
from corpus.models import Document
from tests.annotations.conftest import Served, sample, stored

URL = "/api/documents/"
DRM = "The EPUB is DRM-protected (its content is encrypted)."


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def post(client, **fields):
    return client.post(URL, fields, format="multipart")


ENCRYPTION = (
    '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
    'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
    '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
    '<enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData>'
    "</enc:EncryptedData></encryption>"
)


def drm_epub(kind: str) -> bytes:
    """The sample EPUB as DRM makes it: its chapters encrypted (listed in encryption.xml,
    their bytes scrambled), or with a DRM scheme's licence file (rights.xml)."""
    source = zipfile.ZipFile(io.BytesIO(sample("epub/wasteland.epub")))
    chapters = [name for name in source.namelist() if name.endswith((".xhtml", ".html"))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if kind == "encrypted" and item.filename in chapters:
                data = bytes(byte ^ 0x5A for byte in data)
            archive.writestr(item, data)
        if kind == "encrypted":
            archive.writestr("META-INF/encryption.xml", ENCRYPTION.format(uri=chapters[0]))
        else:
            archive.writestr("META-INF/rights.xml", "<rights xmlns='http://ns.adobe.com/adept'/>")
    return out.getvalue()


# One real text of each format, published in the public library by staff.


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("markdown/wasteland.md", "The Waste Land"),
        ("plain/gutenberg-great-gatsby.txt", "The Great Gatsby"),
        (
            "html/v8-standalone-wasm.html",
            "Outside the web: standalone WebAssembly binaries using Emscripten",
        ),
        ("epub/wasteland.epub", "The Waste Land"),
        ("pdf/wasteland.pdf", "The Waste Land"),
    ],
)
def test_it_publishes_a_file_of_each_format_in_the_public_library(
    db, staff, client_as, path, title
):
    response = post(
        client_as(staff), file=upload(path.rsplit("/", 1)[1], sample(path)), library="public"
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    document = Document.objects.get()
    assert (data["slug"], data["library"], data["version"]) == (document.slug, "public", 1)
    assert document.title == title
    assert document.current_version.paragraphs.count() > 5
    assert LibraryText.objects.count() == 0
    assert response["Location"] == f"http://testserver/api/documents/{document.slug}/"


def test_it_publishes_pasted_text_in_a_circle_library(db, circle, owner, client_as):
    text = "# On reading\n\nRead slowly.\n\n## Together\n\nThen talk about it.\n"

    response = post(client_as(owner), text=text, library="circle:study-group", author="Me")

    assert response.status_code == 201, response.json()
    document = Document.objects.get()
    assert (document.title, document.author) == ("On reading", "Me")
    entry = LibraryText.objects.get()
    assert (entry.document, entry.circle, entry.added_by) == (document, circle, owner)
    assert response.json()["library"] == "circle:study-group"


def test_it_publishes_a_page_fetched_from_a_url(db, staff, client_as, web):
    web.routes["/essay"] = Served(sample("markdown/wasteland.md"), "text/markdown; charset=utf-8")

    response = post(client_as(staff), url=web.url("/essay"), library="public")

    assert response.status_code == 201, response.json()
    assert Document.objects.get().current_version.source_name == web.url("/essay")


def test_it_previews_without_storing_anything(db, staff, client_as):
    response = post(
        client_as(staff),
        file=upload("wasteland.md", sample("markdown/wasteland.md")),
        library="public",
        title="Another title",
        preview="true",
    )

    assert response.status_code == 200
    report = response.json()
    assert stored() == (0, 0, 0)
    assert report["title"] == "Another title"
    assert report["found"]["title"] == "The Waste Land"
    assert report["format"] == "markdown"
    assert report["outline"][0] == {"level": 2, "text": "I. THE BURIAL OF THE DEAD"}
    assert report["counts"]["paragraphs"] > 5
    assert report["first_paragraphs"][0]["text"]
    assert (report["library"], report["duplicate"], report["background"]) == (
        "public",
        None,
        False,
    )


def test_it_reports_and_does_not_repeat_a_text_already_in_the_library(db, staff, client_as):
    client = client_as(staff)
    first = post(client, file=upload("w.md", sample("markdown/wasteland.md")), library="public")

    preview = post(
        client, file=upload("w.md", sample("markdown/wasteland.md")), library="public", preview=1
    )
    again = post(client, file=upload("w.md", sample("markdown/wasteland.md")), library="public")

    slug = first.json()["slug"]
    assert preview.json()["duplicate"] == {"slug": slug, "title": "The Waste Land"}
    assert again.status_code == 200
    assert (again.json()["slug"], again.json()["unchanged"]) == (slug, True)
    assert stored() == (1, 1, 0)


def test_it_gives_a_text_a_new_address_when_its_title_is_taken(db, staff, client_as, document):
    response = post(
        client_as(staff), text="Something else entirely.", title="NEP", library="public"
    )

    assert response.json()["slug"] == "nep-2"
    assert document.versions.count() == 1


# Who may add where.


@pytest.mark.parametrize(
    ("who", "library", "status"),
    [
        ("owner", "circle:study-group", 201),
        ("moderator", "circle:study-group", 201),
        ("member", "circle:study-group", 403),
        ("outsider", "circle:study-group", 403),
        ("outsider", "circle:no-such-circle", 403),
        ("owner", "public", 403),
        ("staff", "public", 201),
        ("staff", "circle:study-group", 403),
    ],
)
def test_it_lets_only_staff_and_a_circles_managers_add(
    db, request, circle, staff, client_as, who, library, status
):
    response = post(client_as(request.getfixturevalue(who)), text="A short text.", library=library)

    assert response.status_code == status, response.json()
    assert stored()[0] == (1 if status == 201 else 0)


def test_it_refuses_anonymous_callers(db, anonymous):
    response = post(anonymous, text="A short text.", library="public")

    assert response.status_code in (401, 403)
    assert stored() == (0, 0, 0)


# Bad input: a 400 naming what was wrong, nothing stored.


@pytest.mark.parametrize(
    ("fields", "key", "message"),
    [
        ({"file": ("empty.txt", b"")}, "file", "The file is empty."),
        (
            {"file": ("noise.bin", bytes(range(256)) * 40)},
            "file",
            "Not a text, Markdown, HTML, EPUB or PDF file.",
        ),
        ({"file": ("locked.pdf", "pdf/bad-encrypted.pdf")}, "file", "The PDF is encrypted."),
        ({"file": ("scan.pdf", "pdf/bad-image-only.pdf")}, "file", "no text layer"),
        ({"file": ("drm.epub", "encrypted")}, "file", DRM),
        ({"file": ("drm.epub", "rights")}, "file", DRM),
        (
            {"file": ("nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>")},
            "file",
            "article",
        ),
        ({"text": "   \n "}, "text", "The pasted text is empty."),
        ({}, "file", "Send one of: a file, a pasted text or a URL."),
        ({"text": "Words.", "url": "https://example.org/"}, "url", "Send one of"),
        (
            {"url": "ftp://example.org/a.txt"},
            "url",
            "Only http:// and https:// addresses can be fetched.",
        ),
        ({"url": "http://127.0.0.1/a.txt"}, "url", "private, local or reserved network"),
        ({"text": "Words.", "published": "last year"}, "published", "A date like 2020"),
        ({"text": "Words.", "library": "me"}, "library", "Choose the library"),
    ],
)
def test_it_answers_bad_input_with_a_message_and_stores_nothing(
    db, staff, client_as, fields, key, message
):
    data = {"library": "public"}
    for name, value in fields.items():
        if name == "file":
            filename, content = value
            if content in ("encrypted", "rights"):
                content = drm_epub(content)
            elif isinstance(content, str):
                content = sample(content)
            value = upload(filename, content)
        data[name] = value

    response = post(client_as(staff), **data)

    assert response.status_code == 400
    assert message.lower() in response.json()[key][0].lower()
    assert stored() == (0, 0, 0)


def test_it_refuses_a_file_over_the_limit(db, staff, client_as, settings):
    settings.MARGINALIA_UPLOAD_MAX_BYTES = 1000

    response = post(client_as(staff), file=upload("big.txt", b"word " * 1000), library="public")

    assert response.status_code == 400
    assert "larger than" in response.json()["file"][0]
    assert stored() == (0, 0, 0)


# A large text: queued, stored by the worker, its progress visible to its sender only.


def test_it_queues_a_large_text_and_the_worker_stores_it(
    run_worker, circle, owner, outsider, client_as, settings, django_capture_on_commit_callbacks
):
    settings.MARGINALIA_UPLOAD_BACKGROUND_BYTES = 1000
    client = client_as(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            file=upload("wasteland.md", sample("markdown/wasteland.md")),
            library="circle:study-group",
        )

    assert response.status_code == 202, response.json()
    task_url = response.json()["url"]
    assert response["Location"] == task_url
    assert response.json()["state"] == "queued"
    assert stored() == (0, 0, 0)
    assert client_as(outsider).get(task_url).status_code == 404

    run_worker()

    task = client.get(task_url).json()
    document = Document.objects.get()
    assert (task["state"], task["progress"], task["message"]) == ("done", 100, "Published.")
    assert task["document"]["slug"] == document.slug
    assert task["document"]["library"] == "circle:study-group"
    assert LibraryText.objects.get().document == document
    assert IngestJob.objects.get().upload is None  # its bytes are gone


def test_a_queued_text_that_cannot_be_read_fails_with_why(
    run_worker, staff, client_as, settings, django_capture_on_commit_callbacks
):
    settings.MARGINALIA_UPLOAD_BACKGROUND_BYTES = 1000
    client = client_as(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, file=upload("locked.pdf", sample("pdf/bad-encrypted.pdf")), library="public"
        )

    run_worker()

    task = client.get(response.json()["url"]).json()
    assert (task["state"], task["message"], task["document"]) == (
        "failed",
        "The PDF is encrypted.",
        None,
    )
    assert stored() == (0, 0, 0)


# New versions.


def test_it_adds_a_new_version_for_whoever_may_add_to_its_library(
    db, circle, owner, moderator, member, outsider, client_as
):
    created = post(client_as(owner), text="# Essay\n\nFirst words.", library="circle:study-group")
    url = f"/api/documents/{created.json()['slug']}/versions/"

    by_moderator = client_as(moderator).post(url, {"text": "# Essay\n\nSecond words."})
    by_member = client_as(member).post(url, {"text": "# Essay\n\nThird words."})
    by_outsider = client_as(outsider).post(url, {"text": "# Essay\n\nThird words."})
    elsewhere = client_as(owner).post(url, {"text": "# Essay\n\nMore.", "library": "public"})

    assert by_moderator.status_code == 201
    assert (by_moderator.json()["version"], by_moderator.json()["library"]) == (
        2,
        "circle:study-group",
    )
    assert (by_member.status_code, by_outsider.status_code) == (403, 404)
    assert elsewhere.status_code == 400
    assert "stays in its document's library" in elsewhere.json()["library"][0]
    assert stored() == (1, 2, 1)

"""/library/add/: the form, the preview, Publish and Discard, a large text's progress, and
a new version from the document page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotations.circles.services import circle_create
from annotations.models import IngestJob, LibraryText, PendingUpload
from corpus.models import Document
from tests.annotations.conftest import sample, stored

ADD = "/library/add/"
ESSAY = b"# On reading\n\nRead slowly.\n\n## Together\n\nThen talk about it, and again.\n"


def send(client, library="circle:study-group", **fields):
    fields.setdefault("file", SimpleUploadedFile("essay.md", ESSAY))
    return client.post(ADD, {"library": library, **fields})


def test_it_sends_visitors_to_sign_in(client, db):
    response = client.get(ADD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_offers_the_libraries_the_reader_may_add_to(client, circle, staff, owner, member):
    other = circle_create(owner=member, name="Elsewhere")
    client.force_login(owner)
    as_owner = client.get(ADD).context["form"].fields["library"].choices
    client.force_login(staff)
    as_staff = client.get(ADD).context["form"].fields["library"].choices

    assert as_owner == [("circle:study-group", "Study group (its members only)")]
    assert as_staff == [("public", "The public library (everyone)")]
    assert other.slug not in str(as_owner)


def test_it_tells_a_reader_who_may_add_nowhere_how_to(client, circle, member, outsider):
    client.force_login(outsider)

    response = client.get(ADD)

    assert b"Start a circle" in response.content
    assert b'<form class="form upload-form"' not in response.content


def test_it_links_the_form_from_the_library_for_those_who_may_add(client, circle, owner, member):
    client.force_login(member)
    assert ADD.encode() not in client.get("/").content
    client.force_login(owner)
    assert ADD.encode() in client.get("/").content


def test_it_previews_a_file_and_keeps_it_without_storing_a_document(client, circle, owner):
    client.force_login(owner)

    response = send(client)

    pending = PendingUpload.objects.get()
    assert response["Location"] == reverse("reader:upload_preview", args=[pending.pk])
    assert stored() == (0, 0, 0)
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Study group (its members only)" in html
    assert (
        '<ol class="upload-outline">\n          <li class="outline-level-1">Together</li>' in html
    )
    assert "<strong>Title (kept as the document&#x27;s title)</strong>: 1" in html
    assert "<p>Read slowly.</p>" in html
    assert page.context["form"]["title"].value() == "On reading"


def test_it_publishes_the_previewed_text_with_the_title_settled_on(client, circle, owner):
    client.force_login(owner)
    pending = PendingUpload.objects.get(pk=send(client).url.split("/")[-2])

    response = client.post(
        reverse("reader:upload_publish", args=[pending.pk]),
        {"title": "Reading together", "author": "Alice", "published": "2024-05"},
    )

    document = Document.objects.get()
    assert response["Location"] == reverse("reader:document", args=[document.slug])
    assert (document.title, document.author, document.published) == (
        "Reading together",
        "Alice",
        "2024-05",
    )
    assert LibraryText.objects.get().circle == circle
    assert PendingUpload.objects.count() == 0


def test_it_discards_an_upload_and_stores_nothing(client, circle, owner):
    client.force_login(owner)
    preview = send(client)["Location"]
    pk = preview.split("/")[-2]

    response = client.post(reverse("reader:upload_discard", args=[pk]))

    assert response["Location"] == reverse("reader:library")
    assert PendingUpload.objects.count() == 0
    assert client.get(preview).status_code == 404
    assert stored() == (0, 0, 0)


def test_it_shows_an_upload_to_its_sender_only(client, circle, owner, moderator):
    client.force_login(owner)
    preview = send(client)["Location"]
    pk = preview.split("/")[-2]
    client.force_login(moderator)

    assert client.get(preview).status_code == 404
    assert client.post(reverse("reader:upload_publish", args=[pk]), {}).status_code == 404
    assert client.post(reverse("reader:upload_discard", args=[pk])).status_code == 404
    assert stored() == (0, 0, 0)


def test_it_refuses_a_library_the_reader_may_not_add_to(client, circle, member):
    client.force_login(member)

    response = send(client)

    assert response.status_code == 400
    assert "Select a valid choice" in response.context["form"].errors["library"][0]
    assert PendingUpload.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (("empty.md", b""), "The file is empty."),
        (("locked.pdf", "pdf/bad-encrypted.pdf"), "The PDF is encrypted."),
        (("scan.pdf", "pdf/bad-image-only.pdf"), "The PDF has no text layer"),
    ],
)
def test_it_says_what_is_wrong_with_a_file_and_keeps_nothing(
    client, circle, owner, upload, message
):
    name, data = upload
    client.force_login(owner)

    response = send(
        client, file=SimpleUploadedFile(name, sample(data) if isinstance(data, str) else data)
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith(message)
    assert PendingUpload.objects.count() == 0
    assert stored() == (0, 0, 0)


def test_it_shows_a_large_texts_progress_and_then_links_its_document(
    run_worker, client, circle, owner, settings, django_capture_on_commit_callbacks
):
    settings.MARGINALIA_UPLOAD_BACKGROUND_BYTES = 10
    client.force_login(owner)
    pk = send(client)["Location"].split("/")[-2]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reader:upload_publish", args=[pk]), {"title": ""})

    job = IngestJob.objects.get()
    assert response["Location"] == reverse("reader:upload_job", args=[job.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert 'value="0"' in waiting
    assert "Reload to see progress" in waiting

    run_worker()

    done = client.get(response["Location"]).content.decode()
    document = Document.objects.get()
    assert 'value="100"' in done
    assert reverse("reader:document", args=[document.slug]) in done
    assert document.title == "On reading"


def test_it_adds_a_new_version_from_the_document_page(client, circle, owner, member):
    client.force_login(owner)
    send(client)
    pk = PendingUpload.objects.get().pk
    slug = client.post(reverse("reader:upload_publish", args=[pk]), {"title": "Essay"}).url
    slug = slug.strip("/").split("/")[-1]
    document_page = client.get(reverse("reader:document", args=[slug])).content.decode()
    new_version = reverse("reader:upload_version", args=[slug])

    preview = client.post(new_version, {"text": "# On reading\n\nRead slowly, twice."})
    published = client.post(
        reverse("reader:upload_publish", args=[preview.url.split("/")[-2]]), {"title": ""}
    )

    assert f'href="{new_version}"' in document_page
    assert published.url == reverse("reader:document", args=[slug])
    document = Document.objects.get()
    assert (document.title, document.current_version.number) == ("Essay", 2)
    client.force_login(member)
    assert new_version not in client.get(reverse("reader:document", args=[slug])).content.decode()
    assert client.get(new_version).status_code == 403


@pytest.mark.parametrize("headings", [1, 30])
def test_the_preview_uses_a_fixed_number_of_queries(
    client, circle, owner, django_assert_num_queries, headings
):
    client.force_login(owner)
    text = "".join(f"## Part {n}\n\nWords of part {n}.\n\n" for n in range(headings))
    preview = send(client, file=SimpleUploadedFile("parts.md", text.encode()))["Location"]

    # session, user, the upload, its library's circle
    with django_assert_num_queries(4):
        response = client.get(preview)

    assert len(response.context["report"]["outline"]) == headings

"""/accounts/import/: the form, then the report page (kept in the session); bad files are
refused by name and create nothing."""

import io

import pytest

from annotations.models import Annotation
from tests.annotations.imports.test_highlights import BETRAYED, RUSSIA, data

IMPORT, REPORT = "/accounts/import/", "/accounts/import/report/"


def upload(content: bytes, name: str = "upload") -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_it_shows_the_form_with_the_documents_to_choose(short_seeds, signed_in):
    response = signed_in.get(IMPORT)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert f'<option value="{RUSSIA}">Russia and socialism</option>' in page
    assert '<option value="kindle">Kindle (My Clippings.txt)</option>' in page


@pytest.mark.parametrize("name", ["My Clippings.txt", "hypothesis.json", "readwise.csv"])
def test_it_imports_a_file_then_shows_the_report(name, short_seeds, signed_in, owner):
    response = signed_in.post(IMPORT, {"file": upload(data(name), name), "format": ""})

    assert response.status_code == 302
    assert response["Location"] == REPORT
    page = signed_in.get(REPORT).content.decode()
    assert "Created for review: found only approximately" in page
    assert "Not found in the text (1)" in page
    assert '<a href="/notebook/?needs_review=yes">review' in page
    assert Annotation.objects.filter(author=owner).count() > 0


def test_the_report_lists_each_highlight_with_its_quote(short_seeds, signed_in):
    signed_in.post(IMPORT, {"file": upload(data("My Clippings.txt"))})

    page = signed_in.get(REPORT).content.decode()

    assert '<h2 id="import-1">Created (2)</h2>' in page
    quote = "Soviet delegates were subject to recall at any time by majority decision."
    assert f"<blockquote>{quote}</blockquote>" in page
    assert f'href="/notebook/?document={RUSSIA}&amp;needs_review=yes"' in page
    assert "No matching document (1)" in page
    assert "No document in your library has the title of Capital, Volume I." in page
    assert "A bookmark: no text." in page


def test_a_second_import_says_everything_is_already_there(short_seeds, signed_in, owner):
    signed_in.post(IMPORT, {"file": upload(data("readwise.csv"))})
    signed_in.post(IMPORT, {"file": upload(data("readwise.csv"))})

    page = signed_in.get(REPORT).content.decode()

    assert "<li>3 already imported</li>" in page
    assert Annotation.objects.filter(author=owner).count() == 3


def test_it_imports_into_the_chosen_document(short_seeds, signed_in):
    signed_in.post(IMPORT, {"file": upload(data("hypothesis.json")), "document": BETRAYED})

    assert set(Annotation.objects.values_list("document__slug", flat=True)) == {BETRAYED}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"file": upload(b"\x00\x01binary")}, "This is a binary file"),
        ({"file": upload(b"Highlight,Title\nx,y\n"), "format": "kindle"}, "This is not a Kindle"),
        ({"file": upload(b'{"rows": [')}, "The file is not JSON"),
        ({"file": upload(b"Title,Note\nA,B\n"), "format": "readwise"}, "no Highlight column"),
        ({"file": upload(data("readwise.csv")), "document": "nope"}, "Select a valid choice."),
        ({"format": "kindle"}, "This field is required."),
    ],
)
def test_a_bad_file_is_refused_by_name_and_creates_nothing(fields, message, short_seeds, signed_in):
    response = signed_in.post(IMPORT, fields)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Annotation.objects.count() == 0


def test_the_report_page_without_an_import_goes_to_the_form(signed_in):
    response = signed_in.get(REPORT)
    assert (response.status_code, response["Location"]) == (302, IMPORT)


def test_anonymous_readers_are_sent_to_sign_in(client, db):
    for url in (IMPORT, REPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert client.post(IMPORT, {"file": upload(b"==========\n")}).status_code == 302


def test_the_profile_and_the_notebook_link_to_it(signed_in, db):
    for url in ("/accounts/profile/", "/notebook/"):
        assert 'href="/accounts/import/"' in signed_in.get(url).content.decode()


@pytest.mark.parametrize("name", ["readwise.csv", "My Clippings.txt"])
def test_the_report_page_reads_a_fixed_number_of_queries(
    name, short_seeds, signed_in, django_assert_num_queries
):
    signed_in.post(IMPORT, {"file": upload(data(name))})

    # The session and the user: the report is in the session.
    with django_assert_num_queries(2):
        response = signed_in.get(REPORT)

    assert response.status_code == 200

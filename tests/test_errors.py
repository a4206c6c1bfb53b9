"""config/errors.py: every answer under /api/ is JSON, errors included; pages are the
site's own, with its header and a way back."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import include, path
from rest_framework.test import APIClient

from config import errors, urls


def forbidden(request):
    raise PermissionDenied("Not yours.")


def broken(request):
    raise RuntimeError("boom")


# For @pytest.mark.urls("tests.test_errors"): the site's routes, the handlers, two failures.
urlpatterns = [
    path("forbidden/", forbidden),
    path("broken/", broken),
    path("api/broken/", broken),
    path("", include(urls)),
]
handler403 = urls.handler403
handler404 = urls.handler404
handler500 = urls.handler500


def detail(response) -> str:
    assert response["Content-Type"] == "application/json", response.content[:200]
    return json.loads(response.content)["detail"]


@pytest.mark.parametrize(
    "path", ["/api/nothing/", "/api/annotations/abc/", "/api/annotations/1/nothing/"]
)
def test_it_answers_unknown_api_paths_with_json(anonymous, db, path):
    response = anonymous.get(path)

    assert response.status_code == 404
    assert detail(response) == "Not found."


def test_it_keeps_the_html_page_for_unknown_pages(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_it_answers_a_method_not_allowed_with_json(author_client):
    response = author_client.delete("/api/tags/")

    assert response.status_code == 405
    assert detail(response) == 'Method "DELETE" not allowed.'


def test_it_answers_an_unparsable_body_with_json(author_client):
    response = author_client.post(
        "/api/annotations/", data=b"{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert detail(response).startswith("JSON parse error")


def test_it_answers_a_missing_csrf_token_with_json(owner, db):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post("/api/circles/", {"name": "Readers"}, format="json")

    assert response.status_code == 403
    assert detail(response).startswith("CSRF Failed")


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data", "json"]
)
def test_it_answers_a_body_over_the_limit_with_a_json_413(author_client, settings, content_type):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"text": "x" * 2000, "preview": "true"}
    if content_type == "json":
        response = author_client.post("/api/documents/", body, format="json")
    elif content_type == "multipart/form-data":
        response = author_client.post("/api/documents/", body, format="multipart")
    else:
        response = author_client.post(
            "/api/documents/",
            "&".join(f"{k}={v}" for k, v in body.items()),
            content_type=content_type,
        )

    assert response.status_code == 413
    assert detail(response) == "The request body is larger than 1000 bytes (0 MB)."


def test_it_answers_a_chunked_body_without_length_with_a_411(author_client):
    # What gunicorn passes on for a chunked request: the header, and no Content-Length.
    response = author_client.post(
        "/api/imports/",
        data=b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        b"==========\r\n--b--\r\n",
        content_type="multipart/form-data; boundary=b",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )

    assert response.status_code == 411
    assert detail(response).startswith("Send the body with a Content-Length header")


def test_it_answers_a_server_error_under_the_api_with_json():
    assert urls.handler500 == "config.errors.server_error"

    response = errors.server_error(RequestFactory().get("/api/annotations/"))

    assert response.status_code == 500
    assert detail(response) == "Server error: it has been logged."


def test_it_keeps_the_html_page_for_a_server_error_elsewhere():
    response = errors.server_error(RequestFactory().get("/library/"))

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_it_answers_json_to_a_browser_asking_for_html(anonymous, db):
    response = anonymous.get("/api/tags/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_it_answers_an_accept_it_cannot_meet_with_a_json_406(anonymous, db):
    response = anonymous.get("/api/tags/", HTTP_ACCEPT="text/html")

    assert response.status_code == 406
    assert detail(response).startswith("Could not satisfy the request Accept header")


# The pages a reader meets (tests run with DEBUG=False, as production does).


def ways_back(html: str) -> list[str]:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    return tree.xpath("//main//ul[@class='ways-back']//a/@href")


def error_page(response, status: int, heading: str) -> str:
    """The HTML of the site's own error page, with its header, saying ``heading``."""
    assert response.status_code == status
    html = response.content.decode()
    assert '<header class="site-header">' in html
    assert f"<h1>{heading}</h1>" in html
    return html


def test_it_gives_a_missing_page_the_sites_header_and_a_way_back(client, db, settings):
    assert settings.DEBUG is False

    response = client.get("/no-such-page/", HTTP_REFERER="http://testserver/search/?q=lenin")

    html = error_page(response, 404, "Page not found")
    assert "<code>/no-such-page/</code>" in html
    assert ways_back(html) == ["http://testserver/search/?q=lenin", "/"]


def test_it_offers_no_way_back_to_another_site(client, db):
    response = client.get("/no-such-page/", HTTP_REFERER="https://elsewhere.example/")

    assert ways_back(response.content.decode()) == ["/"]


@pytest.mark.urls("tests.test_errors")
def test_it_gives_a_forbidden_page_a_way_back_and_a_sign_in(client, db):
    response = client.get("/forbidden/")

    html = error_page(response, 403, "You may not do this")
    assert 'href="/accounts/login/?next=/forbidden/">sign in</a>' in html
    assert ways_back(html) == ["/"]


@pytest.mark.urls("tests.test_errors")
def test_it_tells_a_signed_in_reader_what_they_may_not_do(client, owner):
    client.force_login(owner)

    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert "Signed in as alice, you may not see this page" in response.content.decode()


@pytest.mark.urls("tests.test_errors")
def test_it_gives_a_server_error_the_sites_look_and_a_way_back(db):
    client = Client(raise_request_exception=False)

    response = client.get("/broken/", HTTP_REFERER="http://testserver/notebook/")

    html = error_page(response, 500, "Something went wrong on our side")
    assert "/static/css/marginalia.css" in html
    assert ways_back(html) == ["http://testserver/notebook/", "/"]


@pytest.mark.urls("tests.test_errors")
def test_it_keeps_json_for_a_server_error_under_the_api(db):
    client = Client(raise_request_exception=False)

    response = client.get("/api/broken/")

    assert response.status_code == 500
    assert detail(response) == "Server error: it has been logged."


def test_it_renders_the_server_error_page_without_the_database():
    # No `db` fixture: any query here would fail the test.
    response = errors.server_error(RequestFactory().get("/library/"))

    assert response.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in response.content.decode()


def test_it_gives_a_refused_form_the_sites_page_and_says_what_to_do(owner, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post(
        "/circles/", {"name": "Readers"}, HTTP_REFERER="http://testserver/circles/"
    )

    html = error_page(response, 403, "That form could not be sent")
    assert "reload the page, and send the form again" in html
    assert ways_back(html) == ["http://testserver/circles/", "/"]


def test_it_answers_a_browser_asking_for_the_favicon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)

"""config/errors.py: every answer under /api/ is JSON, errors included; pages keep HTML."""

import json

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from config import errors, urls


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

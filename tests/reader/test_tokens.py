"""The API token on the account page: creating, replacing and revoking it."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

PROFILE = reverse("reader:profile")
CREATE = reverse("reader:token_create")
REVOKE = reverse("reader:token_revoke")
API = reverse("api:annotation-list")


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def shown_key(response) -> str | None:
    found = re.search(r"Your new token: <code>([0-9a-f]{40})</code>", response.content.decode())
    return found.group(1) if found else None


def api_status(key: str) -> int:
    """What the API answers a script writing with this token (an empty body: 400 if let in)."""
    response = Client().post(
        API, {}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    return response.status_code


def test_it_offers_to_create_a_token_when_there_is_none(signed_in):
    response = signed_in.get(PROFILE)

    html = response.content.decode()
    assert '<h2 id="account-token-title">API token</h2>' in html
    assert "You have no token." in html
    assert f'action="{CREATE}"' in html
    assert f'action="{REVOKE}"' not in html
    assert (
        '<code>curl -H "Authorization: Token …" http://testserver/api/annotations/</code>' in html
    )


def test_it_creates_a_token_and_shows_its_key_once(signed_in, owner):
    response = signed_in.post(CREATE)

    assert response.status_code == 200
    token = Token.objects.get(user=owner)
    assert shown_key(response) == token.key
    html = response.content.decode()
    assert "Copy it now" in html
    assert f'Token {token.key}" http://testserver/api/annotations/' in html
    assert "no-store" in response["Cache-Control"]
    # The next visit shows that there is a token, and when it was made, but not its key.
    later = signed_in.get(PROFILE).content.decode()
    assert token.key not in later
    assert "Copy it now" not in later
    assert "You have a token, created" in later
    assert f'<time datetime="{token.created.isoformat()}' in later
    assert f'action="{REVOKE}"' in later


def test_the_key_works_against_the_api(signed_in):
    key = shown_key(signed_in.post(CREATE))

    assert api_status(key) == 400  # signed in, and told what the body lacks
    assert api_status("0" * 40) == 403


def test_it_replaces_the_token(signed_in, owner):
    first = shown_key(signed_in.post(CREATE))

    second = shown_key(signed_in.post(CREATE))

    assert first != second
    assert list(Token.objects.filter(user=owner).values_list("key", flat=True)) == [second]
    assert api_status(first) == 403
    assert api_status(second) == 400


def test_it_revokes_the_token(signed_in, owner):
    key = shown_key(signed_in.post(CREATE))

    response = signed_in.post(REVOKE, follow=True)

    assert response.redirect_chain == [(PROFILE, 302)]
    assert not Token.objects.filter(user=owner).exists()
    html = response.content.decode()
    assert "Your API token is revoked" in html
    assert "You have no token." in html
    assert api_status(key) == 403


def test_it_revokes_only_the_readers_own_token(signed_in, owner, outsider):
    theirs = Token.objects.create(user=outsider)

    signed_in.post(REVOKE)
    signed_in.post(CREATE)

    assert Token.objects.get(user=outsider).key == theirs.key
    assert Token.objects.count() == 2


def test_revoking_without_a_token_changes_nothing(signed_in):
    response = signed_in.post(REVOKE)

    assert response.status_code == 302
    assert Token.objects.count() == 0


@pytest.mark.parametrize("url", [CREATE, REVOKE])
def test_it_changes_tokens_only_by_post(signed_in, owner, url):
    Token.objects.create(user=owner)

    assert signed_in.get(url).status_code == 405
    assert Token.objects.filter(user=owner).count() == 1


@pytest.mark.parametrize("url", [CREATE, REVOKE])
def test_it_sends_anonymous_visitors_to_sign_in(client, db, url):
    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Token.objects.count() == 0


@pytest.mark.parametrize("url", [CREATE, REVOKE])
def test_it_needs_the_csrf_token(owner, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    Token.objects.create(user=owner, key="a" * 40)

    response = client.post(url)

    assert response.status_code == 403
    assert Token.objects.get(user=owner).key == "a" * 40

"""The lifecycle matrix, account events: a password changed, a password reset, a token revoked.

Each cell is a test: the same observation before and after the event, as (before, after).
The scene is tests/annotations/lifecycle.py's; here bob ("member") has an API token and is
signed in twice: "member" is the browser that acts, "elsewhere" another browser of his,
"token" a script with his token. "mine_private" is his private annotation.

The rules:
- A new password (changed, or reset through the emailed link) revokes the API token
  (refused, 401 or 403, and its row is gone) and ends every other session (sent to sign in
  on the notebook; refused on an API write); the session that changed it stays signed in.
- Revoking the token stops it working, and nothing else.
"""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.annotations.conftest import circle, document, moderator  # noqa: F401
from tests.annotations.permissions.lifecycle import (  # noqa: F401
    LOGIN,
    REFUSED,
    SHOWN,
    cell_ids,
    fellow_fixture,
    moves,
    observe,
    scene_fixture,
)
from tests.conftest import PASSWORD

NEW_PASSWORD = "a-new-and-much-longer-passphrase-42"


def token_and_two_sessions(scene):
    """bob makes a token in one browser ("member"); another ("elsewhere") is signed in."""
    bob = scene.client("member")
    assert bob.post(reverse("reader:token_create")).status_code == 200
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user__username='bob').key}")
    elsewhere = APIClient()
    elsewhere.force_login(scene.users["member"])
    scene.clients.update(token=script, elsewhere=elsewhere)


def bob_changes_his_password(scene):
    response = scene.client("member").post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")


def reset_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


def bob_resets_his_password(scene):
    """Through the emailed link, in a browser where nobody is signed in."""
    browser = APIClient()
    opened = browser.get(reset_link(scene.users["member"]))
    assert opened.status_code == 302  # the token swapped for a session
    response = browser.post(
        opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")


def bob_revokes_his_token(scene):
    response = scene.client("member").post(reverse("reader:token_revoke"))
    assert response.status_code == 302


# fmt: off
PASSWORD_CHANGED = {
    ("api-read:mine_private", "token"):      (200, REFUSED),
    ("api-write:mine_private", "token"):     (200, REFUSED),
    ("token-row:member", "db"):              (True, False),
    ("notebook:mine_private", "elsewhere"):  (SHOWN, LOGIN),
    ("api-write:mine_private", "elsewhere"): (200, REFUSED),
    ("detail:mine_private", "elsewhere"):    (200, 404),
    ("notebook:mine_private", "member"):     (SHOWN, SHOWN),
    ("api-write:mine_private", "member"):    (200, 200),
    ("detail:mine_private", "member"):       (200, 200),
}
PASSWORD_RESET = {
    ("api-read:mine_private", "token"):      (200, REFUSED),
    ("api-write:mine_private", "token"):     (200, REFUSED),
    ("token-row:member", "db"):              (True, False),
    ("notebook:mine_private", "elsewhere"):  (SHOWN, LOGIN),
    ("api-write:mine_private", "elsewhere"): (200, REFUSED),
    ("notebook:mine_private", "member"):     (SHOWN, LOGIN),
    ("api-write:mine_private", "member"):    (200, REFUSED),
}
TOKEN_REVOKED = {
    ("api-read:mine_private", "token"):      (200, REFUSED),
    ("api-write:mine_private", "token"):     (200, REFUSED),
    ("token-row:member", "db"):              (True, False),
    ("notebook:mine_private", "elsewhere"):  (SHOWN, SHOWN),
    ("api-write:mine_private", "elsewhere"): (200, 200),
    ("notebook:mine_private", "member"):     (SHOWN, SHOWN),
    ("api-write:mine_private", "member"):    (200, 200),
}
# fmt: on


@pytest.mark.parametrize(
    ("surface", "role"), list(PASSWORD_CHANGED), ids=cell_ids("password-changed", PASSWORD_CHANGED)
)
def test_password_changed(scene, surface, role):
    observed = moves(scene, surface, role, bob_changes_his_password, setup=token_and_two_sessions)
    assert observed == PASSWORD_CHANGED[surface, role]


@pytest.mark.parametrize(
    ("surface", "role"), list(PASSWORD_RESET), ids=cell_ids("password-reset", PASSWORD_RESET)
)
def test_password_reset(scene, surface, role):
    observed = moves(scene, surface, role, bob_resets_his_password, setup=token_and_two_sessions)
    assert observed == PASSWORD_RESET[surface, role]


@pytest.mark.parametrize(
    ("surface", "role"), list(TOKEN_REVOKED), ids=cell_ids("token-revoked", TOKEN_REVOKED)
)
def test_token_revoked(scene, surface, role):
    observed = moves(scene, surface, role, bob_revokes_his_token, setup=token_and_two_sessions)
    assert observed == TOKEN_REVOKED[surface, role]


# Focused: each rule once more, from start to finish.


@pytest.mark.parametrize(
    "event",
    [bob_changes_his_password, bob_resets_his_password, bob_revokes_his_token],
    ids=["password-changed", "password-reset", "token-revoked"],
)
def test_a_token_stops_working_and_is_gone(scene, event):
    token_and_two_sessions(scene)
    script = scene.clients["token"]
    assert script.get(reverse("api:annotation-list")).status_code == 200

    event(scene)

    assert script.get(reverse("api:annotation-list")).status_code in (401, 403)
    assert not Token.objects.filter(user__username="bob").exists()


@pytest.mark.parametrize(
    "event", [bob_changes_his_password, bob_resets_his_password], ids=["changed", "reset"]
)
def test_a_new_password_ends_the_other_sessions(scene, event):
    token_and_two_sessions(scene)
    elsewhere = scene.clients["elsewhere"]

    event(scene)

    notebook = elsewhere.get(reverse("reader:notebook"))
    assert notebook.status_code == 302
    assert notebook["Location"].startswith(reverse("login"))
    created = elsewhere.post(
        reverse("api:annotation-list"),
        {"document": "nep", "start": 0, "end": 3, "exact": "The"},
        format="json",
    )
    assert created.status_code in (401, 403)


def test_the_session_that_changed_the_password_stays_signed_in(scene):
    token_and_two_sessions(scene)

    bob_changes_his_password(scene)

    assert scene.client("member").get(reverse("reader:notebook")).status_code == 200
    assert observe(scene, "api-write:mine_private", "member") == 200

"""Repeated attempts are limited: wrong passwords lock an account and an address out
for a while (429 with Retry-After); API traffic past its rate is a 429 with Retry-After."""

import datetime
import time

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from annotations.circles.services import circle_create

WRONG = {"username": "alice", "password": "not the password"}


def sign_in(client, password, username="alice", address="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_ten_wrong_passwords_pause_signing_in_to_that_account(client, owner, password, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong").status_code == 200

    locked = sign_in(client, "wrong")
    right_too = sign_in(client, password)

    assert locked.status_code == 429
    assert right_too.status_code == 429
    assert int(right_too["Retry-After"]) == 15 * 60
    assert "signing in is paused for 15 minutes" in right_too.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_pause_is_per_account_and_per_address(client, owner, outsider, password, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")

    # Another reader, from elsewhere, signs in as usual.
    other = sign_in(client, password, username="carol", address="198.51.100.2")
    assert other.status_code == 302
    client.logout()
    # The same address is paused for every account.
    assert sign_in(client, password, username="carol").status_code == 429


def test_signing_in_works_again_after_the_cool_off(client, owner, password, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(seconds=1)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    assert sign_in(client, password).status_code == 429

    time.sleep(1.2)

    assert sign_in(client, password).status_code == 302


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "4/min", "imports": "2/hour"},
    }


def test_anonymous_api_traffic_past_its_rate_is_a_429_with_retry_after(client, db, low_rates):
    url = reverse("api:document-list")

    answers = [client.get(url, REMOTE_ADDR="203.0.113.9") for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert "throttled" in answers[-1].json()["detail"].lower()
    # Another address has its own count.
    assert client.get(url, REMOTE_ADDR="203.0.113.10").status_code == 200


def test_a_token_is_throttled_as_its_reader(client, owner, low_rates):
    token = Token.objects.create(user=owner)
    url = reverse("api:annotation-list")
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

    statuses = [client.get(url, **headers).status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]


def test_imports_have_their_own_lower_rate_on_writes_only(client, owner, low_rates):
    client.force_login(owner)
    circle_create(owner=owner, name="Planning")
    url = reverse("api:imports")

    writes = [client.post(url, {}).status_code for _ in range(3)]

    assert writes[:2] == [400, 400]  # no file: refused, but counted
    assert writes[2] == 429
    assert client.get(reverse("api:document-list")).status_code == 200

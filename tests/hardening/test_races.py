"""Two readers doing the same thing at the same moment: both answered, neither a 500.

PostgreSQL only: SQLite's shared-cache test database refuses a second writer outright
rather than making it wait, which is not the race under test.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from annotations.models import Annotation
from tests.essays import ingest_essay

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's concurrency"),
]
READERS = 6
PASSPHRASE = "a-long-pass-phrase"


def at_once(work, count: int = READERS) -> list:
    """``work(i)`` in ``count`` threads released together; what each returned or raised."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        start.wait()
        try:
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - the test reports what was raised
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_readers_tagging_with_the_same_new_tag_at_once_all_get_it(django_user_model):
    document = ingest_essay("The plan failed in the first winter.").document
    readers = [
        django_user_model.objects.create_user(f"reader{i}", password="x" * 20)
        for i in range(READERS)
    ]
    text = document.current_version.text
    start = text.index("plan")

    for round_number in range(5):
        tag = f"kronstadt-{round_number}"

        def annotate(index, tag=tag):
            client = Client(raise_request_exception=False)
            client.force_login(readers[index])
            body = {"document": "essay", "start": start, "end": start + 4, "exact": "plan"}
            return client.post(
                reverse("api:annotation-list"),
                {**body, "tags": [tag]},
                content_type="application/json",
            ).status_code

        assert at_once(annotate) == [201] * READERS
        assert Tag.objects.filter(name=tag).count() == 1
    assert Annotation.objects.count() == READERS * 5


def test_two_sign_ups_with_one_name_give_one_account_and_a_form_error(django_user_model):
    def sign_up(index):
        client = Client(raise_request_exception=False)
        response = client.post(
            reverse("reader:signup"),
            {
                "username": "olga",
                "password1": "a-long-pass-phrase",
                "password2": "a-long-pass-phrase",
            },
        )
        return response.status_code, "already exists" in response.content.decode()

    results = at_once(sign_up)

    assert sorted(results) == [(200, True)] * (READERS - 1) + [(302, False)]
    assert django_user_model.objects.filter(username="olga").count() == 1

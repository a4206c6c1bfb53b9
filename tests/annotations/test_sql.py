"""IdList: a list of ids as one query parameter, on SQLite and PostgreSQL."""

import pytest
from django.contrib.auth import get_user_model

from annotations.sql import IdList

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(django_user_model):
    return [django_user_model.objects.create(username=f"reader{n}") for n in range(3)]


def test_it_finds_the_rows_whose_ids_it_lists(users):
    ids = [users[2].pk, users[0].pk, users[0].pk, 10**12]  # repeated, and one not there

    found = get_user_model().objects.filter(pk__in=IdList(ids))

    assert sorted(found.values_list("username", flat=True)) == ["reader0", "reader2"]


def test_an_empty_list_finds_nothing(users):
    assert not get_user_model().objects.filter(pk__in=IdList([])).exists()


def test_it_takes_more_ids_than_a_statement_may_have_placeholders(users):
    # SQLite allows 32,766 placeholders in a statement; the list is one parameter.
    ids = [*range(10**9, 10**9 + 40_000), users[1].pk]

    found = get_user_model().objects.filter(pk__in=IdList(ids))

    assert list(found.values_list("username", flat=True)) == ["reader1"]


def test_it_refuses_what_is_not_an_id():
    with pytest.raises(ValueError):
        IdList(["1; DROP TABLE auth_user"])

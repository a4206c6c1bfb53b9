"""/api/tags/: suggestions from the reader's own tags."""

from django.urls import reverse

from tests.annotations.conftest import highlight

URL = reverse("api:tag-list")


def suggestions(client, **query) -> list[str]:
    response = client.get(URL, query)
    assert response.status_code == 200
    assert list(response.json()) == ["results"]
    return response.json()["results"]


def test_it_suggests_the_readers_tags_most_used_first(author_client, document, owner):
    highlight(document, owner, tags=["nep", "bureaucracy"])
    highlight(document, owner, tags=["NEP", "state capitalism"])
    highlight(document, owner, tags=["bureaucracy", "nep"])

    assert suggestions(author_client) == ["nep", "bureaucracy", "state capitalism"]


def test_it_suggests_tags_that_start_with_the_query_whatever_its_case(
    author_client, document, owner
):
    highlight(document, owner, tags=["nep", "New Deal", "bureaucracy"])
    highlight(document, owner, tags=["New Deal"])

    assert suggestions(author_client, q="NE") == ["New Deal", "nep"]
    assert suggestions(author_client, q="  b ") == ["bureaucracy"]
    assert suggestions(author_client, q="ep") == []


def test_it_suggests_other_readers_public_tags_after_their_own_and_no_private_ones(
    author_client, document, owner, outsider
):
    highlight(document, owner, tags=["mine"])
    highlight(document, outsider, tags=["theirs"], visibility="public")
    highlight(document, outsider, "Private trade", tags=["secret"])

    assert suggestions(author_client) == ["mine", "theirs"]


def test_it_suggests_nothing_to_an_anonymous_caller(anonymous, document, owner):
    highlight(document, owner, tags=["nep"], visibility="public")

    assert suggestions(anonymous) == []
    assert suggestions(anonymous, q="n") == []


def test_it_suggests_at_most_20_tags(author_client, document, owner):
    highlight(document, owner, tags=[f"tag{i:02}" for i in range(20)])
    highlight(document, owner, tags=["extra"])

    assert len(suggestions(author_client)) == 20

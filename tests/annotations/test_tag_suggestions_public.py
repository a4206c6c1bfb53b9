"""A new reader is offered popular public tags too: after their own and their circles',
ranked by how many readers used them, from public annotations they may see only."""

from django.urls import reverse

from annotations import services
from annotations.library import library_text_add
from annotations.queries import tag_suggestions
from tests.annotations.conftest import highlight, ingest_document

URL = reverse("api:tag-list")


def test_it_offers_a_new_reader_the_public_tags_most_readers_used(
    document, owner, member, outsider, django_user_model
):
    highlight(document, owner, tags=["nep", "one-reader"], visibility="public")
    highlight(document, member, "Private trade", tags=["nep"], visibility="public")
    highlight(document, outsider, "the market", tags=["nep", "markets"], visibility="public")
    highlight(document, member, "the towns", tags=["markets"], visibility="public")
    newcomer = django_user_model.objects.create_user("newcomer", password="x")

    assert tag_suggestions(newcomer) == ["nep", "markets", "one-reader"]


def test_it_puts_the_readers_own_and_circle_tags_before_public_ones(
    document, circle, owner, member, outsider
):
    highlight(document, outsider, tags=["popular"], visibility="public")
    highlight(document, outsider, "the market", tags=["popular"], visibility="public")
    highlight(
        document, member, "Private trade", tags=["ours"], visibility="circle", circle=circle.slug
    )
    highlight(document, owner, "the towns", tags=["mine"])

    assert tag_suggestions(owner) == ["mine", "ours", "popular"]


def test_it_counts_one_reader_many_times_as_one_reader(
    document, owner, member, outsider, django_user_model
):
    for quote in ("tax in kind", "Private trade", "the market", "the towns"):
        highlight(document, outsider, quote, tags=["spam"], visibility="public")
    highlight(document, owner, tags=["shared"], visibility="public")
    highlight(document, member, "the market", tags=["shared"], visibility="public")
    newcomer = django_user_model.objects.create_user("newcomer", password="x")

    assert tag_suggestions(newcomer) == ["shared", "spam"]
    # Their own tag comes first for the reader who wrote it.
    assert tag_suggestions(outsider) == ["spam", "shared"]


def test_it_never_offers_private_circle_or_hidden_texts_tags(
    document, circle, owner, member, moderator, outsider
):
    highlight(document, member, "Private trade", tags=["private-tag"])
    highlight(
        document, member, "the market", tags=["circle-tag"], visibility="circle", circle=circle.slug
    )
    circle_text = ingest_document(slug="circle-text", title="The circle's own")
    library_text_add(document=circle_text, circle=circle, actor=owner)
    highlight(circle_text, member, tags=["on-a-circle-text"], visibility="public")

    assert tag_suggestions(outsider) == []


def test_it_stops_offering_a_tag_once_its_annotation_is_private_again(document, owner, outsider):
    annotation = highlight(document, owner, tags=["was-public"], visibility="public")
    assert tag_suggestions(outsider) == ["was-public"]

    services.annotation_update(annotation=annotation, actor=owner, visibility="private")

    assert tag_suggestions(outsider) == []


def test_it_narrows_public_tags_by_what_was_typed(document, owner, outsider):
    highlight(document, owner, tags=["Bureaucracy", "nep"], visibility="public")

    assert tag_suggestions(outsider, "bur") == ["Bureaucracy"]


def test_the_notebook_offers_only_the_readers_own_tags(document, owner, outsider):
    highlight(document, owner, tags=["theirs"], visibility="public")

    assert tag_suggestions(outsider, circles=False) == []


def test_it_reads_suggestions_in_one_query_however_many_tags(
    document, owner, member, outsider, django_assert_num_queries
):
    highlight(document, owner, tags=["a"], visibility="public")
    with django_assert_num_queries(1):
        assert tag_suggestions(outsider) == ["a"]
    for quote in ("Private trade", "the market", "the towns"):
        highlight(document, member, quote, tags=["b", "c", "d"], visibility="public")
    with django_assert_num_queries(1):
        assert tag_suggestions(outsider) == ["b", "c", "d", "a"]


def test_the_api_offers_public_tags_to_a_new_reader(client, document, owner, outsider):
    highlight(document, owner, tags=["nep"], visibility="public")
    client.force_login(outsider)

    response = client.get(URL, {"q": "n"}, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json() == {"results": ["nep"]}


def test_an_anonymous_caller_gets_no_suggestions(client, document, owner):
    highlight(document, owner, tags=["nep"], visibility="public")

    assert client.get(URL, HTTP_ACCEPT="application/json").json() == {"results": []}

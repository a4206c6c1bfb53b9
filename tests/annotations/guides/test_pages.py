"""The guide pages: index, guide, print view, Markdown download, summary edits."""

from urllib.parse import quote as url_quote

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import TopicSummary
from annotations.services import reply_create
from tests.annotations.conftest import highlight
from tests.annotations.guides.helpers import shared
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

SCOPE = "circle:study-group"
QUOTES = ["tax in kind", "the market", "We are retreating", "bigger leap", "Private trade"]


def test_it_lists_topics_with_a_heat_map(document, circle, owner, member):
    shared(document, member, tags=["nep", "tax"])
    response = signed_in(owner).get(reverse("reader:guides", args=[SCOPE]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="group" aria-labelledby="heat-map-name"' in html
    assert 'class="heat-cell heat-4"' in html
    assert f'href="/guides/{SCOPE}/nep/#doc-nep"' in html


def test_it_answers_404_to_a_non_member(document, circle, member, outsider):
    shared(document, member)
    client = signed_in(outsider)
    assert client.get(reverse("reader:guides", args=[SCOPE])).status_code == 404
    assert client.get(reverse("reader:guide", args=[SCOPE, "nep"])).status_code == 404
    assert client.get(reverse("reader:guide_download", args=[SCOPE, "nep"])).status_code == 404


def test_it_shows_a_guide_with_shaded_runs_and_a_paragraph_link(document, circle, owner, member):
    shared(document, member, "a tax in kind", comment="A *tax*")
    shared(document, owner)
    response = signed_in(member).get(reverse("reader:guide", args=[SCOPE, "nep"]))
    html = response.content.decode()
    assert '<mark class="strength-1">a </mark><mark class="strength-2">tax in kind</mark>' in html
    assert 'href="/read/nep/p/2/"' in html
    assert "<p>A <em>tax</em></p>" in html
    assert "Edit the summary" not in html  # a plain member does not edit it


@pytest.mark.parametrize("count", [1, 5])
def test_it_renders_a_guide_in_the_same_number_of_queries(
    document, circle, owner, member, django_assert_num_queries, count
):
    for quote in QUOTES[:count]:
        annotation = shared(document, member, quote, comment="note")
        first = reply_create(annotation=annotation, author=owner, body="reply")
        # A thread costs no query a reply.
        reply_create(annotation=annotation, author=member, body="answer", parent=first)
    client = signed_in(owner)
    client.get(reverse("reader:guide", args=[SCOPE, "nep"]))  # warm the session
    # The paragraphs the passages' sentences are read from, the circle's last meeting, and
    # the words and comments of the passages laid out.
    with django_assert_num_queries(15):
        response = client.get(reverse("reader:guide", args=[SCOPE, "nep"]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_it_renders_the_index_in_the_same_number_of_queries(
    document, circle, owner, member, django_assert_num_queries, count
):
    for i, quote in enumerate(QUOTES[:count]):
        shared(document, member, quote, tags=[f"topic{i}"])
    client = signed_in(owner)
    with django_assert_num_queries(5):
        response = client.get(reverse("reader:guides", args=[SCOPE]))
    assert response.status_code == 200


def test_it_has_a_print_view_and_a_markdown_download(document, circle, owner, member):
    shared(document, member, comment="Why *now*?")
    client = signed_in(owner)
    printed = client.get(reverse("reader:guide", args=[SCOPE, "nep"]) + "?print=1")
    assert 'guide-print.css" media="all"' in printed.content.decode()
    download = client.get(reverse("reader:guide_download", args=[SCOPE, "nep"]))
    assert download["Content-Type"] == "text/markdown; charset=utf-8"
    assert download["Content-Disposition"] == 'attachment; filename="nep.md"'
    body = download.content.decode()
    assert "> tax in kind" in body
    assert "**bob:** Why *now*?" in body


def test_it_lets_a_moderator_edit_the_summary(document, circle, moderator, member):
    shared(document, member)
    url = reverse("reader:guide_summary", args=[SCOPE, "NEP"])
    response = signed_in(moderator).post(url, {"body": "The **retreat**. <script>x</script>"})
    assert response.status_code == 302
    summary = TopicSummary.objects.get()
    assert (summary.circle, summary.owner, summary.tag, summary.edited_by) == (
        circle,
        None,
        "nep",
        moderator,
    )
    assert "<script>" not in summary.body_html
    assert "<strong>retreat</strong>" in summary.body_html
    html = signed_in(member).get(reverse("reader:guide", args=[SCOPE, "nep"])).content.decode()
    assert "<strong>retreat</strong>" in html
    assert "Edited by dave" in html


def test_it_refuses_a_summary_from_a_plain_member_or_an_outsider(
    document, circle, member, outsider
):
    shared(document, member)
    url = reverse("reader:guide_summary", args=[SCOPE, "nep"])
    assert signed_in(member).post(url, {"body": "x"}).status_code == 403
    assert signed_in(outsider).post(url, {"body": "x"}).status_code == 404
    assert not TopicSummary.objects.exists()


def test_it_lets_a_reader_summarise_their_own_topic(document, owner):
    highlight(document, owner, "tax in kind", tags=["nep"])
    client = signed_in(owner)
    client.post(reverse("reader:guide_summary", args=["me", "nep"]), {"body": "Mine."})
    assert (TopicSummary.objects.get().owner, TopicSummary.objects.get().circle) == (owner, None)
    html = client.get(reverse("reader:guide", args=["me", "nep"])).content.decode()
    assert "<p>Mine.</p>" in html


def test_it_links_to_topics_whose_names_hold_a_slash_or_a_space(document, circle, owner, member):
    shared(document, member, tags=["history/russia", "New Economic Policy"])
    client = signed_in(owner)
    html = client.get(reverse("reader:guides", args=[SCOPE])).content.decode()
    assert f'href="/guides/{SCOPE}/history/russia/"' in html
    assert f'href="/guides/{SCOPE}/new%20economic%20policy/"' in html
    page = client.get(f"/guides/{SCOPE}/history/russia/")
    assert page.status_code == 200
    assert client.get(f"/guides/{SCOPE}/history/russia.md").status_code == 200


def test_it_shows_public_guides_to_anonymous_readers_and_asks_them_to_sign_in_for_me(
    document, owner
):
    highlight(document, owner, "tax in kind", tags=["nep"], visibility="public")
    client = Client()
    assert client.get(reverse("reader:guide", args=["public", "nep"])).status_code == 200
    for url in (
        "/guides/me/",
        "/guides/mine/",
        "/guides/me/nep/?since=2026-01-01",
        "/guides/me/nep.md",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url_quote(url)}"


def test_it_says_why_a_summary_that_is_too_long_is_not_saved(document, owner):
    highlight(document, owner, "tax in kind", tags=["nep"])
    client = signed_in(owner)
    url = reverse("reader:guide_summary", args=["me", "nep"])

    response = client.post(url, {"body": "x" * 20_001}, follow=True)

    assert "Summary not saved: Ensure this value has at most 20000 characters" in (
        response.content.decode()
    )
    assert not TopicSummary.objects.exists()


def test_it_links_the_topics_notes_as_csv_and_json_ld(document, owner):
    highlight(document, owner, "tax in kind", tags=["nep"])
    client = signed_in(owner)

    html = client.get(reverse("reader:guide", args=["me", "nep"])).content.decode()
    csv_url = f"{reverse('reader:export')}?scope=me&amp;tag=nep&amp;format=csv"
    assert f'href="{csv_url}"' in html
    exported = client.get(reverse("reader:export"), {"scope": "me", "tag": "nep", "format": "csv"})
    body = b"".join(exported.streaming_content).decode()
    assert "tax in kind" in body

"""The guide page for a meeting: sentences with marked words, counts only when non-zero,
open questions, the limits form (400 for bad limits), links that keep the limits, the
printable handout, and the coverage map's document labels."""

import datetime
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from annotations import moderation
from annotations.circles.reading_list import reading_list_add
from annotations.circles.services import circle_create
from annotations.models import Annotation, Membership, Role
from tests.annotations.conftest import highlight, ingest_document
from tests.annotations.guides.helpers import shared
from tests.conftest import signed_in
from tests.reader.conftest import ingest_book

pytestmark = pytest.mark.django_db

SCOPE = "circle:study-group"
GUIDE = f"/guides/{SCOPE}/nep/"


@pytest.fixture
def document(db):
    return ingest_document()


@pytest.fixture
def circle(owner, member):
    """ "Study group", owned by ``owner``, with ``member`` in it."""
    made = circle_create(owner=owner, name="Study group")
    Membership.objects.create(circle=made, user=member, role=Role.MEMBER)
    return made


def test_it_marks_the_words_inside_their_sentence(document, circle, member):
    shared(document, member)

    html = signed_in(member).get(GUIDE).content.decode()

    assert (
        '<blockquote><p><span class="guide-context">In 1921 the party replaced requisitioning '
        'with a </span><mark class="strength-1">tax in kind</mark><span class="guide-context">, '
        "and let peasants sell what was left on the market.</span></p></blockquote>"
    ) in html


def test_it_shows_only_the_reactions_someone_gave(document, circle, owner, member):
    shared(document, member, "Private trade")
    loud = shared(document, member)
    moderation.reaction_add(annotation=loud, user=owner, kind="agree")

    html = signed_in(member).get(GUIDE).content.decode()

    meta = re.findall(r'<p class="meta">Marked by ([^<]*)<a', html)
    assert meta == ["1 member (bob) · agree 1 · ", "1 member (bob) · "]
    assert " 0 ·" not in html and "disagree" not in html


def test_it_lists_open_questions_in_their_own_section(document, circle, owner, member):
    shared(document, member, tags=["nep", "question"], comment="What *is* it?")

    html = signed_in(owner).get(GUIDE).content.decode()

    section = html[html.index('<h2 id="questions-title">Open questions</h2>') :]
    section = section[: section.index("</section>")]
    assert (
        '<blockquote><p><span class="guide-context">In 1921 the party replaced requisitioning '
        'with a </span><mark>tax in kind</mark><span class="guide-context">, and let peasants '
        "sell what was left on the market.</span></p></blockquote>"
    ) in section
    assert "Asked by bob" in section
    assert "<p>What <em>is</em> it?</p>" in section


def test_it_says_when_there_is_no_open_question(document, circle, member):
    shared(document, member)

    html = signed_in(member).get(GUIDE).content.decode()

    assert "No open questions" in html


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("since=yesterday", "since: Enter a valid date."),
        ("since=2026-02-30", "since: Enter a valid date."),
        ("until=2026-13-01", "until: Enter a valid date."),
        ("since=0001-01-01", "since: Enter a date between the years 1900 and 9998."),
        ("until=9999-12-31", "until: Enter a date between the years 1900 and 9998."),
        ("since=2026-11-20&until=2026-11-10", "until: Must be on or after"),
    ],
)
def test_it_answers_bad_dates_with_a_400_naming_the_parameter(
    document, circle, member, query, named
):
    shared(document, member)
    client = signed_in(member)

    for url in (f"{GUIDE}?{query}", f"/guides/{SCOPE}/nep.md?{query}"):
        response = client.get(url)
        assert response.status_code == 400
        assert named in response.content.decode()


def test_it_answers_a_reading_list_outside_a_circle_with_a_400(document, member):
    highlight(document, member, "tax in kind", tags=["nep"])

    response = signed_in(member).get("/guides/me/nep/?reading_list=1")

    assert response.status_code == 400
    assert response.content.decode().startswith("Bad guide limits: reading_list: ")


def test_it_limits_the_guide_and_its_links_keep_the_limits(document, circle, owner, member):
    book = ingest_book()
    shared(document, member, tags=["nep", "tax"])
    shared(book, member, "Chapter two begins", tags=["nep"])
    old = shared(document, member, "Private trade")
    Annotation.objects.filter(pk=old.pk).update(
        created=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)
    )
    reading_list_add(circle=circle, actor=owner, document=document)
    query = "reading_list=1&since=2026-02-01"

    html = signed_in(member).get(f"{GUIDE}?{query}").content.decode()

    assert "tax in kind</mark>" in html
    assert "Chapter two begins" not in html and "Private trade</mark>" not in html
    wanted = {"reading_list": ["1"], "since": ["2026-02-01"]}
    links = dict(re.findall(r'<a href="([^"]*)">(Print view|Markdown|tax)</a>', html))
    assert sorted(links.values()) == ["Markdown", "Print view", "tax"]
    for href, name in links.items():
        got = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert got == ({**wanted, "print": ["1"]} if name == "Print view" else wanted), name
    # The form shows the limits it applied.
    assert 'name="reading_list" id="id_reading_list" checked' in html
    assert 'name="since" value="2026-02-01"' in html


def test_it_offers_the_reading_list_only_in_a_circles_guide(document, member):
    highlight(document, member, "tax in kind", tags=["nep"])

    html = signed_in(member).get("/guides/me/nep/").content.decode()

    assert 'name="since"' in html
    assert 'name="reading_list"' not in html


def test_it_says_so_when_the_limits_leave_nothing(document, circle, member):
    shared(document, member)

    response = signed_in(member).get(f"{GUIDE}?since=2100-01-01")

    assert response.status_code == 200
    assert "No passages on this topic within these limits." in response.content.decode()


def test_its_printable_handout_names_the_circle_and_the_dates(document, circle, member):
    shared(document, member, tags=["nep", "?"])

    html = signed_in(member).get(f"{GUIDE}?since=2026-01-01&until=2100-12-31&print=1").content
    html = html.decode()

    assert 'guide-print.css" media="all"' in html
    summary = html[html.index('<p class="meta guide-limits-summary">') :]
    summary = " ".join(summary[: summary.index("</p>")].split())
    assert "Study group" in summary
    assert "1 January 2026</time> to <time" in summary
    assert "31 December 2100" in summary
    assert 'class="guide-print-back screen-only"' in html
    assert "Open questions" in html and "tax in kind</mark>" in html


@pytest.mark.parametrize("count", [1, 4])
def test_it_renders_a_limited_guide_in_the_same_number_of_queries(
    document, circle, owner, member, count, django_assert_num_queries
):
    for quote in ["tax in kind", "the market", "We are retreating", "Private trade"][:count]:
        shared(document, member, quote, tags=["nep", "?"])
    reading_list_add(circle=circle, actor=owner, document=document, section_order=1)
    client = signed_in(owner)
    url = f"{GUIDE}?reading_list=1&since=2000-01-01"
    client.get(url)  # warm the session
    # The guide's fifteen, and the reading list's entries and their sections.
    with django_assert_num_queries(17):
        response = client.get(url)
    assert response.status_code == 200


def test_the_coverage_map_labels_its_documents(document, circle, member):
    book = ingest_book()
    shared(document, member)
    shared(book, member, "Chapter two begins")

    html = signed_in(member).get(f"/guides/{SCOPE}/").content.decode()

    labels = re.findall(r'<text class="heat-doc-label"[^>]*aria-label="([^"]*)"', html)
    assert labels == ["Document: A Book", "Document: The NEP"]
    assert re.findall(r'class="heat-doc-label"[^>]*>([^<]*)</text>', html) == ["A Book", "The NEP"]
    assert 'aria-label="nep in The NEP: 1 passage"' in html
    assert 'aria-label="nep in A Book: 1 passage"' in html


@pytest.mark.parametrize(
    ("reader", "status"), [("owner", 200), ("member", 200), ("outsider", 404), ("anonymous", 404)]
)
def test_a_limited_guide_shows_each_reader_only_what_they_may_see(
    document, circle, owner, member, outsider, reader, status
):
    shared(document, member, tags=["nep", "question"])
    highlight(document, member, "Private trade", tags=["nep", "?"], visibility="private")
    highlight(document, outsider, "the market", tags=["nep", "?"], visibility="public")
    reading_list_add(circle=circle, actor=owner, document=document)
    client = Client() if reader == "anonymous" else signed_in(locals()[reader])

    response = client.get(f"{GUIDE}?reading_list=1&since=2000-01-01&print=1")

    assert response.status_code == status
    html = response.content.decode()
    assert ("tax in kind</mark>" in html) is (status == 200)
    assert "Private trade" not in html
    assert "the market</mark>" not in html


def test_its_markdown_keeps_the_limits_sentences_and_open_questions(document, circle, member):
    shared(document, member, tags=["nep", "?"], comment="What *is* it?")

    body = signed_in(member).get(f"/guides/{SCOPE}/nep.md?since=2026-01-01").content.decode()

    assert "\nsince: 2026-01-01\n---\n" in body
    sentence = (
        "> In 1921 the party replaced requisitioning with a **tax in kind**, and let peasants "
        "sell what was left on the market."
    )
    questions = body[body.index("## Open questions") : body.index("## The NEP")]
    assert "*Asked by bob:* What *is* it?" in questions
    assert sentence in body[body.index("## The NEP") :]


def test_it_offers_since_the_last_meeting_from_the_reading_lists_due_dates(
    document, circle, owner, member
):
    shared(document, member)
    today = timezone.localdate()
    met = today - datetime.timedelta(days=3)
    reading_list_add(circle=circle, actor=owner, document=document, due=met)
    reading_list_add(circle=circle, actor=owner, document=document, due=today)  # not yet met
    reading_list_add(circle=circle, actor=owner, document=document, due=met - timedelta(days=7))

    html = signed_in(member).get(f"{GUIDE}?reading_list=1").content.decode()

    shortcuts = dict(
        (label, href.replace("&amp;", "&"))
        for href, label in re.findall(
            r'<a href="([^"]*)">(since the last[^<]*|the last 7 days)</a>', html
        )
    )
    assert shortcuts == {
        f"since the last meeting ({met.day} {met:%B %Y})": f"{GUIDE}?reading_list=1&since={met}",
        "the last 7 days": f"{GUIDE}?reading_list=1&since={today - timedelta(days=7)}",
    }


def test_it_offers_no_last_meeting_before_the_circle_has_met(document, circle, member):
    shared(document, member)

    html = signed_in(member).get(GUIDE).content.decode()

    assert "since the last meeting" not in html
    assert ">the last 7 days</a>" in html


@pytest.fixture
def two_a_page(monkeypatch):
    """Guide pages of two passages, so three passages make two pages."""
    from annotations.guides import guide as guide_module
    from reader.views import guides as guide_views

    monkeypatch.setattr(guide_module, "PASSAGES_PER_PAGE", 2)
    monkeypatch.setattr(guide_views, "PASSAGES_PER_PAGE", 2)


def test_a_long_guide_is_laid_out_a_page_of_passages_at_a_time(
    two_a_page, document, circle, member, django_assert_num_queries
):
    for quote in ("tax in kind", "We are retreating", "Private trade returned"):
        shared(document, member, quote)
    client = signed_in(member)

    first = client.get(GUIDE).content.decode()
    assert "Passages 1–2 of 3, in reading order." in first
    assert "tax in kind" in first and "We are retreating" in first
    # The third passage is on the next page (only the key passages list it here).
    assert first.count('<article class="guide-document"') == 1
    assert first.count('<mark class="strength-') == 2
    assert 'rel="next" href="?page=2"' in first

    second = client.get(GUIDE, {"page": "2"}).content.decode()
    assert "Passages 3–3 of 3" in second
    assert second.count('<mark class="strength-') == 1
    assert 'rel="prev" href="?"' in second
    # The whole topic's figures on every page.
    assert "3 passages" in second

    for page in ("3", "0", "two"):
        assert client.get(GUIDE, {"page": page}).status_code == 404
    # The printed handout has every passage, on one page.
    handout = client.get(GUIDE, {"print": "1"}).content.decode()
    assert "guide-pager" not in handout
    assert all(q in handout for q in ("tax in kind", "We are retreating", "Private trade"))


def test_guide_pages_keep_the_limits(two_a_page, document, circle, member):
    for quote in ("tax in kind", "We are retreating", "Private trade returned"):
        shared(document, member, quote)
    since = timezone.localdate().isoformat()
    page = signed_in(member).get(GUIDE, {"since": since}).content.decode()
    assert f'rel="next" href="?since={since}&amp;page=2"' in page

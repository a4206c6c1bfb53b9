import re

import pytest
from django.urls import reverse

from annotations.circles.services import circle_create
from annotations.models import Annotation, Membership, Role
from annotations.services import annotation_create, reply_create
from reader.presenters import quote_for_label
from tests.pagedata import page_data
from tests.reader.conftest import ingest_book


def section_url(order, slug="book", **query):
    url = reverse("reader:section", args=[slug, order])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def highlight(book, author, ordinal, words, **fields):
    """Annotate the given words of paragraph ``ordinal`` (a substring of its text)."""
    paragraph = book.current_version.paragraphs.get(ordinal=ordinal)
    offset = paragraph.text.index(words)
    start = paragraph.start + offset
    return annotation_create(
        author=author,
        document=book,
        start=start,
        end=start + len(words),
        exact=words,
        **fields,
    )


@pytest.fixture
def circle(owner, member):
    made = circle_create(owner=owner, name="Readers")
    Membership.objects.create(circle=made, user=member, role=Role.MEMBER)
    return made


def test_it_draws_the_readers_own_highlight_in_the_text(client, book, owner):
    annotation = highlight(book, owner, 6, "paragraph of chapter", color="green")
    client.force_login(owner)

    html = client.get(section_url(3)).content.decode()

    assert (
        f'First <mark class="hl hl-green hl-mine" data-starts="{annotation.id}" '
        'tabindex="0" role="button" '
        'aria-label="“paragraph of chapter”, highlight by alice, green, no comments">'
        "paragraph of chapter</mark> one."
    ) in html


def label_of(html: str, annotation) -> str:
    """The accessible name of the mark where ``annotation`` starts."""
    starts = re.search(
        rf'data-starts="(\d+ )*{annotation.id}( \d+)*"[^>]*aria-label="([^"]*)"', html
    )
    return starts.group(3)


def test_it_names_a_mark_by_its_words_whose_colour_and_comments(client, book, owner, member):
    annotation = highlight(
        book, owner, 6, "paragraph of chapter", visibility="public", comment="Why *first*?"
    )
    reply_create(annotation=annotation, author=member, body="Agreed.")
    client.force_login(member)

    # Another reader's public highlight is drawn one by one when the page shows theirs.
    html = client.get(section_url(3, member="alice")).content.decode()

    assert label_of(html, annotation) == (
        "“paragraph of chapter”, highlight by alice, yellow, 2 comments"
    )


def across_paragraphs(book, owner):
    """Paragraph 9, and the owner's highlight from its seventh character to paragraph 10's."""
    version = book.current_version
    first = version.paragraphs.get(ordinal=9)
    start, end = first.start + 6, version.paragraphs.get(ordinal=10).start + 6
    annotation = annotation_create(
        author=owner, document=book, start=start, end=end, exact=version.text[start:end]
    )
    return first, annotation


def test_it_names_a_mark_running_into_the_next_paragraph_with_its_first_words(client, book, owner):
    first, annotation = across_paragraphs(book, owner)
    client.force_login(owner)

    html = client.get(section_url(3)).content.decode()

    words = " ".join(first.text[6:].split())
    assert label_of(html, annotation) == f"“{words}…”, highlight by alice, yellow, no comments"


def test_it_sums_up_highlights_starting_together_by_whose_and_their_comments(
    client, book, owner, member, circle
):
    # Where many start together, the name says how many and whose, not each in turn (a
    # busy page's names were up to 1 KB); the card lists them one by one.
    mine = highlight(book, owner, 6, "paragraph of chapter", comment="Mine.")
    highlight(book, owner, 6, "paragraph of", color="pink")
    highlight(book, member, 6, "paragraph", visibility="circle", circle=circle.slug, color="blue")
    client.force_login(owner)

    html = client.get(section_url(3)).content.decode()

    assert label_of(html, mine) == (
        "“paragraph of chapter”, 3 highlights: 2 by alice, 1 by bob, 1 comment"
    )

    Annotation.objects.exclude(author=owner).delete()
    html = client.get(section_url(3)).content.decode()
    assert label_of(html, mine) == "“paragraph of chapter”, 2 highlights by alice, 1 comment"


@pytest.mark.parametrize(
    ("words", "label"),
    [
        ("requisitioned food", "requisitioned food"),
        ("  requisitioned\n\nfood  ", "requisitioned food"),
        (
            "The peasants hid their grain from the requisition squads, and sowed less",
            "The peasants hid their grain from the…",
        ),
        (
            "Antidisestablishmentarianism-and-then-some-more-words",
            "Antidisestablishmentarianism-and-then-so…",
        ),
    ],
)
def test_it_cuts_a_long_quote_at_a_word_end(words, label):
    assert quote_for_label(words) == label


def test_it_keeps_a_private_highlight_from_everyone_else(client, book, owner, outsider):
    highlight(book, owner, 6, "paragraph of chapter")

    anonymous = client.get(section_url(3)).content.decode()
    client.force_login(outsider)
    other = client.get(section_url(3)).content.decode()

    for html in (anonymous, other):
        assert "<mark" not in html
        assert 'class="margin-count"' not in html


def test_it_shows_a_public_highlight_to_anonymous_readers_as_popular(client, book, owner):
    annotation = highlight(book, owner, 6, "chapter one", visibility="public")

    response = client.get(section_url(3))

    assert (
        '<mark class="pop pop-1 pop-start" tabindex="0" role="button" '
        'aria-label="Highlighted by 1 reader: “chapter one”">chapter one</mark>'
    ) in response.content.decode()
    assert page_data(response)["annotations"] == []
    assert page_data(response)["popular"] == [[annotation.start, annotation.end, 1, 1]]
    assert page_data(response)["user"] is None


def test_it_splits_a_highlight_across_paragraphs(client, book, owner):
    _, annotation = across_paragraphs(book, owner)
    client.force_login(owner)

    html = client.get(section_url(3)).content.decode()

    assert f'First <mark class="hl hl-yellow hl-mine" data-starts="{annotation.id}"' in html
    assert '<mark class="hl hl-yellow hl-mine">Second</mark> point' in html
    assert html.count('class="margin-count"') == 2


def test_it_keeps_overlapping_highlights_each_reachable(client, book, owner, member, circle):
    mine = highlight(book, owner, 6, "First paragraph")
    theirs = highlight(
        book,
        member,
        6,
        "paragraph of chapter",
        visibility="circle",
        circle=circle.slug,
        color="blue",
    )
    client.force_login(owner)

    html = client.get(section_url(3)).content.decode()

    assert f'<mark class="hl hl-yellow hl-mine" data-starts="{mine.id}" tabindex="0"' in html
    assert (
        f'<mark class="hl hl-blue hl-mine hl-stack hl-under-yellow" data-starts="{theirs.id}"'
        in html
    )
    assert f'data-starts="{theirs.id}" tabindex="0"' in html
    assert 'aria-label="2 annotations on this paragraph">2</button>' in html


def test_it_shows_only_the_chosen_layer(client, book, owner, member):
    mine = highlight(book, owner, 6, "First paragraph", visibility="public")
    public = highlight(book, member, 13, "two begins", visibility="public")
    client.force_login(owner)

    only_mine = page_data(client.get(section_url(3, layer="mine")))
    only_public = page_data(client.get(section_url(5, layer="public")))
    none_public = page_data(client.get(section_url(3, layer="public")))

    assert [a["id"] for a in only_mine["annotations"]] == [mine.id]
    assert only_mine["popular"] == []
    assert only_public["annotations"] == []
    assert only_public["popular"] == [[public.start, public.end, 1, 1]]
    assert [a["id"] for a in none_public["annotations"]] == [mine.id]
    assert none_public["popular"] == []


def test_it_keeps_note_links_working_inside_a_highlight(client, book, owner):
    highlight(book, owner, 11, "central.1 It")
    client.force_login(owner)

    html = client.get(section_url(3)).content.decode()

    assert '<mark class="hl hl-yellow hl-mine"><a class="note-ref"' in html


@pytest.mark.parametrize("annotations", [0, 12])
def test_it_uses_the_same_queries_however_many_highlights(
    client, db, owner, member, django_assert_num_queries, annotations
):
    book = ingest_book()
    for number in range(annotations):
        author = owner if number % 2 else member
        highlight(
            book,
            author,
            6 + number % 2 * 2,
            "First" if number % 2 == 0 else "quotation",
            visibility="public",
        )
    client.force_login(owner)

    # session, user, document, sections, paragraphs, the reader's circles and their
    # members (for the layers), annotations with their tags, the "Sharing to" choice
    with django_assert_num_queries(8):
        response = client.get(section_url(3))

    # Half are the reader's own, drawn one by one; the others' are the popular layer.
    assert len(page_data(response)["annotations"]) == annotations // 2
    assert len(page_data(response)["popular"]) == (1 if annotations else 0)

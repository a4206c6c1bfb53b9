import re

import pytest
from django.urls import reverse

from annotations.circles.services import circle_create
from annotations.models import Membership, Role
from annotations.services import annotation_create
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
        f'First <mark class="hl hl-green hl-mine" data-starts="{annotation.id}">'
        "paragraph of chapter</mark> one."
    ) in html
    # Bare: the script gives it its tab stop, role and name (tests/browser/test_mark_names.py).
    assert not re.search(r"<mark[^>]*(tabindex|role|aria-label)", html)


def starts_of(html: str, annotation) -> list[int]:
    """The ids of the annotations beginning at the mark where ``annotation`` begins."""
    found = re.search(rf'data-starts="((\d+ )*{annotation.id}( \d+)*)"', html)
    return [int(pk) for pk in found.group(1).split()]


def across_paragraphs(book, owner):
    """Paragraph 9, and the owner's highlight from its seventh character to paragraph 10's."""
    version = book.current_version
    first = version.paragraphs.get(ordinal=9)
    start, end = first.start + 6, version.paragraphs.get(ordinal=10).start + 6
    annotation = annotation_create(
        author=owner, document=book, start=start, end=end, exact=version.text[start:end]
    )
    return first, annotation


def test_it_lists_the_highlights_starting_together_on_one_mark_longest_first(
    client, book, owner, member, circle
):
    # The script names the mark from these (tests/browser/test_mark_names.py).
    mine = highlight(book, owner, 6, "paragraph of chapter", comment="Mine.")
    pink = highlight(book, owner, 6, "paragraph of", color="pink")
    theirs = highlight(
        book, member, 6, "paragraph", visibility="circle", circle=circle.slug, color="blue"
    )
    client.force_login(owner)

    html = client.get(section_url(3)).content.decode()

    assert starts_of(html, mine) == [mine.id, pink.id, theirs.id]
    assert html.count("data-starts=") == 1


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

    assert ('<mark class="pop pop-1 pop-start">chapter one</mark>') in response.content.decode()
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

    assert f'<mark class="hl hl-yellow hl-mine" data-starts="{mine.id}">' in html
    assert (
        f'<mark class="hl hl-blue hl-mine hl-stack hl-under-yellow" data-starts="{theirs.id}"'
        in html
    )
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
    client.get(section_url(3))  # caches the chapter's popular coverage

    # session, user, document, sections, paragraphs, the reader's circles and their
    # members (for the layers), annotations with their tags, the popular coverage (from
    # the cache), the "Sharing to" choice
    with django_assert_num_queries(9):
        response = client.get(section_url(3))

    # Half are the reader's own, drawn one by one; the others' are the popular layer.
    assert len(page_data(response)["annotations"]) == annotations // 2
    assert len(page_data(response)["popular"]) == (1 if annotations else 0)

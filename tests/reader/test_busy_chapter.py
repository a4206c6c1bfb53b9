"""A busy chapter: the reader's own and their circles' highlights drawn one by one, other
readers' public ones as one shaded layer (annotations/popular.py), with light marks."""

import re

import pytest
from django.contrib.auth import get_user_model

from annotations.circles.services import circle_create
from annotations.models import Membership, Role
from annotations.services import annotation_create, annotation_delete, annotation_update
from tests.pagedata import page_data
from tests.reader.conftest import ingest_book
from tests.reader.test_section_highlights import section_url

WORDS = "First paragraph of chapter one."


def readers(count):
    model = get_user_model()
    return [model.objects.create_user(f"reader{number}", password="x") for number in range(count)]


def mark(book, author, words=WORDS, ordinal=6, **fields):
    paragraph = book.current_version.paragraphs.get(ordinal=ordinal)
    start = paragraph.start + paragraph.text.index(words)
    return annotation_create(
        author=author, document=book, start=start, end=start + len(words), exact=words, **fields
    )


@pytest.fixture
def circle(owner, member):
    made = circle_create(owner=owner, name="Readers")
    Membership.objects.create(circle=made, user=member, role=Role.MEMBER)
    return made


def test_it_draws_many_readers_of_one_passage_as_one_stretch(client, book, owner):
    crowd = readers(20)
    for reader in crowd:
        mark(book, reader, visibility="public")
    client.force_login(owner)

    response = client.get(section_url(3))
    html = response.content.decode()

    article = html[html.index("<article") :]
    assert re.findall(r"<mark[^>]*>[^<]*</mark>", article) == [
        f'<mark class="pop pop-4 pop-start">{WORDS}</mark>'
    ]
    data = page_data(response)
    assert data["annotations"] == []
    assert data["popular"] == [[data["popular"][0][0], data["popular"][0][1], 20, 4]]
    assert "data-ids" not in html


def test_it_draws_the_readers_own_and_their_circles_one_by_one(client, book, owner, member, circle):
    mine = mark(book, owner, "First paragraph", visibility="public")
    shared = mark(book, member, "chapter one", visibility="circle", circle=circle.slug)
    public = mark(book, member, "Second point", ordinal=10, visibility="public")
    client.force_login(owner)

    data = page_data(client.get(section_url(3)))

    assert [a["id"] for a in data["annotations"]] == [mine.id, shared.id]
    assert data["popular"] == [[public.start, public.end, 1, 1]]


def test_it_draws_a_chosen_members_public_highlights_one_by_one(client, book, owner, member):
    public = mark(book, member, "Second point", ordinal=10, visibility="public")
    client.force_login(owner)

    data = page_data(client.get(section_url(3, member="bob")))

    assert [a["id"] for a in data["annotations"]] == [public.id]
    assert data["popular"] == []


def test_it_shades_under_the_readers_own_highlight_in_one_mark(client, book, owner):
    for reader in readers(2):
        mark(book, reader, "paragraph of chapter", visibility="public")
    mine = mark(book, owner, "First paragraph")
    client.force_login(owner)

    html = client.get(section_url(3)).content.decode()

    text = re.search(r'<span class="t" data-start="\d+">(.*?)</span></p>', html).group(1)
    assert text == (
        f'<mark class="hl hl-yellow hl-mine" data-starts="{mine.id}">First </mark>'
        '<mark class="hl hl-yellow hl-mine pop pop-2 pop-start">paragraph</mark>'
        '<mark class="pop pop-2"> of chapter</mark> one.'
    )


def test_it_keeps_a_shaded_stretch_reachable_when_the_readers_highlight_starts_with_it(
    client, book, owner
):
    mark(book, readers(1)[0], "First paragraph", visibility="public")
    mine = mark(book, owner, "First")
    client.force_login(owner)

    html = client.get(section_url(3)).content.decode()

    assert f'<mark class="hl hl-yellow hl-mine pop pop-1" data-starts="{mine.id}"' in html
    assert '<mark class="pop pop-1 pop-start"> paragraph</mark>' in html


@pytest.mark.parametrize("busy", [False, True])
def test_it_uses_the_same_queries_on_a_busy_chapter(
    client, db, owner, member, django_assert_num_queries, busy
):
    book = ingest_book()
    if busy:
        circle = circle_create(owner=owner, name="Readers")
        Membership.objects.create(circle=circle, user=member, role=Role.MEMBER)
        for reader in readers(6):
            mark(book, reader, visibility="public")
            mark(book, reader, "Second point", ordinal=10, visibility="public")
        mark(book, owner, "First paragraph")
        mark(book, member, "chapter one", visibility="circle", circle=circle.slug)
    client.force_login(owner)
    client.get(section_url(3))  # the first reading caches the chapter's popular coverage

    # session, user, document, sections, paragraphs, the reader's circles and their
    # members, the annotations drawn one by one, the popular coverage (from the cache),
    # sharing
    with django_assert_num_queries(9):
        response = client.get(section_url(3))

    assert len(page_data(response)["popular"]) == (2 if busy else 0)


def test_it_keeps_the_page_small_however_many_readers_marked_it(client, db, owner):
    """Scaled down from the benchmark: each of the reader's highlights costs a few hundred
    bytes; other readers' public ones cost only the stretches they make."""
    book = ingest_book()
    client.force_login(owner)
    empty = len(client.get(section_url(3)).content)
    crowd = readers(30)
    for reader in crowd:
        mark(book, reader, visibility="public")
    crowded = len(client.get(section_url(3)).content)
    for words in ["First", "paragraph", "of chapter", "one."]:
        mark(book, owner, words)
    own = len(client.get(section_url(3)).content)

    # 30 readers' highlights: one stretch, and the legend that explains the shading
    assert crowded - empty < 600
    assert (own - crowded) / 4 < 450  # a highlight of one's own: its mark, label and data


def test_the_layer_shows_another_readers_change_at_once(client, book, owner, member):
    """The chapter's popular coverage is cached; any change to a public highlight on the
    version is a new key, so the next reading sees it."""
    client.force_login(owner)
    assert page_data(client.get(section_url(3)))["popular"] == []

    theirs = mark(book, member, visibility="public")
    assert page_data(client.get(section_url(3)))["popular"] == [[theirs.start, theirs.end, 1, 1]]

    annotation_update(annotation=theirs, actor=member, visibility="private")
    assert page_data(client.get(section_url(3)))["popular"] == []

    annotation_update(annotation=theirs, actor=member, visibility="public")
    assert page_data(client.get(section_url(3)))["popular"] == [[theirs.start, theirs.end, 1, 1]]

    annotation_delete(annotation=theirs, actor=member)
    assert page_data(client.get(section_url(3)))["popular"] == []


def test_each_reader_sees_the_others_in_the_layer_from_one_cached_coverage(
    client, book, owner, member
):
    crowd = readers(2)
    for reader in crowd:
        mark(book, reader, visibility="public")
    mine = mark(book, owner, visibility="public")
    span = [mine.start, mine.end]

    assert page_data(client.get(section_url(3)))["popular"] == [[*span, 3, 3]]  # anyone
    client.force_login(member)
    assert page_data(client.get(section_url(3)))["popular"] == [[*span, 3, 3]]
    client.force_login(owner)
    owners = page_data(client.get(section_url(3)))
    assert owners["popular"] == [[*span, 2, 2]]  # not their own
    assert [a["id"] for a in owners["annotations"]] == [mine.id]
    client.force_login(crowd[0])
    assert page_data(client.get(section_url(3)))["popular"] == [[*span, 2, 2]]


def test_a_reader_with_public_highlights_of_their_own_sees_anothers_at_once(
    client, book, owner, member
):
    """Their layer is cached for them (less their own); another reader's new public
    highlight changes the version's count, so their next reading has it."""
    mine = mark(book, owner, visibility="public")
    client.force_login(owner)
    assert page_data(client.get(section_url(3)))["popular"] == []

    theirs = mark(book, member, visibility="public")

    assert page_data(client.get(section_url(3)))["popular"] == [[theirs.start, theirs.end, 1, 1]]
    client.force_login(member)
    assert page_data(client.get(section_url(3)))["popular"] == [[mine.start, mine.end, 1, 1]]


def test_a_cache_that_does_not_answer_costs_the_page_nothing_but_time(
    client, book, owner, member, settings, caplog
):
    """A Redis server down: the popular layer is made anew for each reading, asking the
    cache once (each ask of a server that hangs costs REDIS_TIMEOUT)."""
    theirs = mark(book, member, visibility="public")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "unix:///nonexistent/redis.sock",
        }
    }
    client.force_login(owner)

    response = client.get(section_url(3))

    assert response.status_code == 200
    assert page_data(response)["popular"] == [[theirs.start, theirs.end, 1, 1]]
    assert caplog.text.count("The cache did not answer") == 1

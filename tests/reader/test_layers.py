import pytest
from django.urls import reverse

from annotations import services
from annotations.circles import services as circle_services
from annotations.models import Membership
from tests.pagedata import page_data
from tests.reader.conftest import ingest_book

CHAPTER = 3  # the book's first chapter: paragraphs 5 to 11


def section_url(*layers, member=None, slug="book"):
    query = [("layer", layer) for layer in layers]
    if member is not None:
        query.append(("member", member))
    url = reverse("reader:section", args=[slug, CHAPTER])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query) if query else "")


def highlight(book, author, words, **fields):
    text = book.current_version.text
    start = text.index(words)
    return services.annotation_create(
        author=author, document=book, start=start, end=start + len(words), exact=words, **fields
    )


def shown(client, url) -> list[int]:
    data = page_data(client.get(url))
    found = {annotation["id"] for annotation in data["annotations"]}
    # Other readers' public ones are the popular layer: its stretches list them.
    for stretch_start, stretch_end, *_ in data["popular"]:
        stretch = client.get(
            reverse("api:document-popular", args=["book"]),
            {"start": stretch_start, "end": stretch_end},
        )
        found.update(item["id"] for item in stretch.json()["results"])
    return sorted(found)


@pytest.fixture
def circles(owner, member, outsider):
    """Two circles of alice's: NEP (with bob) and Planning (with carol)."""
    nep = circle_services.circle_create(owner=owner, name="NEP")
    planning = circle_services.circle_create(owner=owner, name="Planning")
    Membership.objects.create(circle=nep, user=member)
    Membership.objects.create(circle=planning, user=outsider)
    return nep, planning


@pytest.fixture
def layered(book, owner, member, outsider, circles):
    """One highlight in each layer alice can see, and one she cannot."""
    nep, planning = circles
    elsewhere = circle_services.circle_create(owner=member, name="Elsewhere")
    return {
        "mine": highlight(book, owner, "First paragraph", visibility="private"),
        "public": highlight(book, outsider, "of chapter one", visibility="public"),
        "nep": highlight(book, member, "A quotation", visibility="circle", circle=nep.slug),
        "planning": highlight(
            book, outsider, "First point", visibility="circle", circle=planning.slug
        ),
        "elsewhere": highlight(
            book, member, "Second point", visibility="circle", circle=elsewhere.slug
        ),
    }


def ids(layered, *names) -> list[int]:
    return sorted(layered[name].id for name in names)


def test_it_offers_mine_public_and_each_circle_all_checked(client, owner, layered):
    client.force_login(owner)

    html = client.get(section_url()).content.decode()

    for value, label in [
        ("mine", "Mine"),
        ("public", "Public"),
        ("circle:nep", "NEP"),
        ("circle:planning", "Planning"),
    ]:
        assert (
            f'<input type="checkbox" name="layer" value="{value}" checked>{label}</label>' in html
        )
    assert "circle:elsewhere" not in html
    assert shown(client, section_url()) == ids(layered, "mine", "public", "nep", "planning")


def test_it_combines_the_chosen_layers(client, owner, layered):
    client.force_login(owner)

    html = client.get(section_url("mine", "circle:nep")).content.decode()

    assert '<input type="checkbox" name="layer" value="mine" checked>' in html
    assert '<input type="checkbox" name="layer" value="public">' in html
    assert '<input type="checkbox" name="layer" value="circle:nep" checked>' in html
    assert '<input type="checkbox" name="layer" value="circle:planning">' in html
    assert shown(client, section_url("mine", "circle:nep")) == ids(layered, "mine", "nep")
    assert shown(client, section_url("public", "circle:planning")) == ids(
        layered, "public", "planning"
    )
    assert shown(client, section_url("circle:planning")) == ids(layered, "planning")


def test_it_keeps_the_single_layer_links(client, owner, layered):
    client.force_login(owner)

    assert shown(client, section_url("mine")) == ids(layered, "mine")
    assert shown(client, section_url("public")) == ids(layered, "public")
    assert shown(client, section_url("all")) == ids(layered, "mine", "public", "nep", "planning")


def test_it_never_shows_a_circle_the_reader_is_not_in(client, owner, layered):
    client.force_login(owner)

    only_elsewhere = shown(client, section_url("circle:elsewhere"))
    with_mine = shown(client, section_url("circle:elsewhere", "mine"))

    assert layered["elsewhere"].id not in only_elsewhere
    assert with_mine == ids(layered, "mine")


def test_it_filters_by_member(client, owner, layered):
    client.force_login(owner)

    html = client.get(section_url(member="bob")).content.decode()

    assert '<option value="bob" selected>bob</option>' in html
    assert '<option value="carol">carol</option>' in html
    assert '<option value="alice">alice</option>' in html
    assert shown(client, section_url(member="bob")) == ids(layered, "nep")
    assert shown(client, section_url(member="carol")) == ids(layered, "public", "planning")
    assert shown(client, section_url("public", member="carol")) == ids(layered, "public")
    assert shown(client, section_url(member="nobody")) == []


def test_it_shows_a_visitor_public_highlights_without_the_form(client, layered):
    html = client.get(section_url()).content.decode()

    assert 'name="layer"' not in html
    assert shown(client, section_url()) == ids(layered, "public")
    # A layer the reader does not have is ignored, as if none were chosen.
    assert shown(client, section_url("circle:nep")) == ids(layered, "public")
    assert shown(client, section_url("mine")) == []


def test_the_paragraph_view_takes_the_same_layers(client, book, owner, layered):
    client.force_login(owner)
    url = reverse("reader:paragraph", args=["book", 6])

    everything = shown(client, url)
    mine = shown(client, url + "?layer=mine")
    public = shown(client, url + "?layer=public&member=carol")

    assert everything == ids(layered, "mine", "public")
    assert mine == ids(layered, "mine")
    assert public == ids(layered, "public")


@pytest.mark.parametrize("circles", [1, 3])
def test_it_uses_the_same_queries_however_many_circles(
    client, db, owner, member, django_assert_num_queries, circles
):
    book = ingest_book()
    for number in range(circles):
        circle = circle_services.circle_create(owner=owner, name=f"Circle {number}")
        Membership.objects.create(circle=circle, user=member)
        highlight(book, member, "First paragraph", visibility="circle", circle=circle.slug)
    client.force_login(owner)
    url = section_url("mine", "circle:circle-0", member="bob")

    # session, user, document, sections, paragraphs, circles and members, annotations (tags
    # included), the "Sharing to" choice
    with django_assert_num_queries(8):
        response = client.get(url)

    assert response.status_code == 200

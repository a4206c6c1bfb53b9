import pytest
from django.urls import reverse


def paragraph_url(ordinal, slug="book"):
    return reverse("reader:paragraph", args=[slug, ordinal])


def test_it_shows_one_paragraph_with_its_place(client, book):
    response = client.get(paragraph_url(6))

    html = response.content.decode()
    assert response.status_code == 200
    assert "First paragraph of chapter one." in html
    assert "A sub-section" not in html
    assert "¶6 of 14" in html
    assert ">Chapter One: Origins <span" in html


def test_it_links_the_neighbouring_paragraphs_for_the_keyboard(client, book):
    html = client.get(paragraph_url(6)).content.decode()

    assert f'<a rel="prev" href="{paragraph_url(5)}">' in html
    assert f'rel="next" href="{paragraph_url(7)}">' in html
    assert "data-keyboard-pager" in html
    assert "js/keys.js" in html


def test_it_has_no_previous_on_the_first_nor_next_on_the_last(client, book):
    first = client.get(paragraph_url(1)).content.decode()
    last = client.get(paragraph_url(14)).content.decode()

    assert 'rel="prev"' not in first
    assert 'rel="next"' not in last


def test_it_links_back_to_the_paragraph_in_context(client, book):
    html = client.get(paragraph_url(8)).content.decode()

    assert f'href="{reverse("reader:section", args=["book", 3])}#p-8"' in html


def test_it_shows_a_heading_paragraph_as_text_not_as_a_second_title(client, book):
    html = client.get(paragraph_url(7)).content.decode()

    assert '<p class="heading-text"><span class="t"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("url", ["/read/book/p/0/", "/read/book/p/15/", "/read/nope/p/1/"])
def test_it_answers_404_for_what_does_not_exist(client, book, url):
    assert client.get(url).status_code == 404


def test_it_uses_a_fixed_number_of_queries(client, book, django_assert_num_queries):
    client.get(paragraph_url(6))  # caches the paragraph's popular coverage

    # document, sections, paragraph, annotations, the popular coverage (from the cache)
    with django_assert_num_queries(5):
        client.get(paragraph_url(6))

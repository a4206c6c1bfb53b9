"""What the reader shows of a new version's re-anchoring: highlights placed on edited
words are drawn "moved, please check"; notes whose words are gone are listed under the
paragraph where their words were, with the old words against the new text."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Anchor
from tests.essays import annotate_words, ingest_essay
from tests.pagedata import page_data

KEPT = "The plan failed in the first winter."
EDITED_BEFORE = "Planning was central to the whole system of the state."
EDITED_AFTER = "Planning was central to the entire system of the state."
GONE_BEFORE = "Grain requisitions were ended by decree in the spring."
GONE_AFTER = "Everything about this was rewritten from scratch by the editor."


@pytest.fixture
def revised(db, owner, member):
    """Alice's moved highlight, her orphaned note, and Bob's private and public orphans."""
    document = ingest_essay(KEPT, EDITED_BEFORE, GONE_BEFORE).document
    notes = {
        "moved": annotate_words(document, owner, EDITED_BEFORE),
        "orphan": annotate_words(document, owner, "ended by decree", comment="Why *then*?"),
        "private": annotate_words(document, member, "Grain requisitions"),
        "public": annotate_words(document, member, "in the spring", visibility="public"),
    }
    ingest_essay(KEPT, EDITED_AFTER, GONE_AFTER)
    for note in notes.values():
        note.refresh_from_db()
    assert notes["moved"].anchor == Anchor.FUZZY
    assert {notes[k].anchor for k in ("orphan", "private", "public")} == {Anchor.ORPHANED}
    return notes


def section(client):
    return client.get(reverse("reader:section", args=["essay", 1])).content.decode()


def test_it_draws_a_moved_highlight_for_checking(client, owner, revised):
    client.force_login(owner)

    html = section(client)

    mark = html[html.index('<mark class="hl') :]
    mark = mark[: mark.index(">") + 1]
    assert "hl-moved" in mark and "hl-moved-start" in mark
    # Its name says so too: the script gives it (tests/browser/test_revisions.py).
    moved = [a for a in page_data(html)["annotations"] if a["id"] == revised["moved"].pk]
    assert [a["anchor"] for a in moved] == ["fuzzy"]


def test_it_lists_an_orphan_under_its_paragraph_with_its_old_words_against_the_new(
    client, owner, revised
):
    client.force_login(owner)

    html = section(client)

    gone = html.index(GONE_AFTER[:30])
    aside = html[html.index('<aside class="orphans"', gone) :]
    aside = aside[: aside.index("</aside>")]
    # Alice sees her note and Bob's public one, not Bob's private one.
    assert aside.count('<li class="orphan"') == 2
    assert "2 notes whose words are gone from this version" in aside
    assert "“ended by decree”" in aside and "“in the spring”" in aside
    assert "Grain requisitions" not in aside
    assert '<span class="visually-hidden">removed: </span>ended' in aside
    assert "<ins>" in aside
    assert "Why <em>then</em>?" in aside
    # Her own note can be moved to new words; Bob's cannot, by her.
    assert aside.count('data-review="reselect"') == 1
    assert f'data-id="{revised["orphan"].pk}">Choose new words' in aside


def test_a_reader_signed_out_sees_only_the_public_orphan(client, revised):
    html = section(client)

    assert html.count('<li class="orphan"') == 1
    assert "“in the spring”" in html
    assert "ended by decree" not in html
    assert 'data-review="reselect"' not in html


def test_its_author_sees_their_private_orphan_on_the_paragraph_page(client, member, revised):
    client.force_login(member)
    ordinal = 4  # heading, kept, edited, then the rewritten paragraph

    html = client.get(reverse("reader:paragraph", args=["essay", ordinal])).content.decode()

    assert "“Grain requisitions”" in html and "“in the spring”" in html
    assert html.count('data-review="reselect"') == 2


def test_orphans_cost_the_section_no_query(client, owner, revised):
    client.force_login(owner)
    section(client)  # the session's first reads, once
    with_orphans = _queries(client)

    for key in ("orphan", "private", "public"):
        revised[key].delete()
    section(client)  # the public one's delete changed the popular coverage: cached again

    assert _queries(client) == with_orphans


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert "hl-moved" in section(client)
    return len(captured)


def test_an_accepted_highlight_is_drawn_as_any_other(client, owner, revised):
    client.force_login(owner)
    url = reverse("api:annotation-review", args=[revised["moved"].pk])

    assert (
        client.post(url, {"action": "accept"}, content_type="application/json").status_code == 200
    )

    assert "hl-moved" not in section(client)

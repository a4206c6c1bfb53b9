"""Changing annotations from the notebook: one entry, or a selection (notebook_edit.py)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from annotations import services
from annotations.circles.services import circle_create
from annotations.library import library_text_add
from annotations.models import Annotation, Membership, Reply, Role
from tests.reader.conftest import ingest_book
from tests.reader.test_notebook import _fields_of, highlight

NOTEBOOK = "/notebook/"


def entry_url(annotation) -> str:
    return reverse("reader:notebook_entry", args=[annotation.pk])


def delete_url(annotation) -> str:
    return reverse("reader:notebook_delete", args=[annotation.pk])


BULK = "/notebook/selection/"


@pytest.fixture
def circle(owner, member):
    circle = circle_create(owner=owner, name="Tuesday Readers")
    Membership.objects.create(circle=circle, user=member, role=Role.MEMBER)
    return circle


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def edit(client, annotation, **fields):
    data = {"comment": "", "tags": "", "sharing": "private", "next": NOTEBOOK} | fields
    return client.post(entry_url(annotation), data)


def test_the_list_offers_each_entry_an_edit_form_and_a_selection_box(signed_in, book, owner):
    annotation = highlight(book, owner, "Why this book.", comment="**Yes**", tags=["nep", "a b"])

    html = signed_in.get(NOTEBOOK).content.decode()

    assert (
        f'<form class="notebook-edit-form" method="post" action="{entry_url(annotation)}">' in html
    )
    assert f'<textarea id="comment-{annotation.pk}" name="comment"' in html
    assert ">**Yes**</textarea>" in html
    assert 'name="tags" type="text" value="a b, nep"' in html
    assert '<option value="private" selected>Only me</option>' in html
    assert f'<input type="checkbox" form="notebook-bulk" name="id" value="{annotation.pk}"' in html
    assert f'<label for="select-{annotation.pk}">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<script type="module" src="/static/js/notebook.js"></script>' in html


def test_it_saves_the_note_tags_and_sharing_and_goes_back_to_the_same_list(
    signed_in, book, owner, circle
):
    annotation = highlight(book, owner, "Why this book.", tags=["old"])
    back = f"{NOTEBOOK}?order=reading"

    response = edit(
        signed_in,
        annotation,
        comment="A *new* note",
        tags="nep, Planning ,",
        sharing=f"circle:{circle.slug}",
        next=back,
    )

    assert response.status_code == 302
    assert response["Location"] == back
    assert said(response) == ["Saved “Why this book.”."]
    annotation.refresh_from_db()
    assert annotation.comment_html == "<p>A <em>new</em> note</p>"
    assert sorted(annotation.tags.names()) == ["Planning", "nep"]
    assert (annotation.visibility, annotation.circle_id) == ("circle", circle.pk)
    html = signed_in.get(back).content.decode()
    assert f'<option value="circle:{circle.slug}" selected>Tuesday Readers</option>' in html
    assert "· Tuesday Readers" in html


def test_it_shows_an_error_by_its_field_and_keeps_what_was_typed(signed_in, book, owner):
    annotation = highlight(book, owner, "Why this book.", comment="Before")

    response = edit(signed_in, annotation, comment="x" * 10_001, tags="kept, typed")

    assert response.status_code == 400
    html = response.content.decode()
    assert f'aria-describedby="comment-{annotation.pk}-error"' in html
    assert (
        f'<p class="field-error" id="comment-{annotation.pk}-error">'
        "Ensure this value has at most 10000 characters (it has 10001).</p>"
    ) in html
    assert 'value="kept, typed"' in html
    assert '<details class="notebook-edit" open>' in html
    annotation.refresh_from_db()
    assert annotation.comment == "Before"


def test_a_circle_the_reader_is_not_in_is_an_error_by_the_sharing_field(
    signed_in, book, owner, outsider
):
    theirs = circle_create(owner=outsider, name="Elsewhere")
    annotation = highlight(book, owner, "Why this book.")

    response = edit(signed_in, annotation, sharing=f"circle:{theirs.slug}")

    assert response.status_code == 400
    assert (
        f'<p class="field-error" id="sharing-{annotation.pk}-error">'
        f"You are not a member of a circle &#x27;{theirs.slug}&#x27;.</p>"
    ) in response.content.decode()


def test_widening_what_others_replied_to_is_an_error_by_the_sharing_field(
    signed_in, book, owner, member, circle
):
    annotation = highlight(book, owner, "Why this book.", visibility="circle", circle=circle.slug)
    services.reply_create(annotation=annotation, author=member, body="Indeed.")

    response = edit(signed_in, annotation, sharing="public")

    assert response.status_code == 400
    assert f'id="sharing-{annotation.pk}-error">Others have replied' in response.content.decode()


def test_a_circle_text_cannot_be_shared_with_another_circle(signed_in, owner, circle):
    other = circle_create(owner=owner, name="Other")
    text = ingest_book(slug="circle-text", title="Circle text")
    library_text_add(document=text, circle=circle, actor=owner)
    annotation = highlight(text, owner, "Why this book.")

    response = edit(signed_in, annotation, sharing=f"circle:{other.slug}")

    assert response.status_code == 400
    assert "Its text is in another circle&#x27;s library" in response.content.decode()
    assert edit(signed_in, annotation, sharing=f"circle:{circle.slug}").status_code == 302


def test_in_the_page_it_answers_with_the_entry_alone(signed_in, book, owner):
    annotation = highlight(book, owner, "Why this book.")

    saved = signed_in.post(
        entry_url(annotation),
        {"comment": "**Bold**", "tags": "nep", "sharing": "public"},
        headers={"X-Notebook-Fragment": "1"},
    )
    refused = signed_in.post(
        entry_url(annotation),
        {"comment": "", "tags": "x" * 60, "sharing": "public"},
        headers={"X-Notebook-Fragment": "1"},
    )

    assert saved.status_code == 200
    html = saved.content.decode()
    assert not html.lstrip().startswith("<!DOCTYPE")
    assert '<div class="notebook-comment"><p><strong>Bold</strong></p></div>' in html
    assert '<p class="notebook-saved" role="status">Saved.</p>' in html
    assert refused.status_code == 400
    assert f'<p class="field-error" id="tags-{annotation.pk}-error">A tag is at most 50' in (
        refused.content.decode()
    )


def test_without_javascript_the_edit_page_works_alone(signed_in, book, owner):
    annotation = highlight(book, owner, "Why this book.")

    html = signed_in.get(entry_url(annotation)).content.decode()

    assert "<h1>Edit a note</h1>" in html
    assert '<details class="notebook-edit" open>' in html


def test_only_the_author_reaches_an_entry(client, book, owner, outsider):
    mine = highlight(book, owner, "Why this book.", visibility="public")
    client.force_login(outsider)

    assert client.get(entry_url(mine)).status_code == 404
    assert edit(client, mine, comment="Mine now").status_code == 404
    assert client.post(delete_url(mine), {"confirm": "yes"}).status_code == 404
    mine.refresh_from_db()
    assert mine.comment == ""


def test_a_signed_out_visitor_is_sent_to_sign_in(client, book, owner):
    annotation = highlight(book, owner, "Why this book.")

    assert client.post(entry_url(annotation), {}).status_code == 302
    assert client.post(BULK, {}).status_code == 302


def test_every_change_needs_the_csrf_token(book, owner):
    annotation = highlight(book, owner, "Why this book.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    assert edit(client, annotation, comment="x").status_code == 403
    assert client.post(delete_url(annotation), {"confirm": "yes"}).status_code == 403
    assert client.post(BULK, {"action": "delete", "id": annotation.pk}).status_code == 403
    assert Annotation.objects.filter(pk=annotation.pk, comment="").exists()


def test_delete_asks_first_then_deletes(signed_in, book, owner):
    annotation = highlight(book, owner, "Why this book.")

    asked = signed_in.post(delete_url(annotation), {"next": NOTEBOOK})

    assert asked.status_code == 200
    assert "<h1>Delete 1 annotation?</h1>" in asked.content.decode()
    assert Annotation.objects.filter(pk=annotation.pk).exists()
    done = signed_in.post(delete_url(annotation), {"next": NOTEBOOK, "confirm": "yes"})
    assert done["Location"] == NOTEBOOK
    assert said(done) == ["Deleted “Why this book.”."]
    assert not Annotation.objects.filter(pk=annotation.pk).exists()
    in_page = highlight(book, owner, "The part opens.")
    response = signed_in.post(
        delete_url(in_page), {"confirm": "yes"}, headers={"X-Notebook-Fragment": "1"}
    )
    assert response.status_code == 204


def test_it_never_goes_back_anywhere_but_the_notebook(signed_in, book, owner):
    annotation = highlight(book, owner, "Why this book.")

    for wanted in ["https://evil.example/", "//evil.example/notebook/", "/accounts/"]:
        assert edit(signed_in, annotation, next=wanted)["Location"] == NOTEBOOK


def test_deleting_the_last_entries_of_a_page_goes_back_to_a_page_there_is(signed_in, book, owner):
    first = highlight(book, owner, "Why this book.")
    Annotation.objects.bulk_create(
        [Annotation(**_fields_of(first), created=first.created) for _ in range(50)]
    )
    last = Annotation.objects.order_by("created", "id").first()

    response = signed_in.post(
        delete_url(last), {"confirm": "yes", "next": f"{NOTEBOOK}?order=reading&page=2"}
    )

    assert response["Location"] == f"{NOTEBOOK}?order=reading"
    assert signed_in.get(response["Location"]).status_code == 200


# A selection


def select(client, action, annotations, **fields):
    data = {"action": action, "id": [a.pk for a in annotations], "next": NOTEBOOK} | fields
    return client.post(BULK, data)


def test_it_tags_a_selection_and_reports_it(signed_in, book, owner):
    notes = [highlight(book, owner, q) for q in ("Why this book.", "The part opens.")]

    response = select(signed_in, "tag", notes, tag="nep")

    assert response["Location"] == NOTEBOOK
    assert said(response) == ["2 annotations tagged “nep”."]
    assert [sorted(a.tags.names()) for a in notes] == [["nep"], ["nep"]]
    signed_in.get(NOTEBOOK)  # shows (and so clears) the messages
    untagged = select(signed_in, "untag", notes[:1], tag="NEP")
    assert said(untagged) == ["1 annotation no longer tagged “NEP”."]


def test_it_shares_a_selection_and_reports_what_it_refused(signed_in, book, owner, member, circle):
    quiet = highlight(book, owner, "Why this book.")
    replied = highlight(book, owner, "The part opens.", visibility="circle", circle=circle.slug)
    Reply.objects.create(annotation=replied, author=member, body="Yes", body_html="<p>Yes</p>")

    response = select(signed_in, "share", [quiet, replied], sharing="public")

    messages = said(response)
    assert messages[0] == "1 annotation made public."
    assert messages[1].startswith("Not changed (1): “The part opens.”. Others have replied")
    quiet.refresh_from_db()
    replied.refresh_from_db()
    assert (quiet.visibility, replied.visibility) == ("public", "circle")
    signed_in.get(NOTEBOOK)
    shared = select(signed_in, "share", [quiet], sharing=f"circle:{circle.slug}")
    assert said(shared) == ["1 annotation shared with Tuesday Readers."]


def test_a_selection_delete_asks_first(signed_in, book, owner, outsider):
    mine = [highlight(book, owner, q) for q in ("Why this book.", "The part opens.")]
    theirs = highlight(book, outsider, "Chapter two begins.", visibility="public")

    asked = select(signed_in, "delete", [*mine, theirs])

    html = asked.content.decode()
    assert "<h1>Delete 2 annotations?</h1>" in html
    assert "Chapter two begins." not in html
    assert Annotation.objects.count() == 3
    done = select(signed_in, "delete", [*mine, theirs], confirm="yes")
    messages = said(done)
    assert messages[0] == "2 annotations deleted."
    assert "Only its author can delete an annotation." in messages[1]
    assert list(Annotation.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_a_selection_exports_as_a_download_of_those_alone(signed_in, book, owner):
    chosen = highlight(book, owner, "Why this book.")
    highlight(book, owner, "The part opens.")

    response = select(signed_in, "export", [chosen], format="csv")

    assert response["Location"] == f"/export/?scope=me&format=csv&id={chosen.pk}"
    exported = signed_in.get(response["Location"])
    lines = b"".join(exported.streaming_content).decode().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["Why this book."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "tag", "tag": "nep"}, "Nothing was changed. Select at least one annotation."),
        ({"action": "tag", "tag": "", "id": "1"}, "Nothing was changed. Tag: "),
        ({"action": "dance", "id": "1"}, "Nothing was changed. With the selected: Select a valid"),
        ({"action": "tag", "tag": "x", "id": "abc"}, "Nothing was changed. Select up to 500"),
    ],
)
def test_a_bad_selection_changes_nothing_and_says_why(signed_in, book, owner, data, message):
    annotation = highlight(book, owner, "Why this book.")
    data = {k: (str(annotation.pk) if v == "1" else v) for k, v in data.items()}

    response = signed_in.post(BULK, data)

    assert response["Location"] == NOTEBOOK
    assert said(response)[0].startswith(message)
    assert list(annotation.tags.names()) == []


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("action", "fields", "expected"),
    [
        # Session and user, then the service's: the selection (one query), the reader's
        # circles, and the action's own reads and writes, each once for all of them.
        ("tag", {"tag": "new"}, 16),  # with the new tag's creation (taggit's savepoints)
        ("untag", {"tag": "nep"}, 9),
        ("share", {"sharing": "public"}, 9),
        # Delete: one query a related table the deletion cascades to (notifications too).
        ("delete", {"confirm": "yes"}, 12),
    ],
)
def test_a_selection_takes_the_same_number_of_queries_whatever_its_size(
    signed_in, book, owner, django_assert_num_queries, count, action, fields, expected
):
    quotes = ["Why this book.", "The part opens.", "Chapter two begins."]
    notes = [highlight(book, owner, quote, tags=["nep"]) for quote in quotes[:count]]
    services.annotation_update(annotation=notes[0], actor=owner, tags=["nep"])

    with django_assert_num_queries(expected):
        response = select(signed_in, action, notes, **fields)

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("who", "visibility", "status"),
    [
        ("owner", "private", 200),
        ("owner", "circle", 200),
        ("member", "circle", 404),  # sees it in the circle, not in their notebook
        ("member", "public", 404),
        ("member", "private", 404),
        ("outsider", "circle", 404),
        ("anonymous", "public", 302),
    ],
)
def test_only_the_author_may_open_edit_or_delete_an_entry(
    client, book, owner, member, outsider, circle, who, visibility, status
):
    shared = {"circle": circle.slug} if visibility == "circle" else {}
    annotation = highlight(book, owner, "Why this book.", visibility=visibility, **shared)
    users = {"owner": owner, "member": member, "outsider": outsider}
    if who in users:
        client.force_login(users[who])

    assert client.get(entry_url(annotation)).status_code == status
    sharing = f"circle:{circle.slug}" if visibility == "circle" else visibility
    changed = edit(client, annotation, comment="changed", sharing=sharing)
    if who == "owner":
        annotation.refresh_from_db()
        assert (changed.status_code, annotation.comment) == (302, "changed")
        return
    deleted = client.post(delete_url(annotation), {"confirm": "yes"})
    tagged = select(client, "tag", [annotation], tag="theirs")

    annotation.refresh_from_db()
    assert changed.status_code == deleted.status_code == status
    assert tagged.status_code == 302
    assert annotation.comment == ""
    assert list(annotation.tags.names()) == []


def test_leaving_the_circle_keeps_delete_and_refuses_changes(
    signed_in, book, owner, member, circle
):
    from annotations.circles.services import member_remove

    annotation = highlight(book, member, "Why this book.", visibility="circle", circle=circle.slug)
    signed_in.force_login(member)
    member_remove(circle=circle, actor=member, user=member)

    html = signed_in.get(NOTEBOOK).content.decode()
    refused = edit(signed_in, annotation, comment="x", sharing=f"circle:{circle.slug}")

    assert "Tuesday Readers (a circle you left)</option>" in html
    assert refused.status_code == 400
    assert "You no longer belong to the circle" in refused.content.decode()
    done = signed_in.post(delete_url(annotation), {"confirm": "yes"})
    assert done.status_code == 302
    assert not Annotation.objects.filter(pk=annotation.pk).exists()


def test_deleting_a_selection_that_is_gone_says_so(signed_in, book, owner):
    annotation = highlight(book, owner, "Why this book.")
    pk = annotation.pk
    annotation.delete()

    response = signed_in.post(BULK, {"action": "delete", "id": [pk], "next": NOTEBOOK})

    assert response["Location"] == NOTEBOOK
    assert said(response) == ["None of the selected annotations are there any more."]

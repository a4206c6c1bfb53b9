import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from annotations import moderation, services
from annotations.circles import reading_list
from annotations.circles import services as circle_services
from annotations.models import (
    Annotation,
    Circle,
    Invite,
    LibraryText,
    Membership,
    ReadingListEntry,
    Reply,
    Role,
)
from tests.reader.conftest import ingest_book

CIRCLES = "/circles/"


@pytest.fixture
def circle(owner, member):
    """alice's circle, with bob as a plain member."""
    circle = circle_services.circle_create(owner=owner, name="NEP readers", description="Weekly.")
    join(circle, member)
    return circle


def join(circle, user, role=Role.MEMBER) -> Membership:
    return Membership.objects.create(circle=circle, user=user, role=role)


def circle_url(circle, *parts) -> str:
    return f"{CIRCLES}{circle.slug}/" + "".join(f"{part}/" for part in parts)


def share(book, author, circle, quote, **fields) -> Annotation:
    text = book.current_version.text
    start = text.index(quote)
    return services.annotation_create(
        author=author,
        document=book,
        start=start,
        end=start + len(quote),
        exact=quote,
        visibility="circle",
        circle=circle.slug,
        **fields,
    )


def page(client, reader, circle, query="") -> str:
    client.force_login(reader)
    response = client.get(circle_url(circle) + query)
    assert response.status_code == 200
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_it_is_at_circles(db):
    assert reverse("reader:circles") == CIRCLES
    assert reverse("reader:circle", args=["nep"]) == "/circles/nep/"


def test_it_asks_a_visitor_to_sign_in(client, circle):
    for url in (CIRCLES, circle_url(circle)):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"


def test_it_links_to_the_circles_for_signed_in_readers(client, owner, db):
    link = f'<li><a href="{CIRCLES}">Circles</a></li>'
    assert link not in client.get(reverse("reader:library")).content.decode()

    client.force_login(owner)

    assert link in client.get(reverse("reader:library")).content.decode()


def test_it_creates_a_circle_with_its_creator_as_owner(client, owner):
    client.force_login(owner)

    response = client.post(CIRCLES, {"name": "  Soviet  history ", "description": "Tuesdays"})

    circle = Circle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == circle_url(circle)
    assert (circle.name, circle.slug, circle.description) == (
        "Soviet history",
        "soviet-history",
        "Tuesdays",
    )
    assert Membership.objects.get(circle=circle).role == Role.OWNER
    followed = client.get(response["Location"])
    assert messages_of(followed) == ["Your circle “Soviet history” is ready: invite people to it."]


def test_it_shows_what_is_wrong_with_a_new_circle(client, owner):
    client.force_login(owner)

    blank = client.post(CIRCLES, {"name": "   ", "description": ""})
    long = client.post(CIRCLES, {"name": "x" * 121})

    assert (blank.status_code, long.status_code) == (200, 200)
    assert not Circle.objects.exists()
    assert '<a href="#id_name">Name</a>: This field is required.' in blank.content.decode()
    assert (
        '<a href="#id_name">Name</a>: Ensure this value has at most 120 characters (it has 121).'
        in long.content.decode()
    )


def test_it_lists_the_readers_circles_with_role_and_member_count(client, circle, member, outsider):
    circle_services.circle_create(owner=outsider, name="Not bobs")
    client.force_login(member)

    html = client.get(CIRCLES).content.decode()

    assert f'<a class="circle-list-name" href="{circle_url(circle)}">NEP readers</a>' in html
    assert "Member · 2 members" in html
    assert "Not bobs" not in html


def test_it_hides_a_circle_from_non_members(client, circle, outsider):
    client.force_login(outsider)

    assert client.get(circle_url(circle)).status_code == 404
    assert client.get(f"{CIRCLES}no-such-circle/").status_code == 404
    assert client.post(circle_url(circle, "leave")).status_code == 404


def test_it_lists_members_with_their_roles(client, circle, owner, member, outsider):
    join(circle, outsider, Role.MODERATOR)

    html = page(client, member, circle)

    names = ["alice", "carol", "bob"]  # owners, then moderators, then members
    positions = [html.index(f'<span class="circle-member-name">{name}') for name in names]
    assert positions == sorted(positions)
    assert '<span class="role role-owner">Owner</span>' in html
    assert '<span class="role role-moderator">Moderator</span>' in html
    assert '<span class="role role-member">Member</span>' in html
    assert 'bob <span class="meta">(you)</span>' in html


def test_it_offers_owners_role_changes_and_removal(client, circle, member):
    html = page(client, circle.memberships.get(role=Role.OWNER).user, circle)

    assert f'action="{circle_url(circle, "members", member.pk, "role")}"' in html
    assert f'href="{circle_url(circle, "members", member.pk, "remove")}"' in html


def test_it_offers_members_neither_roles_nor_removal(client, circle, owner, member):
    html = page(client, member, circle)

    assert "/role/" not in html
    assert "/remove/" not in html
    assert 'href="/circles/nep-readers/leave/">Leave circle</a>' in html


def test_an_owner_changes_a_role(client, circle, owner, member):
    client.force_login(owner)

    response = client.post(circle_url(circle, "members", member.pk, "role"), {"role": "moderator"})

    assert response.status_code == 302
    assert response["Location"] == circle_url(circle)
    assert Membership.objects.get(circle=circle, user=member).role == Role.MODERATOR
    assert messages_of(client.get(circle_url(circle))) == ["bob is now a moderator."]


def test_it_refuses_an_unknown_role(client, circle, owner, member):
    client.force_login(owner)

    response = client.post(
        circle_url(circle, "members", member.pk, "role"), {"role": "emperor"}, follow=True
    )

    assert Membership.objects.get(circle=circle, user=member).role == Role.MEMBER
    assert messages_of(response) == [
        "Role: Select a valid choice. emperor is not one of the available choices."
    ]


def test_an_owner_removes_a_member(client, circle, owner, member):
    client.force_login(owner)

    response = client.post(circle_url(circle, "members", member.pk, "remove"), follow=True)

    assert not Membership.objects.filter(circle=circle, user=member).exists()
    assert messages_of(response) == ["bob is no longer a member of NEP readers."]


def test_a_moderator_removes_a_member_but_not_an_owner(client, circle, owner, member, outsider):
    join(circle, outsider, Role.MODERATOR)
    client.force_login(outsider)

    html = client.get(circle_url(circle)).content.decode()
    assert f'href="{circle_url(circle, "members", member.pk, "remove")}"' in html
    assert f'href="{circle_url(circle, "members", owner.pk, "remove")}"' not in html
    assert "/role/" not in html

    denied = client.post(circle_url(circle, "members", owner.pk, "remove"))
    assert denied.status_code == 403
    assert "Moderators can remove plain members only." in denied.content.decode()
    assert Membership.objects.filter(circle=circle, user=owner).exists()

    client.post(circle_url(circle, "members", member.pk, "remove"))
    assert not Membership.objects.filter(circle=circle, user=member).exists()


def test_a_member_cannot_remove_anyone_or_change_roles(client, circle, owner, member):
    client.force_login(member)

    removal = client.post(circle_url(circle, "members", owner.pk, "remove"))
    promotion = client.post(circle_url(circle, "members", member.pk, "role"), {"role": "owner"})

    assert (removal.status_code, promotion.status_code) == (403, 403)
    assert Membership.objects.get(circle=circle, user=member).role == Role.MEMBER
    assert Membership.objects.filter(circle=circle, user=owner).exists()


def test_it_answers_404_for_someone_not_in_the_circle(client, circle, owner, outsider):
    client.force_login(owner)

    response = client.post(circle_url(circle, "members", outsider.pk, "remove"))

    assert response.status_code == 404


def test_a_member_leaves(client, circle, member):
    client.force_login(member)

    response = client.post(circle_url(circle, "leave"), follow=True)

    assert response.redirect_chain == [(CIRCLES, 302)]
    assert not Membership.objects.filter(circle=circle, user=member).exists()
    assert messages_of(response) == ["You left NEP readers."]
    assert client.get(circle_url(circle)).status_code == 404


def test_the_last_owner_cannot_leave(client, circle, owner):
    client.force_login(owner)

    response = client.post(circle_url(circle, "leave"), follow=True)

    assert response.redirect_chain == [(circle_url(circle), 302)]
    assert messages_of(response) == [
        "The last owner cannot leave: make someone else an owner first."
    ]
    assert Membership.objects.get(circle=circle, user=owner).role == Role.OWNER
    assert 'class="message message-error"' in response.content.decode()


def test_an_owner_leaves_when_another_owner_stays(client, circle, owner, member):
    Membership.objects.filter(circle=circle, user=member).update(role=Role.OWNER)
    client.force_login(owner)

    client.post(circle_url(circle, "leave"))

    assert list(circle.memberships.values_list("user__username", "role")) == [("bob", "owner")]


def test_an_owner_renames_and_deletes_the_circle(client, circle, owner, member):
    client.force_login(owner)

    client.post(circle_url(circle, "edit"), {"name": "NEP study", "description": "Mondays"})
    circle.refresh_from_db()
    assert (circle.name, circle.description, circle.slug) == ("NEP study", "Mondays", "nep-readers")

    client.force_login(member)
    assert client.post(circle_url(circle, "delete")).status_code == 403

    client.force_login(owner)
    response = client.post(circle_url(circle, "delete"), follow=True)
    assert response.redirect_chain == [(CIRCLES, 302)]
    assert not Circle.objects.exists()
    assert messages_of(response) == ["The circle “NEP study” is deleted."]


# The reading list


def test_a_manager_keeps_the_reading_list(client, circle, owner, book):
    other = ingest_book(slug="other", title="Another Book")
    client.force_login(owner)
    add = circle_url(circle, "reading-list", "add")

    client.post(add, {"target": "book:3", "due": "2030-05-01", "note": "Chapter one"})
    client.post(add, {"target": "other", "due": "", "note": ""})
    first, second = ReadingListEntry.objects.order_by("position")
    assert (first.document, first.section_order, first.due, first.note) == (
        book,
        3,
        datetime.date(2030, 5, 1),
        "Chapter one",
    )
    assert (second.document, second.section_order, second.due) == (other, None, None)

    html = client.get(circle_url(circle)).content.decode()
    section = reverse("reader:section", args=["book", 3])
    assert f'<a href="{section}">Chapter One: Origins</a>' in html
    assert '<a href="/read/other/">Another Book</a>' in html
    assert 'Due <time datetime="2030-05-01">1 May 2030</time>' in html
    assert html.index("Chapter One: Origins</a>") < html.index("Another Book</a>\n")

    response = client.post(
        circle_url(circle, "reading-list", second.pk, "move"), {"direction": "up"}, follow=True
    )
    assert messages_of(response) == ["Moved up."]
    assert list(ReadingListEntry.objects.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]

    client.post(
        circle_url(circle, "reading-list", first.pk, "edit"), {"due": "", "note": "Skim it"}
    )
    first.refresh_from_db()
    assert (first.due, first.note) == (None, "Skim it")

    client.post(circle_url(circle, "reading-list", second.pk, "remove"))
    assert list(ReadingListEntry.objects.all()) == [first]


def test_it_names_the_field_of_a_bad_reading_list_entry(client, circle, owner, book):
    client.force_login(owner)
    add = circle_url(circle, "reading-list", "add")

    bad_date = client.post(add, {"target": "book", "due": "tomorrow"}, follow=True)
    no_section = client.post(add, {"target": "book:99"}, follow=True)
    no_document = client.post(add, {"target": "nothing"}, follow=True)
    bad_move = client.post(circle_url(circle, "reading-list", 1, "move"), {"direction": "sideways"})

    assert messages_of(bad_date) == ["Due: Enter a valid date."]
    assert messages_of(no_section) == ["This document has no section 99."]
    assert messages_of(no_document) == [
        "Document or section: there is no such document in the library."
    ]
    assert bad_move.status_code == 404
    assert not ReadingListEntry.objects.exists()


def test_a_member_sees_the_reading_list_but_cannot_change_it(client, circle, owner, member, book):
    entry = reading_list.reading_list_add(
        circle=circle, actor=owner, document=book, note="Read <all> of it"
    )
    client.force_login(member)

    html = client.get(circle_url(circle)).content.decode()
    assert '<a href="/read/book/">A Book</a>' in html
    assert "Read &lt;all&gt; of it" in html
    assert "/reading-list/" not in html

    added = client.post(circle_url(circle, "reading-list", "add"), {"target": "book"})
    moved = client.post(circle_url(circle, "reading-list", entry.pk, "move"), {"direction": "up"})
    removed = client.post(circle_url(circle, "reading-list", entry.pk, "remove"))

    assert (added.status_code, moved.status_code, removed.status_code) == (403, 403, 403)
    assert list(ReadingListEntry.objects.all()) == [entry]


def test_it_offers_each_document_and_its_upper_sections_to_add(client, circle, owner, book):
    html = page(client, owner, circle)

    assert '<option value="book">A Book (all of it)</option>' in html
    assert '<option value="book:2">Part One: Beginnings</option>' in html
    assert '<option value="book:3">— Chapter One: Origins</option>' in html
    assert "A sub-section</option>" not in html


# Invites


def test_a_manager_creates_and_revokes_invites(client, circle, owner):
    client.force_login(owner)
    expires = timezone.localdate() + datetime.timedelta(days=7)

    response = client.post(
        circle_url(circle, "invites"), {"expires": expires.isoformat(), "max_uses": "10"}
    )

    invite = Invite.objects.get()
    assert response["Location"] == circle_url(circle) + "#invites"
    assert invite.max_uses == 10
    assert timezone.localtime(invite.expires).date() == expires
    html = client.get(circle_url(circle)).content.decode()
    assert f'value="http://testserver/invite/{invite.token}/" readonly' in html
    assert "0 of 10 uses" in html

    client.post(circle_url(circle, "invites", invite.pk, "revoke"))

    invite.refresh_from_db()
    assert invite.revoked is not None
    assert invite.token not in client.get(circle_url(circle)).content.decode()


def test_it_names_the_field_of_a_bad_invite(client, circle, owner):
    client.force_login(owner)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    past = client.post(
        circle_url(circle, "invites"), {"expires": yesterday.isoformat()}, follow=True
    )
    zero = client.post(circle_url(circle, "invites"), {"max_uses": "0"}, follow=True)

    assert messages_of(past) == ["expires must be in the future."]
    assert messages_of(zero) == ["Number of uses: Ensure this value is greater than or equal to 1."]
    assert not Invite.objects.exists()


def test_a_member_neither_sees_nor_makes_invites(client, circle, owner, member):
    invite = circle_services.invite_create(circle=circle, actor=owner)
    client.force_login(member)

    html = client.get(circle_url(circle)).content.decode()
    created = client.post(circle_url(circle, "invites"), {})
    revoked = client.post(circle_url(circle, "invites", invite.pk, "revoke"))

    assert invite.token not in html
    assert 'id="invites"' not in html
    assert (created.status_code, revoked.status_code) == (403, 403)
    assert Invite.objects.get().revoked is None


# The activity stream


def test_it_shows_the_circles_annotations_and_replies_newest_first(
    client, circle, owner, member, book
):
    first = share(book, owner, circle, "Why this book.", comment="A **good** question")
    reply = services.reply_create(annotation=first, author=member, body="I _agree_")
    second = share(book, member, circle, "paragraph of chapter", color="green")
    now = timezone.now()
    Annotation.objects.filter(pk=first.pk).update(created=now - datetime.timedelta(hours=3))
    Reply.objects.filter(pk=reply.pk).update(created=now - datetime.timedelta(hours=2))
    Annotation.objects.filter(pk=second.pk).update(created=now - datetime.timedelta(hours=1))

    html = page(client, owner, circle)

    assert html.index("paragraph of chapter") < html.index("I <em>agree</em>")
    assert html.index("I <em>agree</em>") < html.index("A <strong>good</strong> question")
    assert "<strong>bob</strong> replied to alice’s highlight in <a" in html
    assert "<strong>bob</strong> highlighted in <a" in html
    paragraph = reverse("reader:paragraph", args=["book", 6])
    assert f'<a href="{paragraph}#annotation-{second.pk}">A Book, ¶6</a>' in html
    assert (
        '<blockquote class="notebook-quote swatch-line-green"><p>paragraph of chapter</p>' in html
    )
    assert "2 highlights and 1 reply shared with the circle" in html


def test_it_leaves_out_what_is_not_shared_with_the_circle(client, circle, owner, member, book):
    services.annotation_create(
        author=member, document=book, start=0, end=7, exact="Preface", visibility="public"
    )
    text = book.current_version.text
    start = text.index("The part opens.")
    services.annotation_create(
        author=member, document=book, start=start, end=start + 15, exact="The part opens."
    )
    other = circle_services.circle_create(owner=member, name="Elsewhere")
    share(book, member, other, "Chapter two begins.")

    html = page(client, owner, circle)

    assert "Nothing shared yet." in html
    assert "Preface</p>" not in html
    assert "The part opens." not in html
    assert "Chapter two begins." not in html


def test_it_escapes_the_quote_and_keeps_the_sanitised_comment(client, circle, owner, book):
    share(
        book,
        owner,
        circle,
        "A quotation set apart <with> markup-like text",
        comment="<script>alert(1)</script>[link](https://example.org/)",
    )

    html = page(client, owner, circle)

    assert "A quotation set apart &lt;with&gt; markup-like text" in html
    assert "<script>alert" not in html
    assert (
        '<a href="https://example.org/" rel="nofollow noopener noreferrer" target="_blank">link</a>'
        in html
    )


def test_it_pages_the_activity_twenty_at_a_time(client, circle, owner, book):
    annotation = share(book, owner, circle, "Why this book.")
    start = timezone.now() - datetime.timedelta(days=1)
    Annotation.objects.filter(pk=annotation.pk).update(created=start)
    Reply.objects.bulk_create(
        Reply(
            annotation=annotation,
            author=owner,
            body=f"reply {number}",
            body_html=f"<p>reply {number}</p>",
            created=start + datetime.timedelta(minutes=number),
        )
        for number in range(1, 25)
    )

    first = page(client, owner, circle)
    second = page(client, owner, circle, "?page=2")
    beyond = client.get(reverse("reader:circle", args=[circle.slug]) + "?page=3")

    assert "1 highlight and 24 replies shared with the circle · page 1 of 2" in first
    assert first.count('<li class="activity-item') == 20
    assert first.index("<p>reply 24</p>") < first.index("<p>reply 5</p>")
    assert "<p>reply 4</p>" not in first
    assert '<a class="next" rel="next" href="?page=2"><small>Older</small>Page 2</a>' in first
    assert second.count('<li class="activity-item') == 5
    assert second.index("<p>reply 4</p>") < second.index("<p>reply 1</p>")
    assert "<p>Why this book.</p>" in second
    assert '<a rel="prev" href="?page=1"><small>Newer</small>Page 1</a>' in second
    assert beyond.status_code == 404
    for bad in ["99", "0", "two"]:
        response = client.get(reverse("reader:circle", args=[circle.slug]), {"page": bad})
        assert response.status_code == 404


def test_it_counts_and_marks_what_is_new_since_the_last_visit(client, circle, owner, member, book):
    old = share(book, owner, circle, "Why this book.")
    Annotation.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=2))
    Membership.objects.filter(circle=circle, user=member).update(
        last_visit=timezone.now() - datetime.timedelta(days=1)
    )
    new = share(book, owner, circle, "paragraph of chapter")
    services.reply_create(annotation=new, author=owner, body="And this")

    html = page(client, member, circle)

    assert "<strong>2 new</strong> since your last visit" in html
    assert html.count('<li class="activity-item activity-new">') == 2
    assert html.count('<span class="badge badge-new">New</span>') == 2
    visited = Membership.objects.get(circle=circle, user=member).last_visit
    assert timezone.now() - visited < datetime.timedelta(minutes=1)
    assert "Nothing new since your last visit" in page(client, member, circle)


def test_it_welcomes_a_first_visit(client, circle, member, owner, book):
    share(book, owner, circle, "Why this book.")

    html = page(client, member, circle)

    assert "Welcome to the circle." in html
    assert "activity-new" not in html


def test_it_shows_hidden_items_only_to_their_authors_and_managers(
    client, circle, owner, member, outsider, book
):
    join(circle, outsider)
    hidden = share(book, member, circle, "Why this book.", comment="Off topic")
    moderation.annotation_hide(annotation=hidden, actor=owner)
    shown = share(book, owner, circle, "paragraph of chapter")
    reply = services.reply_create(annotation=shown, author=member, body="Rude reply")
    moderation.reply_hide(reply=reply, actor=owner)

    for reader in (owner, member):
        html = page(client, reader, circle)
        assert "Off topic" in html
        assert "Rude reply" in html
        assert html.count('<span class="badge badge-hidden">Hidden</span>') == 2
        assert html.count("activity-item activity-hidden") == 2
    other = page(client, outsider, circle)
    assert "Off topic" not in other
    assert "Rude reply" not in other
    assert "paragraph of chapter" in other
    assert "1 highlight and 0 replies shared" in other


@pytest.mark.parametrize(("members", "annotations"), [(1, 1), (5, 10)])
def test_it_uses_the_same_queries_however_many_members_and_annotations(
    client, db, owner, django_assert_num_queries, members, annotations
):
    book = ingest_book()
    circle = circle_services.circle_create(owner=owner, name="Readers")
    reading_list.reading_list_add(circle=circle, actor=owner, document=book, section_order=3)
    circle_services.invite_create(circle=circle, actor=owner)
    users = get_user_model().objects
    for number in range(members - 1):
        join(circle, users.create_user(f"reader{number}"))
    for number in range(annotations):
        shared = share(book, owner, circle, "Why this book." if number % 2 else "It failed.")
        first = services.reply_create(annotation=shared, author=owner, body="Yes")
        # Threads and reactions cost no query an item either.
        services.reply_create(annotation=shared, author=owner, body="Sure?", parent=first)
        moderation.reaction_add(annotation=shared, user=owner, kind="question")
    Membership.objects.filter(circle=circle).update(
        last_visit=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(owner)

    # session, user, circle with membership, activity (3 counts, the page's keys, its
    # annotations, its replies, its reactions), the visit (read, write), members, reading
    # list, invites, documents and sections to add, the circle's library texts and their
    # annotations (what dissolving it deletes, counted for owners only: one query, added
    # with circle libraries)
    with django_assert_num_queries(18):
        response = client.get(circle_url(circle))

    assert response.context["activity"].count == 4 * annotations
    assert len(response.context["members"]) == members


def test_a_plain_member_costs_fewer_queries(
    client, circle, owner, member, book, django_assert_num_queries
):
    shared = share(book, owner, circle, "Why this book.")
    services.reply_create(annotation=shared, author=member, body="Yes")
    client.force_login(member)

    # session, user, circle with membership, activity (6: no reaction on the page, so no
    # query for reactions), the visit (2), members, reading list
    with django_assert_num_queries(13):
        client.get(circle_url(circle))


def test_it_says_how_many_texts_and_annotations_dissolving_the_circle_deletes(
    client, circle, owner, member
):
    for number in (1, 2):
        text = ingest_book(slug=f"own-{number}", title=f"Own {number}")
        LibraryText.objects.create(document=text, circle=circle)
    share(text, member, circle, "Why this book.")
    client.force_login(owner)

    page = client.get(circle_url(circle)).content.decode()

    assert "deletes the 2 texts in its library, for good, with the 1 annotation on them." in page
    client.force_login(member)
    assert "in its library, for good" not in client.get(circle_url(circle)).content.decode()


# The activity: threads, reactions, links to the highlight, what is new (issue 16)


def test_it_says_whom_a_reply_to_a_reply_answers(client, circle, owner, member, book):
    shared = share(book, owner, circle, "Why this book.")
    question = services.reply_create(annotation=shared, author=member, body="Why?")
    services.reply_create(annotation=shared, author=owner, body="Because", parent=question)

    html = page(client, member, circle)

    assert (
        "<strong>alice</strong> replied to alice’s highlight "
        '<span class="activity-in-reply">in reply to @bob</span> in <a' in html
    )
    assert html.count("in reply to @") == 1


def test_it_links_each_item_to_its_highlight_not_only_the_paragraph(
    client, circle, owner, member, book
):
    shared = share(book, owner, circle, "paragraph of chapter")
    services.reply_create(annotation=shared, author=member, body="Yes")
    moderation.reaction_add(annotation=shared, user=member, kind="agree")

    html = page(client, owner, circle)

    paragraph = reverse("reader:paragraph", args=["book", 6])
    assert html.count(f'<a href="{paragraph}#annotation-{shared.pk}">A Book, ¶6</a>') == 3


def test_it_shows_reactions_in_the_activity(client, circle, owner, member, outsider, book):
    shared = share(book, owner, circle, "Why this book.")
    moderation.reaction_add(annotation=shared, user=member, kind="question")
    other = circle_services.circle_create(owner=outsider, name="Elsewhere")
    elsewhere = share(book, outsider, other, "paragraph of chapter")
    moderation.reaction_add(annotation=elsewhere, user=outsider, kind="agree")

    html = page(client, owner, circle)

    assert (
        "<strong>bob</strong> marked alice’s highlight "
        '<span class="activity-reaction activity-reaction-question">question</span> in <a' in html
    )
    assert "1 highlight and 0 replies shared with the circle, 1 reaction" in html
    assert "activity-reaction-agree" not in html


def test_it_leaves_out_reactions_to_what_the_reader_may_not_see(
    client, circle, owner, member, book
):
    shared = share(book, member, circle, "Why this book.")
    moderation.reaction_add(annotation=shared, user=owner, kind="disagree")
    join(circle, moderator := get_user_model().objects.create_user("dave"), Role.MODERATOR)
    moderation.annotation_hide(annotation=shared, actor=owner)
    third = get_user_model().objects.create_user("erin")
    join(circle, third)

    assert "activity-reaction" not in page(client, third, circle)
    assert "activity-reaction-disagree" in page(client, moderator, circle)


def test_it_never_badges_the_readers_own_doings_new(client, circle, owner, member, book):
    Membership.objects.filter(circle=circle).update(
        last_visit=timezone.now() - datetime.timedelta(days=1)
    )
    mine = share(book, member, circle, "Why this book.")
    services.reply_create(annotation=mine, author=member, body="A note to self")
    moderation.reaction_add(annotation=mine, user=member, kind="question")
    theirs = services.reply_create(annotation=mine, author=owner, body="Good point")

    html = page(client, member, circle)

    assert "<strong>1 new</strong> since your last visit" in html
    assert html.count('<span class="badge badge-new">New</span>') == 1
    item = html[html.index('<li class="activity-item activity-new">') :]
    assert item.index(theirs.body_html) < item.index("</li>")


# Leaving and removing ask first, on a page of their own (no script needed)


def test_leaving_asks_for_confirmation_first(client, circle, member):
    client.force_login(member)

    asked = client.get(circle_url(circle, "leave"))

    assert asked.status_code == 200
    html = asked.content.decode()
    assert "<h1>Leave NEP readers?</h1>" in html
    assert 'action="/circles/nep-readers/leave/"' in html
    assert '<button class="danger" type="submit">Leave NEP readers</button>' in html
    assert f'<a class="button secondary" href="{circle_url(circle)}">Stay in the circle</a>' in html
    # Asking changes nothing; only the confirmation's POST leaves.
    assert Membership.objects.filter(circle=circle, user=member).exists()
    client.post(circle_url(circle, "leave"))
    assert not Membership.objects.filter(circle=circle, user=member).exists()


def test_removing_a_member_asks_for_confirmation_first(client, circle, owner, member):
    client.force_login(owner)
    url = circle_url(circle, "members", member.pk, "remove")

    asked = client.get(url)

    assert asked.status_code == 200
    html = asked.content.decode()
    assert "<h1>Remove bob from NEP readers?</h1>" in html
    assert f'action="{url}"' in html
    assert '<button class="danger" type="submit">Remove bob</button>' in html
    assert Membership.objects.filter(circle=circle, user=member).exists()
    client.post(url)
    assert not Membership.objects.filter(circle=circle, user=member).exists()


def test_it_asks_no_one_to_confirm_a_removal_they_may_not_make(client, circle, owner, member):
    client.force_login(member)

    response = client.get(circle_url(circle, "members", owner.pk, "remove"))

    assert response.status_code == 403
    assert "Remove alice" not in response.content.decode()


def test_asking_to_remove_oneself_asks_to_leave(client, circle, member):
    client.force_login(member)

    response = client.get(circle_url(circle, "members", member.pk, "remove"))

    assert "<h1>Leave NEP readers?</h1>" in response.content.decode()


def test_each_invite_link_has_a_copy_button_for_the_script(client, circle, owner):
    invite = circle_services.invite_create(circle=circle, actor=owner)

    html = page(client, owner, circle)

    field = f"invite-url-{invite.pk}"
    assert (
        f'<button class="secondary" type="button" data-copy="{field}" '
        f'data-copy-status="invite-status-{invite.pk}" aria-describedby="{field}" hidden>Copy'
        "</button>"
    ) in html
    assert f'<p class="copy-status meta" id="invite-status-{invite.pk}" role="status"></p>' in html
    assert 'src="/static/js/copy-link.js"' in html


def test_a_circle_without_invites_loads_no_copy_script(client, circle, member):
    assert "copy-link.js" not in page(client, member, circle)

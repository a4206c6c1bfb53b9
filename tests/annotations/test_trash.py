"""Deleting with Undo: the same annotation comes back (id, times, tags, replies,
reactions, hides) for its author only, and only to readers it could still reach.
Deleted, it is gone for everyone at once: lists, guides, exports, search."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from annotations import moderation, services, trash
from annotations.circles.services import member_remove
from annotations.models import (
    Annotation,
    CircleHide,
    DeletedAnnotation,
    Reaction,
    Reply,
)
from annotations.queries import annotations_visible_to, tag_suggestions
from tests.annotations.conftest import highlight

pytestmark = pytest.mark.django_db


def restore_url(pk: int) -> str:
    return reverse("api:annotation-restore", args=[pk])


def detail_url(pk: int) -> str:
    return reverse("api:annotation-detail", args=[pk])


def api(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def shared(document, circle, owner, member, moderator):
    """The owner's circle note with tags, two replies, a reaction and a moderator's hide."""
    annotation = highlight(
        document,
        owner,
        visibility="circle",
        circle=circle.slug,
        tags=["nep", "tax"],
        comment="The *heart* of it.",
        color="green",
    )
    services.reply_create(annotation=annotation, author=member, body="Agreed.")
    services.reply_create(annotation=annotation, author=owner, body="Thanks.")
    Reaction.objects.create(annotation=annotation, user=member, kind="agree")
    moderation.annotation_hide(annotation=annotation, actor=moderator)
    return Annotation.objects.get(pk=annotation.pk)


def snapshot(annotation: Annotation) -> dict:
    annotation = Annotation.objects.get(pk=annotation.pk)
    return {
        "id": annotation.pk,
        "created": annotation.created,
        "updated": annotation.updated,
        "fields": (annotation.exact, annotation.color, annotation.comment, annotation.hidden),
        "tags": sorted(annotation.tags.names()),
        "replies": list(
            Reply.objects.filter(annotation=annotation).values_list("id", "body", "created")
        ),
        "reactions": list(Reaction.objects.filter(annotation=annotation).values_list("kind")),
        "hides": CircleHide.objects.filter(annotation=annotation).count(),
    }


def test_undo_brings_back_the_same_annotation_with_its_replies(client, shared, owner):
    before = snapshot(shared)

    response = api(client, owner).delete(detail_url(shared.pk))
    assert response.status_code == 204
    assert not Annotation.objects.filter(pk=shared.pk).exists()
    assert not Reply.objects.exists()

    response = client.post(restore_url(shared.pk), HTTP_ACCEPT="application/json")

    assert response.status_code == 201
    assert response.json()["id"] == shared.pk
    assert sorted(response.json()["tags"]) == ["nep", "tax"]
    assert snapshot(shared) == before
    assert not DeletedAnnotation.objects.exists()


def test_a_deleted_annotation_is_gone_for_everyone_at_once(
    client, shared, owner, member, moderator
):
    pk = shared.pk
    services.annotation_delete(annotation=shared, actor=owner)

    for reader in (owner, member, moderator):
        assert not annotations_visible_to(reader).filter(pk=pk).exists()
        assert tag_suggestions(reader) == []
        assert api(client, reader).get(detail_url(pk)).status_code == 404


def test_only_its_author_can_undo(client, shared, owner, member, moderator, outsider):
    pk = shared.pk
    services.annotation_delete(annotation=shared, actor=owner)

    for other in (member, moderator, outsider):
        assert api(client, other).post(restore_url(pk)).status_code == 404
    client.logout()
    assert client.post(restore_url(pk)).status_code == 403
    assert not Annotation.objects.filter(pk=pk).exists()


def test_it_is_restored_once(client, shared, owner):
    pk = shared.pk
    services.annotation_delete(annotation=shared, actor=owner)
    api(client, owner)

    assert client.post(restore_url(pk)).status_code == 201
    assert client.post(restore_url(pk)).status_code == 404
    assert Annotation.objects.filter(pk=pk).count() == 1


def test_after_leaving_the_circle_it_stays_deleted(client, document, circle, member):
    pk = highlight(document, member, visibility="circle", circle=circle.slug).pk
    services.annotation_delete(annotation=Annotation.objects.get(pk=pk), actor=member)
    member_remove(circle=circle, actor=member, user=member)

    response = api(client, member).post(restore_url(pk))

    assert response.status_code == 409
    assert "no longer in the circle" in response.json()["detail"]
    assert not Annotation.objects.filter(pk=pk).exists()
    # Still kept: were they to rejoin within the day, Undo would work again.
    assert DeletedAnnotation.objects.filter(annotation_id=pk).exists()


def test_a_reply_by_a_since_deleted_account_stays_out(client, document, owner, outsider):
    annotation = highlight(document, owner, visibility="public")
    pk = annotation.pk
    services.reply_create(annotation=annotation, author=outsider, body="Gone soon.")
    services.reply_create(annotation=annotation, author=owner, body="Staying.")
    services.annotation_delete(annotation=annotation, actor=owner)
    outsider.delete()

    response = api(client, owner).post(restore_url(pk))

    assert response.status_code == 201
    assert list(Reply.objects.values_list("body", flat=True)) == ["Staying."]


def test_it_is_kept_for_a_day_then_purged(client, document, owner):
    annotation = highlight(document, owner)
    pk = annotation.pk
    services.annotation_delete(annotation=annotation, actor=owner)
    DeletedAnnotation.objects.update(deleted=timezone.now() - datetime.timedelta(hours=25))

    assert api(client, owner).post(restore_url(pk)).status_code == 404
    # The next delete (or the command) purges it.
    call_command("purge_deleted", stdout=open("/dev/null", "w"))
    assert not DeletedAnnotation.objects.exists()


def test_each_delete_purges_the_expired(document, owner):
    old = highlight(document, owner)
    services.annotation_delete(annotation=old, actor=owner)
    DeletedAnnotation.objects.update(deleted=timezone.now() - trash.KEPT_FOR * 2)

    services.annotation_delete(annotation=highlight(document, owner, "Private trade"), actor=owner)

    assert DeletedAnnotation.objects.count() == 1


def test_deleting_an_account_forgets_its_deleted_annotations(document, owner):
    services.annotation_delete(annotation=highlight(document, owner), actor=owner)

    owner.delete()

    assert not DeletedAnnotation.objects.exists()


def test_a_deleted_annotation_is_not_exported_or_guided(client, document, owner):
    annotation = highlight(document, owner, tags=["nep"], visibility="public")
    services.annotation_delete(annotation=annotation, actor=owner)
    api(client, owner)

    listed = client.get(reverse("api:annotation-list"), HTTP_ACCEPT="application/json").json()
    assert listed["count"] == 0
    export = client.get(reverse("reader:export"), {"scope": "me", "format": "jsonld"})
    assert (
        "tax in kind"
        not in b"".join(export.streaming_content if export.streaming else [export.content]).decode()
    )
    assert client.get(reverse("reader:guide", args=["me", "nep"])).status_code in (200, 404)
    assert (
        "tax in kind"
        not in client.get(reverse("reader:guide", args=["me", "nep"])).content.decode()
    )


def test_the_restore_body_is_the_annotation_as_the_api_shows_it(client, document, owner):
    annotation = highlight(document, owner, tags=["nep"])
    client.force_login(owner)
    shown = client.get(detail_url(annotation.pk), HTTP_ACCEPT="application/json").json()
    client.delete(detail_url(annotation.pk))

    restored = client.post(restore_url(annotation.pk), HTTP_ACCEPT="application/json").json()

    assert json.dumps(restored, sort_keys=True) == json.dumps(shown, sort_keys=True)

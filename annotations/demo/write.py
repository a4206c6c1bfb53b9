"""Writing the demo: readers, tags, annotations and replies in batches."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from taggit.models import Tag

from annotations.anchoring import quote_context
from annotations.demo.plan import (
    BATCH_SIZE,
    DEMO_PASSWORD,
    TAGS,
    USERNAME_PREFIX,
    PlannedAnnotation,
    plan_annotations,
)
from annotations.demo.texts import VersionText, load_seed_texts
from annotations.models import Annotation, Reply, TaggedAnnotation
from annotations.rendering import render_markdown


def ensure_demo_users(count: int, *, password: str = DEMO_PASSWORD) -> list:
    """``reader1`` … ``readerN``, in that order; existing ones are reused as they are."""
    User = get_user_model()
    names = [f"{USERNAME_PREFIX}{number}" for number in range(1, count + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    missing = [name for name in names if name not in existing]
    if missing:
        # One hash for everyone: hashing is deliberately slow.
        hashed = make_password(password)
        User.objects.bulk_create(
            [User(username=name, email=f"{name}@example.org", password=hashed) for name in missing]
        )
    by_name = {user.username: user for user in User.objects.filter(username__in=names)}
    return [by_name[name] for name in names]


def ensure_tags(names: Sequence[str]) -> dict[str, int]:
    """Tag ids by name, creating what is missing (tags are one tag whatever their case)."""
    found = {
        name.casefold(): pk
        for pk, name in Tag.objects.annotate(lower=Lower("name"))
        .filter(lower__in=[name.casefold() for name in names])
        .order_by("-id")
        .values_list("id", "name")
    }
    for name in names:
        if name.casefold() not in found:
            tag = Tag(name=name)
            tag.save()  # taggit makes a unique slug on save
            found[name.casefold()] = tag.pk
    return {name: found[name.casefold()] for name in names}


@dataclass
class DemoResult:
    users: list
    annotations: int = 0
    tag_links: int = 0
    replies: int = 0


def write_annotations(
    plans: Sequence[PlannedAnnotation],
    texts: Sequence[VersionText],
    users: Sequence,
    *,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], object] | None = None,
) -> DemoResult:
    """Store the planned annotations, their tag links and replies with ``bulk_create``.

    One transaction per batch; ``progress(n)`` is called after each batch of n.
    """
    now = now or timezone.now()
    tag_ids = ensure_tags(TAGS)
    extra = sorted({tag for plan in plans for tag in plan.tags} - set(TAGS))
    if extra:
        tag_ids |= ensure_tags(extra)
    rendered: dict[str, str] = {}

    def html(markdown: str) -> str:
        if markdown not in rendered:
            rendered[markdown] = render_markdown(markdown)
        return rendered[markdown]

    result = DemoResult(users=list(users))
    for offset in range(0, len(plans), batch_size):
        batch = plans[offset : offset + batch_size]
        annotations = []
        for plan in batch:
            text = texts[plan.text]
            prefix, suffix = quote_context(text.text, plan.start, plan.end)
            created = now - timedelta(seconds=plan.age_seconds)
            annotations.append(
                Annotation(
                    author_id=users[plan.author].pk,
                    document_id=text.document_id,
                    version_id=text.version_id,
                    start=plan.start,
                    end=plan.end,
                    exact=text.text[plan.start : plan.end],
                    prefix=prefix,
                    suffix=suffix,
                    color=plan.color,
                    comment=plan.comment,
                    comment_html=html(plan.comment),
                    visibility=plan.visibility,
                    created=created,
                    updated=created,
                )
            )
        with transaction.atomic():
            Annotation.objects.bulk_create(annotations, batch_size=batch_size)
            links = [
                TaggedAnnotation(content_object_id=annotation.pk, tag_id=tag_ids[tag])
                for plan, annotation in zip(batch, annotations, strict=True)
                for tag in plan.tags
            ]
            TaggedAnnotation.objects.bulk_create(links, batch_size=batch_size)
            replies = [
                Reply(
                    annotation_id=annotation.pk,
                    author_id=users[reply.author].pk,
                    body=reply.body,
                    body_html=html(reply.body),
                    created=annotation.created + timedelta(seconds=reply.after_seconds),
                    updated=annotation.created + timedelta(seconds=reply.after_seconds),
                )
                for plan, annotation in zip(batch, annotations, strict=True)
                for reply in plan.replies
            ]
            Reply.objects.bulk_create(replies, batch_size=batch_size)
        result.annotations += len(annotations)
        result.tag_links += len(links)
        result.replies += len(replies)
        if progress is not None:
            progress(len(batch))
    return result


def seed_demo(
    *,
    users: int,
    annotations: int,
    seed: int,
    progress: Callable[[int], object] | None = None,
) -> DemoResult:
    """Demo readers ``reader1..N`` and ``annotations`` annotations by them.

    Side effects: creates the readers that do not exist yet (password DEMO_PASSWORD),
    any missing vocabulary tags, the annotations, their tag links and replies.
    """
    texts = load_seed_texts()
    readers = ensure_demo_users(users)
    plans = plan_annotations(texts, readers=users, count=annotations, seed=seed)
    return write_annotations(plans, texts, readers, progress=progress)

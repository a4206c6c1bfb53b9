"""The daily email digest: each reader's unread notifications they have not been emailed
about, of the kinds they want, that they may still see; at most one a reader a day.

Run by ``manage.py send_notification_digest`` (from cron or a systemd timer). Each
digest is recorded (``NotificationDigest``, one a reader and day) with the
notifications it told of, so running again the same day sends nothing twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from annotations.models import Notification, NotificationDigest, NotificationKind
from annotations.notifications.presenters import notification_excerpt, notification_summary
from annotations.notifications.queries import notifications_for_user
from annotations.notifications.services import notification_settings_for
from annotations.notifications.tokens import ALL, unsubscribe_token

# A digest lists this many; the rest are on the notifications page it links to.
MAX_ITEMS = 50


@dataclass(frozen=True)
class DigestRun:
    sent: int  # digests emailed
    readers: int  # readers with something not yet emailed


def digests_send(*, now: datetime.datetime | None = None, site_url: str = "") -> DigestRun:
    """Email today's digest to every reader with an email address who has not had one
    today and has notifications they want and may see. Side effects: sends the emails,
    records each digest and what it told of."""
    now = now or timezone.now()
    site_url = (site_url or settings.MARGINALIA_SITE_URL).rstrip("/")
    period = now.date()
    waiting = Notification.objects.filter(
        recipient=OuterRef("pk"), read_at__isnull=True, digest__isnull=True
    )
    sent_today = NotificationDigest.objects.filter(recipient=OuterRef("pk"), period=period)
    readers = (
        get_user_model()
        .objects.filter(Exists(waiting), is_active=True)
        .exclude(email="")
        .exclude(Exists(sent_today))
        .order_by("pk")
    )
    sent = 0
    count = 0
    for reader in readers.iterator():
        count += 1
        if digest_send(reader=reader, period=period, site_url=site_url, now=now):
            sent += 1
    return DigestRun(sent=sent, readers=count)


def digest_send(
    *, reader, period: datetime.date, site_url: str, now: datetime.datetime | None = None
) -> NotificationDigest | None:
    """Email ``reader`` the digest of ``period``, if they want one, have not had it, and
    there is something in it. Side effects: sends the email; records the digest and
    marks what it told of, in one transaction (an email that fails records nothing)."""
    choices = notification_settings_for(reader)
    kinds = choices.wanted_kinds()
    if not kinds or not reader.email:
        return None
    notifications = list(
        notifications_for_user(reader).filter(
            read_at__isnull=True, digest__isnull=True, kind__in=kinds
        )[:MAX_ITEMS]
    )
    if not notifications:
        return None
    try:
        with transaction.atomic():
            digest = NotificationDigest.objects.create(
                recipient=reader,
                period=period,
                sent=now or timezone.now(),
                count=len(notifications),
            )
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(digest=digest)
            _message(reader, notifications, site_url).send()
    except IntegrityError:
        return None  # another run sent this period's digest first
    return digest


def _message(reader, notifications: list[Notification], site_url: str) -> EmailMultiAlternatives:
    def absolute(path: str) -> str:
        return site_url + path

    def unsubscribe(kind: str) -> str:
        return absolute(
            reverse("reader:notifications_unsubscribe", args=[unsubscribe_token(reader, kind)])
        )

    kinds_present = [k for k in NotificationKind.values if any(n.kind == k for n in notifications)]
    context = {
        "reader": reader,
        "items": [
            {
                "summary": notification_summary(n),
                "excerpt": notification_excerpt(n),
                "url": absolute(reverse("reader:notification_open", args=[n.pk])),
            }
            for n in notifications
        ],
        "page_url": absolute(reverse("reader:notifications")),
        "profile_url": absolute(reverse("reader:profile")),
        "unsubscribe_kinds": [
            {"label": NotificationKind(k).label.lower(), "url": unsubscribe(k)}
            for k in kinds_present
        ],
        "unsubscribe_all": unsubscribe(ALL),
    }
    count = len(notifications)
    subject = f"Marginalia: {count} new notification{'' if count == 1 else 's'}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/notification_digest.txt", context),
        to=[reader.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_all']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("emails/notification_digest.html", context), "text/html"
    )
    return message

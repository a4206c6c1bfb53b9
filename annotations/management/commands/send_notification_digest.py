"""manage.py send_notification_digest: today's email digest of unread notifications, to
every reader who wants one and has not had it today. Run it daily (see README)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from annotations.notifications.digest import digests_send


class Command(BaseCommand):
    help = (
        "Email each reader the digest of their unread notifications (at most one a day; "
        "running it again the same day sends nothing twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.MARGINALIA_SITE_URL,
            help="Where the site is served, for the emails' links "
            f"(default MARGINALIA_SITE_URL, {settings.MARGINALIA_SITE_URL}).",
        )

    def handle(self, *args, site_url, **options):
        run = digests_send(site_url=site_url)
        self.stdout.write(f"Sent {run.sent} digest{'' if run.sent == 1 else 's'}.")

"""manage.py purge_deleted: forget deleted annotations kept for Undo longer than 24 hours."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from annotations.trash import KEPT_FOR, trash_purge


class Command(BaseCommand):
    help = (
        "Forget the deleted annotations kept so that their authors can undo a delete, once "
        f"older than {KEPT_FOR}. Each delete also does this; run it daily from cron too."
    )

    def handle(self, *args, **options):
        purged = trash_purge()
        self.stdout.write(f"Purged {purged} deleted annotation{'s' if purged != 1 else ''}.")

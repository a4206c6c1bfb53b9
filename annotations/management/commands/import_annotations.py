"""manage.py import_annotations: W3C JSON-LD in, a reader's private annotations out."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations.export.importer import MAX_IMPORT_BYTES, ImportFileError, import_jsonld


class Command(BaseCommand):
    help = (
        "Import this project's JSON-LD as a reader's private annotations, anchored by "
        "their selectors; prints a report, and fails when nothing was imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="The reader's username.")
        parser.add_argument("file", help="The JSON-LD file.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, user, file, json: bool = False, **options):
        reader = get_user_model().objects.filter(username=user).first()
        if reader is None:
            raise CommandError(f"No reader named {user!r}.")
        path = Path(file)
        try:
            if path.stat().st_size > MAX_IMPORT_BYTES:
                raise CommandError(
                    f"{file} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; split it."
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            report = import_jsonld(user=reader, data=data)
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from None
        if json:
            self.stdout.write(_dumps(report.as_json()))
        else:
            for result in report.results:
                if result.status == "created":
                    continue
                where = result.source_id or f"#{result.index}"
                self.stdout.write(f"{where}: {result.status}. {result.message}".rstrip())
            self.stdout.write(report.summary())
        if not report.created:
            raise CommandError("Nothing was imported.")


def _dumps(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)

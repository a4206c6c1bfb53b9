"""manage.py export: a reader's notes as Markdown, CSV or W3C JSON-LD, streamed."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from tqdm import tqdm

from annotations.export.links import DEFAULT_BASE_URL, Links
from annotations.export.scopes import annotations_for_export, scope_label
from annotations.export.streams import FORMATS, export_file
from annotations.permissions import ScopeError


class Command(BaseCommand):
    help = (
        "Export the annotations a reader may see in one scope: their own (me), a circle's "
        "(circle:<slug>) or the public ones, as md, csv or jsonld."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="The reader's username.")
        parser.add_argument("--scope", default="me", help="me (default), circle:<slug> or public.")
        parser.add_argument("--document", help="Only this document (its slug).")
        parser.add_argument("--tag", help="Only annotations with this tag.")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--output", help="Write to this file (default: standard output).")
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"Where the site is served, for links and selectors (default {DEFAULT_BASE_URL}).",
        )

    def handle(self, *args, user, scope, document, tag, format, output, base_url, **options):
        reader = get_user_model().objects.filter(username=user).first()
        if reader is None:
            raise CommandError(f"No reader named {user!r}.")
        try:
            annotations = annotations_for_export(reader, scope, document=document, tag=tag)
        except ScopeError as error:
            raise CommandError(str(error)) from None
        except Http404:
            raise CommandError(f"{user} is not a member of a circle {scope[7:]!r}.") from None
        if not annotations.exists():
            # Rather than an empty file (or an empty zip) that looks like a failed export.
            raise CommandError(f"Nothing to export: {user} has no annotations here.")
        name = "-".join(filter(None, ["marginalia", scope_label(scope), document]))
        exported = export_file(annotations, format, Links(base_url), name=name, replies_for=reader)
        if not output:
            target = getattr(self.stdout, "_out", sys.stdout)
            target = getattr(target, "buffer", None)
            for chunk in exported.chunks:
                if target is None:
                    self.stdout.write(chunk.decode(), ending="")
                else:
                    target.write(chunk)
            return
        try:
            with (
                open(output, "wb") as file,
                tqdm(
                    unit="B", unit_scale=True, desc=exported.filename, file=sys.stderr, disable=None
                ) as bar,
            ):
                for chunk in exported.chunks:
                    file.write(chunk)
                    bar.update(len(chunk))
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {output}.")

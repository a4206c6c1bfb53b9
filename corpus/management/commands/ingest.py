"""``manage.py ingest PATH...`` and ``manage.py ingest --seeds``: parse texts and store them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify
from tqdm import tqdm

from corpus.ingest import read_any
from corpus.ingest.blocks import IngestError, ParsedDocument
from corpus.ingest.report import report_lines
from corpus.models import Paragraph
from corpus.seeds import METADATA_FIELDS, check_metadata, seed_entries
from corpus.services import (
    SLUG_MAX_LENGTH,
    document_ingest,
    validate_partial_date,
)


@dataclasses.dataclass
class Job:
    label: str  # how messages name the file
    path: Path
    metadata: dict[str, str]
    parsed: ParsedDocument | None = None


class Command(BaseCommand):
    help = (
        "Parse text, Markdown, HTML, EPUB or PDF files and store each as a document version. "
        "Every file is read and parsed before anything is stored: one bad file stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            help="files to ingest (.txt, .md, .html, .epub, .pdf)",
        )
        parser.add_argument(
            "--seeds", action="store_true", help="ingest the seed corpus listed in manifest.toml"
        )
        parser.add_argument("--slug", help="default: made from the title")
        parser.add_argument(
            "--title", help="default: the title line of the text, else the file name"
        )
        parser.add_argument("--author")
        parser.add_argument("--publisher")
        parser.add_argument("--published", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD")
        parser.add_argument("--updated", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD")
        parser.add_argument(
            "--supersedes", metavar="SLUG", help="store the text as a new version of this document"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="parse and report what was found and dropped; store nothing",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="with --supersedes: queue the re-anchoring of a large document's highlights "
            "for `manage.py db_worker` rather than wait for it",
        )

    def handle(self, *args, **options) -> None:
        jobs = self.seed_jobs(options) if options["seeds"] else self.path_jobs(options)
        self.parse_all(jobs)
        if options["dry_run"]:
            for job in jobs:
                self.stdout.write(f"{job.label}: dry run, nothing stored")
                for line in report_lines(job.parsed):
                    self.stdout.write(f"  {line}")
            return
        for job in jobs:
            for warning in job.parsed.warnings:
                self.stderr.write(f"warning: {job.label}: {warning}")
        # Reports wait for the progress bar to close, so the two never interleave.
        reports: list[str] = []
        try:
            for job in tqdm(jobs, desc="storing", unit="file", disable=None, leave=False):
                reports.extend(
                    self.store(
                        job, verbosity=options["verbosity"], background=options["background"]
                    )
                )
        finally:
            for line in reports:
                self.stdout.write(line)

    def path_jobs(self, options: dict) -> list[Job]:
        paths = options["paths"]
        metadata = {name: options[name] for name in METADATA_FIELDS if options[name]}
        if not paths:
            raise CommandError("give one or more PATHs, or --seeds")
        if metadata and len(paths) > 1:
            flags = ", ".join(f"--{name}" for name in metadata)
            raise CommandError(f"{flags}: only with a single PATH (got {len(paths)})")
        self.check_metadata(metadata)
        return [Job(label=path, path=Path(path), metadata=dict(metadata)) for path in paths]

    def seed_jobs(self, options: dict) -> list[Job]:
        if options["paths"]:
            raise CommandError("--seeds takes no PATH: the manifest lists the files")
        given = [f"--{name}" for name in METADATA_FIELDS if options[name]]
        if given:
            raise CommandError(f"{', '.join(given)}: not with --seeds (the manifest gives them)")
        try:
            entries = seed_entries()
        except IngestError as error:
            raise CommandError(f"error: {error}") from None
        return [
            Job(label=entry.path.name, path=entry.path, metadata=dict(entry.metadata))
            for entry in entries
        ]

    def check_metadata(self, metadata: dict[str, str]) -> None:
        try:
            check_metadata(metadata)
        except IngestError as error:
            raise CommandError(str(error)) from None

    def parse_all(self, jobs: list[Job]) -> None:
        """Read, decode and parse every file; on any failure store nothing and say why."""
        failures = []
        for job in tqdm(jobs, desc="parsing", unit="file", disable=None, leave=False):
            try:
                job.parsed = self.parse_file(job.path)
            except IngestError as error:
                failures.append(f"error: {job.label}: {error}")
        if failures:
            # CommandError prints as one "CommandError: ..." line per failure, no traceback.
            raise CommandError("\n".join(failures))

    def parse_file(self, path: Path) -> ParsedDocument:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise IngestError("no such file") from None
        except IsADirectoryError:
            raise IngestError("is a directory, not a file") from None
        except PermissionError:
            raise IngestError("permission denied") from None
        except OSError as error:
            raise IngestError(f"cannot read: {error.strerror or error}") from None
        return read_any(data, path.name)

    def store(self, job: Job, *, verbosity: int, background: bool = False) -> list[str]:
        """Store one parsed file in its own transaction; return the lines that report it."""
        parsed = job.parsed
        metadata = dict(job.metadata)
        supersedes = metadata.pop("supersedes", None)
        if supersedes:
            # A new version keeps the document's title unless one is given.
            metadata.setdefault("slug", supersedes)
        else:
            metadata.setdefault("title", parsed.title or title_from_stem(job.path))
            # What the file says of itself (front matter, EPUB or PDF metadata, a page's byline).
            if parsed.author:
                metadata.setdefault("author", parsed.author)
            if parsed.published and _is_date(parsed.published):
                metadata.setdefault("published", parsed.published)
            slug = slugify(metadata["title"]) or slugify(job.path.stem)
            metadata.setdefault("slug", slug[:SLUG_MAX_LENGTH].strip("-"))
        if not metadata["slug"]:
            raise CommandError(f"error: {job.label}: cannot make a slug from the title; use --slug")
        try:
            result = document_ingest(
                parsed=parsed,
                supersedes=supersedes,
                source_name=job.path.name,
                background=background,
                **{"title": "", **metadata},
            )
        except IngestError as error:
            raise CommandError(f"error: {job.label}: {error}") from None

        version = result.version
        paragraph_count = version.paragraphs.count()
        note_count = version.paragraphs.filter(kind=Paragraph.Kind.NOTE).count()
        section_count = version.sections.count()
        summary = (
            f"{job.label}: {result.document.slug} v{version.number} — "
            f"{paragraph_count} paragraphs, {section_count} sections, {note_count} notes, "
            f"{len(parsed.dropped)} dropped lines, {len(parsed.warnings)} warnings"
        )
        lines = [summary + (" (unchanged)" if result.unchanged else "")]
        for counts in result.hook_results.values():
            # The re-anchoring hook counts the annotations it placed, by anchor.
            if isinstance(counts, dict) and counts.get("queued"):
                lines.append(
                    f"  annotations: {counts['queued']} queued to move to the new version "
                    "in the background (manage.py db_worker does it)"
                )
            elif isinstance(counts, dict) and any(counts.values()):
                placed = ", ".join(f"{number} {anchor}" for anchor, number in counts.items())
                lines.append(f"  annotations: {placed}")
        if verbosity >= 2:
            lines += [
                f"  dropped line {dropped.line} ({dropped.reason}): {dropped.text}"
                for dropped in parsed.dropped
            ]
            lines += [f"  warning: {warning}" for warning in parsed.warnings]
        return lines


def _is_date(value: str) -> bool:
    try:
        validate_partial_date(value, field="published")
    except IngestError:
        return False
    return True


def title_from_stem(path: Path) -> str:
    words = path.stem.replace("_", " ").replace("-", " ").split()
    title = " ".join(words)
    return title[:1].upper() + title[1:]

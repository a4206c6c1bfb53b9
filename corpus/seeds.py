"""The seed corpus: the texts ``corpus/seeds/manifest.toml`` lists, with their metadata.

``manage.py ingest --seeds`` reads it through ``seed_entries()``; so do the tests, which
parse each seed once per session and store it as the command does (``document_ingest``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from corpus.ingest.blocks import IngestError
from corpus.services import document_ingest, validate_partial_date, validate_slug_value

METADATA_FIELDS = ("slug", "title", "author", "publisher", "published", "updated", "supersedes")
MANIFEST_FIELDS = {"file", "note", "format", *METADATA_FIELDS}


@dataclass(frozen=True)
class SeedEntry:
    path: Path
    metadata: dict[str, str]  # METADATA_FIELDS the manifest gives, and "note"


def seeds_dir() -> Path:
    return Path(
        getattr(settings, "MARGINALIA_SEEDS_DIR", None)
        or Path(settings.BASE_DIR) / "corpus" / "seeds"
    )


def seed_entries(directory: Path | None = None) -> list[SeedEntry]:
    """The manifest's documents in its order (a new version after the one it supersedes).

    IngestError, naming the manifest and the entry, for a manifest that cannot be read,
    an unknown key, a missing file name, a bad date or slug, or no entries at all.
    """
    directory = directory or seeds_dir()
    manifest_path = directory / "manifest.toml"
    try:
        manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise IngestError(f"{manifest_path}: {error}") from None
    entries = []
    for index, entry in enumerate(manifest.get("document", []), start=1):
        unknown = set(entry) - MANIFEST_FIELDS
        if unknown or "file" not in entry:
            problem = f"unknown keys {sorted(unknown)}" if unknown else "no 'file'"
            raise IngestError(f"{manifest_path}: document {index}: {problem}")
        metadata = {key: str(value) for key, value in entry.items() if key in METADATA_FIELDS}
        metadata["note"] = entry.get("note", "")
        try:
            check_metadata(metadata)
        except IngestError as error:
            raise IngestError(f"{manifest_path}: {entry['file']}: {error}") from None
        entries.append(SeedEntry(directory / entry["file"], metadata))
    if not entries:
        raise IngestError(f"{manifest_path}: no [[document]] entries")
    return entries


def check_metadata(metadata: dict[str, str]) -> None:
    """Refuse bad dates and slugs before any file is read, let alone stored."""
    for field in ("published", "updated"):
        validate_partial_date(metadata.get(field, ""), field=f"--{field}")
    for field in ("slug", "supersedes"):
        validate_slug_value(metadata.get(field, ""), field=f"--{field}")


def seed_ingest(entry: SeedEntry, parsed) -> None:
    """Store one parsed seed as ``ingest --seeds`` does: a new version keeps the slug of
    the document it supersedes."""
    metadata = dict(entry.metadata)
    supersedes = metadata.pop("supersedes", None)
    if supersedes:
        metadata.setdefault("slug", supersedes)
    document_ingest(
        parsed=parsed,
        supersedes=supersedes,
        source_name=entry.path.name,
        **{"title": "", **metadata},
    )

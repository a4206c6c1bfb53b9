"""The seed texts as the demo reads them: sentences and clauses to highlight."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings

from corpus.models import Document, Paragraph

# A sentence ends at . ! ? or … (and any closing quotes or brackets) followed by space
# and something that can start a sentence: "e.g. the" does not end one.
_SENTENCE_END = re.compile(r"([.!?…]+[\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_CLAUSE_END = re.compile(r"[,;:–—]\s+")
MIN_CLAUSE = 25


HIGHLIGHTED_KINDS = (
    Paragraph.Kind.BODY,
    Paragraph.Kind.QUOTE,
    Paragraph.Kind.LIST_ITEM,
    Paragraph.Kind.NOTE,
)


class DemoError(Exception):
    """The demo data cannot be made (e.g. the seed corpus is not ingested)."""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence of ``text``, without surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _SENTENCE_END.finditer(text):
        _add_trimmed(spans, text, position, match.end(1))
        position = match.end()
    _add_trimmed(spans, text, position, len(text))
    return spans


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of ``text[start:end]`` (split at , ; : and dashes) long enough to quote."""
    spans: list[tuple[int, int]] = []
    position = start
    for match in _CLAUSE_END.finditer(text, start, end):
        _add_trimmed(spans, text, position, match.start() + 1)
        position = match.end()
    _add_trimmed(spans, text, position, end)
    return [(a, b) for a, b in spans if b - a >= MIN_CLAUSE]


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


@dataclass
class VersionText:
    """A document version's text, cut into the sentences a reader might highlight."""

    document_id: int
    version_id: int
    slug: str
    text: str
    # (start, end, paragraph index): offsets in ``text``; adjacent paragraphs have
    # consecutive indexes, so a highlight only runs on into the very next paragraph.
    sentences: list[tuple[int, int, int]] = field(default_factory=list)

    def restricted_to(self, start: int, end: int) -> VersionText:
        """The same text with only the sentences inside ``[start, end)`` to choose from."""
        inside = [s for s in self.sentences if s[0] >= start and s[1] <= end]
        return VersionText(self.document_id, self.version_id, self.slug, self.text, inside)


def version_text(
    *, document_id: int, version_id: int, slug: str, text: str, paragraphs: Sequence[tuple]
) -> VersionText:
    """``paragraphs``: (start, end, kind) in reading order."""
    sentences: list[tuple[int, int, int]] = []
    for index, (start, end, kind) in enumerate(paragraphs):
        if kind not in HIGHLIGHTED_KINDS:
            continue
        for a, b in sentence_spans(text[start:end]):
            sentences.append((start + a, start + b, index))
    return VersionText(document_id, version_id, slug, text, sentences)


def seed_slugs() -> list[str]:
    """The slugs of the seed corpus, from its manifest."""
    manifest = tomllib.loads((settings.MARGINALIA_SEEDS_DIR / "manifest.toml").read_text())
    return sorted({entry["slug"] for entry in manifest["document"]})


def load_seed_texts() -> list[VersionText]:
    """The current version of every seed document, in slug order; DemoError if missing."""
    slugs = seed_slugs()
    documents = list(
        Document.objects.filter(slug__in=slugs, current_version__isnull=False)
        .select_related("current_version")
        .order_by("slug")
    )
    missing = sorted(set(slugs) - {document.slug for document in documents})
    if missing:
        raise DemoError(
            "The seed corpus is not ingested (missing: "
            f"{', '.join(missing)}). Run `manage.py ingest --seeds` first."
        )
    paragraphs: dict[int, list[tuple]] = {document.current_version_id: [] for document in documents}
    rows = (
        Paragraph.objects.filter(version__in=list(paragraphs))
        .order_by("version_id", "ordinal")
        .values_list("version_id", "start", "end", "kind")
    )
    for version_id, start, end, kind in rows:
        paragraphs[version_id].append((start, end, kind))
    return [
        version_text(
            document_id=document.id,
            version_id=document.current_version_id,
            slug=document.slug,
            text=document.current_version.text,
            paragraphs=paragraphs[document.current_version_id],
        )
        for document in documents
    ]

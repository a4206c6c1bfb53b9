"""The text-coordinate contract, checked on every paragraph of the real seed corpus."""

from itertools import pairwise

import pytest

from corpus.models import DocumentVersion, Paragraph

pytestmark = pytest.mark.usefixtures("seeded_corpus")


def versions() -> list[DocumentVersion]:
    return list(DocumentVersion.objects.select_related("document").order_by("id"))


def paragraphs_of(version: DocumentVersion) -> list[Paragraph]:
    return list(version.paragraphs.order_by("ordinal"))


def test_it_ingested_all_five_seed_texts(db):
    assert len(versions()) == 5


def test_it_finds_every_paragraph_at_its_offsets(db):
    for version in versions():
        for paragraph in paragraphs_of(version):
            assert version.text[paragraph.start : paragraph.end] == paragraph.text, (
                f"{version} ¶{paragraph.ordinal}"
            )


def test_it_joins_paragraphs_with_one_blank_line(db):
    for version in versions():
        paragraphs = paragraphs_of(version)
        assert [p.ordinal for p in paragraphs] == list(range(1, len(paragraphs) + 1))
        assert paragraphs[0].start == 0
        assert paragraphs[-1].end == len(version.text)
        for previous, following in pairwise(paragraphs):
            assert following.start == previous.end + 2, f"{version} ¶{following.ordinal}"


def test_it_puts_every_paragraph_in_the_section_whose_range_holds_it(db):
    for version in versions():
        sections = list(version.sections.order_by("order"))
        assert [s.order for s in sections] == list(range(1, len(sections) + 1))
        # Sections tile the paragraphs: in order, no gaps, no overlaps.
        assert sections[0].first_ordinal == 1
        for previous, following in pairwise(sections):
            assert following.first_ordinal == previous.last_ordinal + 1, f"{version} §{following}"
        ranges = {s.id: (s.first_ordinal, s.last_ordinal) for s in sections}
        paragraphs = paragraphs_of(version)
        assert sections[-1].last_ordinal == len(paragraphs)
        for paragraph in paragraphs:
            first, last = ranges[paragraph.section_id]
            assert first <= paragraph.ordinal <= last, f"{version} ¶{paragraph.ordinal}"


def test_it_starts_each_headed_section_with_its_heading(db):
    for version in versions():
        kinds = dict(version.paragraphs.values_list("ordinal", "kind"))
        for section in version.sections.all():
            if section.heading_ordinal is None:
                assert section.order == 1
            else:
                assert section.heading_ordinal == section.first_ordinal
                assert kinds[section.heading_ordinal] == Paragraph.Kind.HEADING


def test_it_points_every_note_ref_at_a_note(db):
    refs_seen = 0
    for version in versions():
        paragraphs = {p.ordinal: p for p in paragraphs_of(version)}
        for paragraph in paragraphs.values():
            for start, end, note_ordinal in paragraph.note_refs:
                refs_seen += 1
                assert 0 <= start < end <= len(paragraph.text)
                assert paragraphs[note_ordinal].kind == Paragraph.Kind.NOTE
                assert paragraphs[note_ordinal].note_number is not None
    # The 2021 revision of the socialism article has inline note markers.
    assert refs_seen > 0

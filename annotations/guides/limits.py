"""What a guide may be limited to: the circle's reading list, and a range of dates on
which the annotations were made ("since the last meeting")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone

from annotations.models import ReadingListEntry
from corpus.models import Section
from corpus.queries import VersionLayout


@dataclass(frozen=True)
class GuideLimits:
    since: datetime.date | None = None
    until: datetime.date | None = None  # inclusive
    reading_list: bool = False

    def __bool__(self) -> bool:
        return bool(self.since or self.until or self.reading_list)

    def query(self) -> dict[str, str]:
        """The limits as the guide page's query parameters, for links that keep them."""
        found = {}
        if self.reading_list:
            found["reading_list"] = "1"
        if self.since:
            found["since"] = self.since.isoformat()
        if self.until:
            found["until"] = self.until.isoformat()
        return found

    def created_filter(self) -> Q:
        """Annotations made from the start of ``since`` to the end of ``until``, in the
        site's time zone."""
        found = Q()
        if self.since:
            found &= Q(created__gte=_midnight(self.since))
        if self.until:
            found &= Q(created__lt=_midnight(self.until + datetime.timedelta(days=1)))
        return found


@dataclass
class ReadingRanges:
    """A circle's reading list as places in its texts: whole documents, and the paragraph
    ranges of sections (with their sub-sections) in their documents' current versions."""

    documents: set[int] = field(default_factory=set)
    whole: set[int] = field(default_factory=set)
    sections: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # version id ->

    def keeps(self, document_id: int, version_id: int, start: int, layout: VersionLayout) -> bool:
        if document_id in self.whole:
            return True
        ordinal = layout.place(start).ordinal
        return ordinal is not None and any(
            first <= ordinal <= last for first, last in self.sections.get(version_id, ())
        )


def reading_ranges(circle) -> ReadingRanges:
    """Where ``circle``'s reading list is, in two queries (one when it is empty)."""
    ranges = ReadingRanges()
    wanted: dict[int, set[int]] = {}
    for document_id, version_id, order in ReadingListEntry.objects.filter(
        circle=circle
    ).values_list("document_id", "document__current_version_id", "section_order"):
        ranges.documents.add(document_id)
        if order is None:
            ranges.whole.add(document_id)
        elif version_id is not None:
            wanted.setdefault(version_id, set()).add(order)
    if not wanted:
        return ranges
    outline: dict[int, list[tuple[int, int, int, int]]] = {}
    for version_id, order, level, first, last in (
        Section.objects.filter(version_id__in=wanted)
        .order_by("version_id", "order")
        .values_list("version_id", "order", "level", "first_ordinal", "last_ordinal")
    ):
        outline.setdefault(version_id, []).append((order, level, first, last))
    for version_id, orders in wanted.items():
        sections = outline.get(version_id, [])
        for i, (order, level, first, last) in enumerate(sections):
            if order not in orders:
                continue
            # A section runs on through its sub-sections, to the next of its level or above.
            for _order, sub_level, _first, sub_last in sections[i + 1 :]:
                if sub_level <= level:
                    break
                last = sub_last
            ranges.sections.setdefault(version_id, []).append((first, last))
    return ranges


def last_meeting(circle, today: datetime.date) -> datetime.date | None:
    """The latest due date on ``circle``'s reading list before ``today``: when the circle
    last met to discuss its reading (one query)."""
    return ReadingListEntry.objects.filter(circle=circle, due__lt=today).aggregate(last=Max("due"))[
        "last"
    ]


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

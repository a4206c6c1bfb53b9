"""`make bench`'s busy chapter (bench/bench_busy.py) built at a tiny scale, so that the
distribution and the figures it prints keep working as the reading page changes."""

from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from taggit.models import Tag

from annotations.models import Annotation, Circle, Membership, Visibility
from bench import bench_busy
from corpus.models import Document, DocumentVersion

TINY = bench_busy.Scale(
    annotations=400, readers=6, crowd=150, passages=5, own=30, members=2, shared=5
)


@pytest.fixture(scope="module")
def built(seeded_corpus, django_db_blocker) -> Iterator[bench_busy.BusyChapter]:
    """Built once for the module (each test's own writes roll back), removed after it."""
    with django_db_blocker.unblock():
        users = set(get_user_model().objects.values_list("id", flat=True))
        tags = set(Tag.objects.values_list("id", flat=True))
        yield bench_busy.build_busy_chapter(TINY, seed=1, log=lambda message: None)
        Annotation.objects.all().delete()
        Circle.objects.all().delete()
        get_user_model().objects.exclude(id__in=users).delete()
        Tag.objects.exclude(id__in=tags).delete()


@pytest.fixture
def chapter(built, db) -> bench_busy.BusyChapter:
    return built


def in_chapter(chapter: bench_busy.BusyChapter):
    return Annotation.objects.filter(
        version__document__slug="soviet-socialism-a-history",
        start__lt=chapter.end,
        end__gt=chapter.start,
    )


def test_it_seeds_the_readers_the_crowd_and_the_busy_readers_own(chapter):
    assert Annotation.objects.count() == TINY.annotations
    authors = set(Annotation.objects.values_list("author__username", flat=True))
    assert authors == {f"reader{n}" for n in range(1, TINY.readers + 1)} | {"busy-reader"}
    assert in_chapter(chapter).filter(author=chapter.busy).count() == TINY.own
    assert Annotation.objects.filter(author=chapter.busy).count() == TINY.own
    assert not Annotation.objects.filter(author=chapter.quiet).exists()


def test_many_public_highlights_cover_the_same_stretch(chapter):
    public = in_chapter(chapter).filter(visibility=Visibility.PUBLIC)

    deepest, dense = bench_busy.depth(public.values_list("start", "end"), at_least=10)

    assert deepest >= 10
    assert dense > 0
    assert public.count() > in_chapter(chapter).exclude(author=chapter.busy).count() / 2


def test_the_busy_reader_shares_a_circle_with_a_few_readers(chapter):
    members = Membership.objects.filter(circle=chapter.circle)
    shared = Annotation.objects.filter(circle=chapter.circle, visibility=Visibility.CIRCLE)

    assert set(members.values_list("user__username", flat=True)) == {
        "busy-reader",
        "reader1",
        "reader2",
    }
    assert 0 < shared.count() <= TINY.shared
    assert set(shared.values_list("author__username", flat=True)) <= {"reader1", "reader2"}


def test_it_weighs_the_chapter_page_for_each_view(chapter):
    figures = {
        view.who: bench_busy.page_figures(view.client, view.path)
        for view in bench_busy.views(chapter)
    }

    busy, quiet, none = (
        figures["busy reader"],
        figures["reader with none"],
        figures["page with none"],
    )
    assert busy.marks > quiet.marks > none.marks == 0
    assert busy.html_bytes > quiet.html_bytes > none.html_bytes
    assert busy.data_bytes > quiet.data_bytes > none.data_bytes > 0
    assert none.queries > 0


def test_a_kept_distribution_is_found_again(chapter):
    found = bench_busy.existing_busy_chapter()

    assert found is not None
    assert (found.url, found.start, found.end) == (chapter.url, chapter.start, chapter.end)
    assert (found.busy, found.quiet, found.circle) == (chapter.busy, chapter.quiet, chapter.circle)


def test_no_distribution_is_found_once_its_circle_is_gone(chapter):
    chapter.circle.delete()

    assert bench_busy.existing_busy_chapter() is None


def test_the_first_reading_after_a_change_reads_the_coverage_again(chapter):
    version = Document.objects.get(slug="soviet-socialism-a-history").current_version
    view = bench_busy.views(chapter)[0]

    wall, cpu = bench_busy.first_reading_timings(view)

    assert wall > 0 and cpu > 0
    assert DocumentVersion.objects.get(pk=version.pk).public_changes == (
        version.public_changes + bench_busy.MISS_RUNS
    )

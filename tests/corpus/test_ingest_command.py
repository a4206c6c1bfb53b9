import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils.text import slugify

from corpus.ingest import parse_text
from corpus.models import Document, DocumentVersion, Paragraph

SOCIALISM = "socialism-and-the-soviet-union"
SUMMARY = re.compile(
    r"^(?P<file>\S+): (?P<slug>[\w-]+) v(?P<number>\d+) — (?P<paragraphs>\d+) paragraphs, "
    r"(?P<sections>\d+) sections, (?P<notes>\d+) notes, (?P<dropped>\d+) dropped lines, "
    r"(?P<warnings>\d+) warnings(?P<unchanged> \(unchanged\))?$"
)
ARTICLE = """\
The Soviet Experiment

The revolution of 1917 was a breakthrough that inspired countless millions.

What went wrong

Backwardness, isolation and strategic mistakes caused it to degenerate.
"""


def ingest(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def summaries(output: str) -> list[dict]:
    return [SUMMARY.match(line).groupdict() for line in output.splitlines()]


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "soviet_experiment.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def cp1252_article(tmp_path) -> Path:
    path = tmp_path / "cafe.txt"
    path.write_bytes("Le café\n\nA paragraph – with a dash, in cp1252.\n".encode("cp1252"))
    return path


@pytest.fixture
def empty_file(tmp_path) -> Path:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


@pytest.fixture
def binary_file(tmp_path) -> Path:
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02binary")
    return path


@pytest.fixture
def corrupt_pdf(tmp_path) -> Path:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    return path


# In-process, through call_command.


def test_it_ingests_a_file_with_the_metadata_given(db, article):
    out, err = ingest(
        str(article),
        "--slug=experiment",
        "--title=The Experiment",
        "--author=A. Writer",
        "--publisher=A Press",
        "--published=2020-09",
        "--updated=2021",
    )

    document = Document.objects.get()
    assert (document.slug, document.title, document.author, document.publisher) == (
        "experiment",
        "The Experiment",
        "A. Writer",
        "A Press",
    )
    assert (document.published, document.updated) == ("2020-09", "2021")
    assert document.current_version.source_name == "soviet_experiment.txt"
    assert err == ""
    [summary] = summaries(out)
    assert summary["file"] == str(article)
    assert (summary["slug"], summary["number"], summary["unchanged"]) == ("experiment", "1", None)


def test_it_makes_the_title_and_slug_from_the_text_or_file_name(db, article):
    ingest(str(article))

    # A title line the parser finds wins over the file name "soviet_experiment.txt".
    expected_title = parse_text(ARTICLE).title or "Soviet experiment"
    document = Document.objects.get()
    assert (document.title, document.slug) == (expected_title, slugify(expected_title))


def test_it_makes_the_title_from_the_file_name_when_the_text_has_none(db, tmp_path):
    path = tmp_path / "notes_on-nep.txt"
    path.write_text("Only one paragraph, and it is not a title.\n", encoding="utf-8")
    assert parse_text(path.read_text()).title is None

    ingest(str(path))

    assert list(Document.objects.values_list("title", "slug")) == [("Notes on nep", "notes-on-nep")]


def test_it_reports_counts_that_match_what_was_stored(db, article):
    out, _ = ingest(str(article))

    [summary] = summaries(out)
    version = DocumentVersion.objects.get()
    assert int(summary["paragraphs"]) == version.paragraphs.count()
    assert int(summary["sections"]) == version.sections.count()
    assert int(summary["notes"]) == version.paragraphs.filter(kind=Paragraph.Kind.NOTE).count()
    assert int(summary["dropped"]) == len(version.report["dropped"])
    assert int(summary["warnings"]) == len(version.report["warnings"])


def test_it_stores_a_new_version_with_supersedes(db, article, tmp_path):
    ingest(str(article), "--slug=experiment", "--title=The Experiment")
    revised = tmp_path / "revised.txt"
    revised.write_text(ARTICLE + "\nA paragraph added in the revision.\n", encoding="utf-8")

    out, _ = ingest(str(revised), "--supersedes=experiment", "--updated=2021-07")

    document = Document.objects.get()
    assert (document.title, document.updated) == ("The Experiment", "2021-07")
    assert list(document.versions.values_list("number", flat=True)) == [1, 2]
    assert document.current_version.number == 2
    assert summaries(out)[0]["slug"] == "experiment"


def test_it_rejects_an_unknown_supersedes_slug(db, article):
    with pytest.raises(CommandError, match=r"error: .*: supersedes: no document with slug 'nope'"):
        ingest(str(article), "--supersedes=nope")

    assert Document.objects.count() == 0


def test_it_rejects_per_document_options_with_several_paths(db, article, cp1252_article):
    with pytest.raises(CommandError, match="--title: only with a single PATH"):
        ingest(str(article), str(cp1252_article), "--title=Two Texts")

    assert Document.objects.count() == 0


def test_it_rejects_a_date_that_is_not_iso(db, article):
    with pytest.raises(CommandError, match="--published: 'September 2020' is not a date"):
        ingest(str(article), "--published=September 2020")

    assert Document.objects.count() == 0


def test_it_rejects_a_slug_that_is_not_a_slug_before_reading_files(db, tmp_path):
    with pytest.raises(CommandError, match="--slug: 'Not A Slug' is not a slug"):
        ingest(str(tmp_path / "missing.txt"), "--slug=Not A Slug")


def test_it_stores_nothing_when_one_of_several_files_is_bad(db, article, empty_file, tmp_path):
    missing = tmp_path / "missing.txt"

    with pytest.raises(CommandError) as raised:
        ingest(str(article), str(empty_file), str(missing))

    assert str(raised.value).splitlines() == [
        f"error: {empty_file}: the file is empty",
        f"error: {missing}: no such file",
    ]
    assert Document.objects.count() == 0


def test_it_ingests_a_cp1252_file_with_a_warning(db, cp1252_article):
    out, err = ingest(str(cp1252_article))

    assert err.startswith(f"warning: {cp1252_article}: not valid UTF-8")
    assert "cp1252" in err
    assert summaries(out)[0]["warnings"] == "1"
    version = DocumentVersion.objects.get()
    assert "café" in version.text
    assert "–" in version.text
    assert len(version.report["warnings"]) == 1


def test_it_lists_dropped_lines_and_warnings_at_verbosity_2(db, cp1252_article, tmp_path):
    out, _ = ingest(str(cp1252_article), "-v", "2")

    lines = out.splitlines()
    assert SUMMARY.match(lines[0])
    assert lines[1:] == [f"  warning: {DocumentVersion.objects.get().report['warnings'][0]}"]


def test_it_lists_every_dropped_line_at_verbosity_2(db):
    out, _ = ingest("--seeds", "-v", "2")

    listed = [line for line in out.splitlines() if line.startswith("  dropped line ")]
    expected = [
        f"  dropped line {dropped['line']} ({dropped['reason']}): {dropped['text']}"
        for version in DocumentVersion.objects.order_by("id")
        for dropped in version.report["dropped"]
    ]
    assert len(expected) > 0
    assert listed == expected


def test_it_ingests_the_seeds_as_four_documents_and_five_versions(db):
    out, err = ingest("--seeds")

    assert Document.objects.count() == 4
    assert DocumentVersion.objects.count() == 5
    socialism = Document.objects.get(slug=SOCIALISM)
    first, second = socialism.versions.order_by("number")
    assert (first.source_name, second.source_name) == (
        "socialism-and-the-soviet-union-2020.txt",
        "socialism-and-the-soviet-union-2021.txt",
    )
    assert socialism.current_version == second
    assert second.supersedes == first
    assert first.paragraphs.count() > 0
    assert (socialism.published, socialism.updated) == ("2020-09", "2021-07")
    assert Document.objects.get(slug="russia-and-socialism").author == "Abbie Bakan"
    assert [s["file"] for s in summaries(out)] == [
        "socialism-and-the-soviet-union-2020.txt",
        "socialism-and-the-soviet-union-2021.txt",
        "what-happened-in-the-soviet-union.txt",
        "soviet-socialism-a-history.txt",
        "russia-and-socialism.txt",
    ]
    assert [(s["slug"], s["number"]) for s in summaries(out)][:2] == [
        (SOCIALISM, "1"),
        (SOCIALISM, "2"),
    ]


def test_it_changes_nothing_when_the_seeds_are_ingested_twice(db):
    ingest("--seeds")
    versions_before = sorted(DocumentVersion.objects.values_list("id", "ingested_at"))
    current_before = sorted(Document.objects.values_list("slug", "current_version_id"))

    out, _ = ingest("--seeds")

    assert sorted(DocumentVersion.objects.values_list("id", "ingested_at")) == versions_before
    assert sorted(Document.objects.values_list("slug", "current_version_id")) == current_before
    assert [s["unchanged"] for s in summaries(out)] == [" (unchanged)"] * 5


def test_it_reads_the_seeds_from_the_configured_folder(db, settings, tmp_path, article):
    (tmp_path / "manifest.toml").write_text(
        '[[document]]\nfile = "soviet_experiment.txt"\nslug = "exp"\ntitle = "Exp"\n'
        'published = "2019-10-30"\n',
        encoding="utf-8",
    )
    settings.MARGINALIA_SEEDS_DIR = tmp_path

    ingest("--seeds")

    assert list(Document.objects.values_list("slug", "title", "published")) == [
        ("exp", "Exp", "2019-10-30")
    ]


def test_it_refuses_paths_and_options_with_seeds(db, article):
    with pytest.raises(CommandError, match="--seeds takes no PATH"):
        ingest("--seeds", str(article))
    with pytest.raises(CommandError, match="--slug: not with --seeds"):
        ingest("--seeds", "--slug=x")


# Out of process, as a person runs it: one line on stderr, exit status 1, no traceback.


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    """A migrated SQLite file for `manage.py` subprocesses (the test database is this process's)."""
    path = tmp_path_factory.mktemp("db") / "cli.sqlite3"
    url = f"sqlite:///{path}"
    manage("migrate", "--no-input", "-v", "0", database_url=url, check=True)
    return url


def manage(*args: str, database_url: str, check: bool = False) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-only",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


def stored_versions(database_url: str) -> int:
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
        return connection.execute("SELECT COUNT(*) FROM corpus_documentversion").fetchone()[0]


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("empty_file", "the file is empty"),
        ("binary_file", "not a text, Markdown, HTML, EPUB or PDF file"),
        ("corrupt_pdf", "the PDF is damaged and cannot be read"),
        ("missing_file", "no such file"),
        ("directory", "is a directory, not a file"),
    ],
)
def test_it_fails_with_one_line_for_a_bad_file(request, database_url, fixture, reason):
    path = request.getfixturevalue(fixture)
    before = stored_versions(database_url)

    result = manage("ingest", str(path), database_url=database_url)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"CommandError: error: {path}: {reason}"]
    assert result.stdout == ""
    assert stored_versions(database_url) == before


def test_it_stores_nothing_out_of_process_when_one_file_is_bad(database_url, tmp_path, empty_file):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    before = stored_versions(database_url)

    result = manage("ingest", str(good), str(empty_file), database_url=database_url)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"CommandError: error: {empty_file}: the file is empty"]
    assert stored_versions(database_url) == before


def test_it_ingests_a_cp1252_file_out_of_process_with_a_warning(database_url, cp1252_article):
    before = stored_versions(database_url)

    result = manage("ingest", str(cp1252_article), database_url=database_url)

    assert result.returncode == 0
    [warning] = result.stderr.splitlines()
    assert warning.startswith(f"warning: {cp1252_article}: not valid UTF-8")
    [summary] = summaries(result.stdout)
    assert summary["warnings"] == "1"
    assert stored_versions(database_url) == before + 1


@pytest.fixture
def missing_file(tmp_path) -> Path:
    return tmp_path / "missing.txt"


@pytest.fixture
def directory(tmp_path) -> Path:
    path = tmp_path / "folder"
    path.mkdir()
    return path


def test_it_reports_and_stores_nothing_on_a_dry_run(db, tmp_path):
    path = tmp_path / "mill.txt"
    path.write_text(
        "Title: The Mill Town\nAuthor: Jane Weaver\n\n"
        "*** START OF THE PROJECT GUTENBERG EBOOK THE MILL TOWN ***\n\n"
        "CHAPTER I.\n\nThe mills worked from morning until night for very little pay.\n\n"
        "*** END OF THE PROJECT GUTENBERG EBOOK THE MILL TOWN ***\n",
        encoding="utf-8",
    )
    out, _ = ingest("--dry-run", str(path))
    assert Document.objects.count() == 0
    assert f"{path}: dry run, nothing stored" in out
    assert "title: The Mill Town; author: Jane Weaver; published: -" in out
    assert "2 blocks: 1 headings, 1 paragraphs, 0 quotes, 0 list items, 0 notes" in out
    assert "      2 Chapter I (line 6)" in out
    assert "    Project Gutenberg header: 3\n" in out
    assert "      line 1: Title: The Mill Town\n" in out

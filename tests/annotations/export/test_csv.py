"""CSV cells: escaped as RFC 4180 says, and never a formula in a spreadsheet."""

import csv
import datetime
import io

import pytest

from annotations.export.csv_format import HEADER, neutralise
from annotations.export.links import Links
from annotations.export.rows import ExportRow
from annotations.export.streams import csv_lines

WHEN = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)


def row(**fields) -> ExportRow:
    values = dict(
        id=1,
        author="alice",
        document_id=1,
        document_slug="nep",
        document_title="The NEP",
        document_author="E. H. Carr",
        version_id=1,
        start=0,
        end=5,
        exact="quote",
        prefix="",
        suffix="",
        color="yellow",
        comment="",
        visibility="private",
        created=WHEN,
        updated=WHEN,
        tags=[],
        ordinal=3,
    )
    values.update(fields)
    return ExportRow(**values)


def written(*rows: ExportRow) -> str:
    return "".join(csv_lines(rows, Links("http://testserver")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a = b", "a = b"),
        ("", ""),
    ],
)
def test_it_neutralises_formulas(value, expected):
    assert neutralise(value) == expected


def test_it_escapes_commas_quotes_and_newlines():
    text = written(row(exact='He said, "no".', comment="line one\nline two"))
    assert text.splitlines()[0] == ",".join(HEADER)
    assert '"He said, ""no""."' in text
    assert '"line one\nline two"' in text
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[1][0] == 'He said, "no".'
    assert parsed[1][4] == "line one\nline two"


def test_it_neutralises_every_text_cell():
    text = written(
        row(
            exact='=HYPERLINK("http://evil")',
            comment="+44 20",
            document_title="-minus",
            document_author="@someone",
            tags=["=tag"],
        )
    )
    parsed = list(csv.reader(io.StringIO(text, newline="")))[1]
    assert parsed[0] == '\'=HYPERLINK("http://evil")'
    assert parsed[1] == "'-minus"
    assert parsed[2] == "'@someone"
    assert parsed[4] == "'+44 20"
    assert parsed[7] == "'=tag"


def test_it_keeps_unicode_as_utf8():
    text = written(row(exact="Ленин — «НЭП»"))
    assert "Ленин — «НЭП»" in text.encode("utf-8").decode("utf-8")


def test_it_leaves_the_location_empty_without_a_paragraph():
    parsed = list(csv.reader(io.StringIO(written(row(ordinal=None)), newline="")))[1]
    assert parsed[3] == "http://testserver/read/nep/"
    assert parsed[5] == ""

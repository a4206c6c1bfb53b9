"""manage.py export and manage.py import_annotations."""

import json

import pytest
from django.core.management import CommandError, call_command

from annotations.models import Annotation


def test_it_exports_to_a_file(notes, owner, tmp_path, capsys):
    output = tmp_path / "notes.jsonld"
    call_command(
        "export", "--user", "alice", "--format", "jsonld", "--output", str(output),
        "--base-url", "https://marginalia.example/",
    )  # fmt: skip
    collection = json.loads(output.read_text())
    assert collection["first"]["items"][0]["target"]["source"] == (
        "https://marginalia.example/read/nep/"
    )
    assert f"Wrote {output}." in capsys.readouterr().err


def test_it_exports_csv_to_standard_output(notes, owner, capfdbinary):
    call_command("export", "--user", "alice", "--format", "csv", "--tag", "nep")
    lines = capfdbinary.readouterr().out.decode().splitlines()
    assert (
        lines[0]
        == "Highlight,Title,Author,URL,Note,Location,Date,Tags,Annotated by,Hidden,Replies,"
        "Reply parents"
    )
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--user", "nobody"], "No reader named 'nobody'."),
        (["--user", "alice", "--scope", "all"], "Unknown scope 'all'"),
        (["--user", "alice", "--scope", "circle:secret"], "not a member of a circle 'secret'"),
    ],
)
def test_it_fails_in_one_line(arguments, message, owner):
    with pytest.raises(CommandError, match=message):
        call_command("export", *arguments, "--format", "csv")


def test_an_export_with_nothing_in_it_says_so_and_writes_no_file(notes, owner, tmp_path):
    output = tmp_path / "notes.zip"

    with pytest.raises(CommandError, match="Nothing to export: alice has no annotations here."):
        call_command(
            "export", "--user", "alice", "--format", "md", "--tag", "none", "--output", str(output)
        )

    assert not output.exists()


def test_it_imports_and_reports(notes, owner, outsider, tmp_path, capsys):
    output = tmp_path / "notes.jsonld"
    call_command("export", "--user", "alice", "--format", "jsonld", "--output", str(output))
    call_command("import_annotations", "--user", "carol", str(output))
    assert "2 annotations: 2 created, 0 not anchored" in capsys.readouterr().out
    assert Annotation.objects.filter(author=outsider).count() == 2


def test_it_fails_when_nothing_is_imported(document, owner, tmp_path, capsys):
    path = tmp_path / "gone.jsonld"
    source = "http://x/read/gone/"
    selector = {"type": "TextQuoteSelector", "exact": "x"}
    path.write_text(
        json.dumps(
            [
                {
                    "type": "Annotation",
                    "id": "urn:1",
                    "target": {"source": source, "selector": selector},
                }
            ]
        )
    )
    with pytest.raises(CommandError, match="Nothing was imported."):
        call_command("import_annotations", "--user", "alice", str(path))
    assert "urn:1: unknown document. No such document here." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"), [("{bad", "The file is not JSON"), (None, "Cannot read")]
)
def test_it_refuses_a_bad_file(content, message, owner, tmp_path):
    path = tmp_path / "bad.jsonld"
    if content is not None:
        path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_annotations", "--user", "alice", str(path))

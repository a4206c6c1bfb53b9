"""Every exported annotation passes the W3C Web Annotation WG's annotation-model MUSTs:
each JSON Schema (draft 4) listed in annotations/annotationMusts.test, read from
../shared/w3c-annotation-tests/ beside the repository."""

import datetime
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from annotations.export.links import Links
from annotations.export.scopes import annotations_for_export
from annotations.export.streams import export_file
from tests.annotations.conftest import highlight
from tests.conftest import SHARED

SUITE = SHARED / "w3c-annotation-tests"
MUSTS = SUITE / "annotations" / "annotationMusts.test"

pytestmark = pytest.mark.skipif(
    not MUSTS.exists(), reason=f"the W3C test suite is not at {SUITE} (../shared beside the repo)"
)


# The formats the suite uses; jsonschema checks them only with optional packages, so
# the two it needs are defined here (RFC 3339 date-time, RFC 3986 absolute URI).
FORMATS = jsonschema.FormatChecker()
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@FORMATS.checks("uri")
def _uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and not any(c.isspace() for c in value)


def test_the_format_checks_work():
    assert FORMATS.conforms("2026-03-01T09:30:00Z", "date-time")
    assert not FORMATS.conforms("2026-03-01 09:30", "date-time")
    assert not FORMATS.conforms("2026-13-01T09:30:00Z", "date-time")
    assert FORMATS.conforms("http://x.test/read/nep/", "uri")
    assert not FORMATS.conforms("read/nep", "uri")


def _registry() -> Registry:
    """Every schema of the suite, under its "id" and its path, for the $refs to resolve."""
    resources = []
    for path in SUITE.rglob("*.json"):
        contents = json.loads(path.read_text())
        if not isinstance(contents, dict):
            continue
        resource = Resource.from_contents(contents, default_specification=DRAFT4)
        resources.append((path.resolve().as_uri(), resource))
    return Registry().with_resources(resources)


def _must_schemas() -> list[tuple[str, dict]]:
    listed = json.loads(MUSTS.read_text())["assertions"]
    return [(name, json.loads((SUITE / name).read_text())) for name in listed]


def _validators():
    """A validator per listed schema. The suite's runner resolves their $refs in
    ../definitions, so each is registered there; and since a draft-4 "$ref" beside an
    "id" hides it, each is validated through a {"$ref": <its address>}."""
    registry = _registry()
    listed = []
    for name, schema in _must_schemas():
        address = (SUITE / "definitions" / Path(name).name).resolve().as_uri()
        registry = registry.with_resource(
            address, Resource.from_contents(schema, default_specification=DRAFT4)
        )
        listed.append((name, address))
    for name, address in listed:
        yield (
            name,
            jsonschema.Draft4Validator(
                {"$ref": address}, registry=registry, format_checker=FORMATS
            ),
        )


@pytest.fixture
def exported_annotations(notes, document, owner):
    highlight(document, owner, "We are retreating", tags=["retreat"])
    exported = export_file(annotations_for_export(owner, "me"), "jsonld", Links("http://x.test"))
    collection = json.loads(b"".join(exported.chunks))
    items = collection["first"]["items"]
    # Standalone, each annotation carries the context the collection gives it.
    return [{"@context": collection["@context"], **item} for item in items]


def test_it_lists_the_schemas_it_checks():
    schemas = _must_schemas()
    assert len(schemas) == 54


def test_every_annotation_passes_every_must(exported_annotations):
    assert len(exported_annotations) == 3
    failures = []
    for name, validator in _validators():
        for annotation in exported_annotations:
            errors = list(validator.iter_errors(annotation))
            if errors:
                failures.append(f"{name} on {annotation['id']}: {errors[0].message}")
    assert failures == []


def test_the_checks_catch_a_broken_annotation(exported_annotations):
    """The suite is really applied: an annotation without a target fails it."""
    broken = {key: value for key, value in exported_annotations[0].items() if key != "target"}
    broken["created"] = "yesterday"
    failing = [name for name, validator in _validators() if not validator.is_valid(broken)]
    assert "annotations/3.1-targetKeyFound.json" in failing
    assert "annotations/3.3.1-annotationCreatedValidated.json" in failing

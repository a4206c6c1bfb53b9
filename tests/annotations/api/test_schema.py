"""/api/schema/: the OpenAPI description of the API, and that it matches the answers."""

import pytest
from django.core.management import call_command

from annotations import presenters
from annotations.api import schema
from annotations.circles import services as circle_services
from annotations.models import Membership
from annotations.services import reply_create
from corpus import presenters as corpus_presenters
from corpus.models import Paragraph, Section
from tests.annotations.conftest import highlight

PATHS = {
    "/api/annotations/": {"get", "post"},
    "/api/annotations/{id}/": {"get", "patch", "delete"},
    "/api/annotations/{id}/replies/": {"get", "post"},
    "/api/import/": {"post"},
    "/api/import/{id}/": {"get"},
    "/api/imports/": {"post"},
    "/api/annotations/{id}/hide/": {"post"},
    "/api/annotations/{id}/request-review/": {"post"},
    "/api/annotations/{id}/restore/": {"post"},
    "/api/annotations/{id}/review/": {"post"},
    "/api/annotations/{id}/unhide/": {"post"},
    "/api/annotations/{id}/reactions/": {"post", "delete"},
    "/api/replies/{id}/": {"patch", "delete"},
    "/api/replies/{id}/hide/": {"post"},
    "/api/replies/{id}/unhide/": {"post"},
    "/api/tags/": {"get"},
    "/api/documents/": {"get", "post"},
    "/api/documents/{slug}/": {"get", "delete"},
    "/api/documents/{slug}/popular/": {"get"},
    "/api/documents/{slug}/versions/": {"post"},
    "/api/tasks/{id}/": {"get"},
    "/api/circles/": {"get", "post"},
    "/api/circles/{slug}/": {"get", "patch", "delete"},
    "/api/circles/{slug}/members/": {"get"},
    "/api/circles/{slug}/members/{username}/": {"patch", "delete"},
    "/api/circles/{slug}/invites/": {"post"},
    "/api/circles/{slug}/invites/{token}/": {"delete"},
    "/api/invites/{token}/accept/": {"post"},
    "/api/guides/": {"get"},
    "/api/guides/{tag}/": {"get"},
    "/api/notifications/": {"get"},
    "/api/notifications/read/": {"post"},
    "/api/notifications/{id}/read/": {"post"},
    "/api/mentions/": {"get"},
}


@pytest.fixture
def openapi(anonymous, db) -> dict:
    response = anonymous.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_it_serves_the_schema(anonymous, db):
    response = anonymous.get("/api/schema/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert b"/api/annotations/{id}/replies/:" in response.content


def test_it_lists_every_path_and_method(openapi):
    paths = {
        path: {method for method in operations if method != "parameters"}
        for path, operations in openapi["paths"].items()
    }

    assert paths == PATHS


def test_it_describes_the_bodies_of_creating_an_annotation(openapi):
    operation = openapi["paths"]["/api/annotations/"]["post"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    created = operation["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    schemas = openapi["components"]["schemas"]

    request_schema = schemas[request.rsplit("/", 1)[1]]
    assert set(request_schema["required"]) == {"document", "start", "end", "exact"}
    assert set(request_schema["properties"]) == {
        "document", "start", "end", "exact", "color", "comment", "tags", "visibility", "circle",
    }  # fmt: skip
    assert set(schemas[created.rsplit("/", 1)[1]]["properties"]) == set(schema.Annotation().fields)
    assert {"200", "400"} <= set(openapi["paths"]["/api/annotations/"]["get"]["responses"])
    parameters = {p["name"] for p in openapi["paths"]["/api/annotations/"]["get"]["parameters"]}
    assert parameters == {
        "document", "tag", "color", "author", "q", "visibility", "circle", "page",
    }  # fmt: skip


def test_it_documents_token_and_session_authentication(openapi):
    assert set(openapi["components"]["securitySchemes"]) == {"cookieAuth", "tokenAuth"}


def test_it_generates_the_schema_without_warnings(tmp_path, db):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")

    assert (tmp_path / "api.yaml").read_text().startswith("openapi: 3")


# The schema serializers describe the presenters' dicts: they must name the same fields.


def test_the_annotation_schema_matches_its_presenter(document, owner):
    annotation = highlight(document, owner)

    assert list(presenters.annotation_json(annotation, [])) == list(schema.Annotation().fields)


def test_the_reply_schema_matches_its_presenter(document, owner):
    reply = reply_create(annotation=highlight(document, owner), author=owner, body="Yes")

    assert list(presenters.reply_json(reply)) == list(schema.Reply().fields)
    assert list(presenters.thread_json([reply])[0]) == list(schema.ThreadedReply().fields)


def test_it_describes_the_parent_of_a_new_reply(openapi):
    operation = openapi["paths"]["/api/annotations/{id}/replies/"]["post"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = openapi["components"]["schemas"][ref.rsplit("/", 1)[1]]

    assert set(body["properties"]) == {"body", "parent"}
    assert body["properties"]["parent"]["type"] == "integer"
    assert body["properties"]["parent"]["nullable"] is True
    assert body["required"] == ["body"]


def test_the_document_schemas_match_their_presenters(document):
    paragraphs = list(Paragraph.objects.all())
    sections = list(Section.objects.all())
    data = corpus_presenters.document_detail_json(
        document,
        version=document.current_version,
        sections=sections,
        paragraphs=paragraphs,
        url="http://x/",
    )

    assert list(data) == list(schema.DocumentDetail().fields)
    assert list(data["sections"][0]) == list(schema.Section().fields)
    assert list(data["paragraphs"][0]) == list(schema.Paragraph().fields)


def test_the_circle_schemas_match_their_presenters(owner):
    circle = circle_services.circle_create(owner=owner, name="Carr")
    invite = circle_services.invite_create(circle=circle, actor=owner)
    membership = Membership.objects.select_related("user").get()

    data = presenters.circle_json(circle, role="owner", member_count=1, url="http://x/")
    assert list(data) == list(schema.Circle().fields)
    assert list(presenters.member_json(membership)) == list(schema.Member().fields)
    invite_data = presenters.invite_json(invite, url="http://x/")
    assert list(invite_data) == list(schema.Invite().fields)
    reactions = presenters.reactions_json(None, ())
    assert list(reactions) == list(schema.Reactions().fields)
    assert list(reactions["reactions"]) == list(schema.ReactionCounts().fields)


def test_it_describes_the_import_of_highlights(openapi):
    operation = openapi["paths"]["/api/imports/"]["post"]
    request = operation["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    report = operation["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    schemas = openapi["components"]["schemas"]

    assert set(schemas[request.rsplit("/", 1)[1]]["properties"]) == {"file", "format", "document"}
    assert {"created", "created_for_review", "already_imported", "not_found"} <= set(
        schemas[report.rsplit("/", 1)[1]]["properties"]
    )
    assert {"200", "201", "400", "403", "406", "411", "413", "429"} == set(operation["responses"])


def test_the_upload_schemas_match_their_presenters(owner):
    from annotations.models import IngestJob
    from annotations.uploads import libraries
    from annotations.uploads import presenters as upload_presenters
    from annotations.uploads import services as uploads
    from corpus.ingest.blocks import Block, ParsedDocument

    circle = circle_services.circle_create(owner=owner, name="Carr")
    library = libraries.library_for(actor=owner, name=f"circle:{circle.slug}")
    source = uploads.Source(data=b"# Essay\n\nWords.", filename="essay.md")
    report = uploads.upload_preview(actor=owner, source=source, library=library)
    published = uploads.store_parsed(
        actor=owner,
        parsed=ParsedDocument(blocks=[Block("body", "Words.")]),
        source=source,
        library=library,
        supersedes=None,
        title="Essay",
        author="",
        published="",
    )
    job = IngestJob.objects.create(owner=owner, document=published.document)

    assert list(report) == list(schema.UploadReport().fields)
    assert list(upload_presenters.published_json(published, url="http://x/")) == list(
        schema.PublishedDocument().fields
    )
    task = upload_presenters.job_json(job, build_url=str)
    assert list(task) == list(schema.Task().fields)
    assert list(task["document"]) == list(schema.TaskDocument().fields)


def test_it_documents_what_any_operation_may_answer(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            expected = {"400", "403", "406", "429"}
            if "requestBody" in operation:
                expected |= {"411", "413"}
            if "{" in path:
                expected.add("404")

            assert expected <= set(operation["responses"]), f"{method} {path}"


def test_it_documents_that_an_unknown_guide_scope_is_not_found(openapi):
    assert "404" in openapi["paths"]["/api/guides/"]["get"]["responses"]


def test_it_documents_an_annotation_as_json_ld(openapi):
    operation = openapi["paths"]["/api/annotations/{id}/"]["get"]
    answers = operation["responses"]["200"]["content"]
    formats = next(p for p in operation["parameters"] if p["name"] == "format")

    assert answers["application/json"]["schema"] == {"$ref": "#/components/schemas/Annotation"}
    assert answers["application/ld+json"]["schema"] == {
        "type": "object",
        "additionalProperties": {},
    }
    assert set(formats["schema"]["enum"]) >= {"json", "jsonld"}

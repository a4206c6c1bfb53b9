"""GET /api/guides/ and /api/guides/<tag>/: the shape, and 404 for a scope not readable."""

import pytest

from annotations import moderation, services
from tests.annotations.guides.helpers import shared

pytestmark = pytest.mark.django_db

SCOPE = "circle:study-group"


def test_it_lists_a_scopes_topics(document, circle, owner, member, client_as):
    shared(document, member, tags=["nep", "Tax"])
    shared(document, owner, "Private trade")
    response = client_as(owner).get("/api/guides/", {"scope": SCOPE})
    assert response.status_code == 200
    assert response.json() == {
        "scope": SCOPE,
        "results": [
            {"tag": "nep", "name": "nep", "passages": 2, "members": 2, "documents": 1},
            {"tag": "tax", "name": "Tax", "passages": 1, "members": 1, "documents": 1},
        ],
    }


def test_it_gives_a_guide(document, circle, owner, member, client_as):
    annotation = shared(document, member, comment="Key", tags=["nep", "tax"])
    shared(document, owner, "a tax in kind")
    moderation.reaction_add(annotation=annotation, user=owner, kind="agree")
    services.reply_create(annotation=annotation, author=owner, body="Yes")
    answer = client_as(owner).get("/api/guides/NEP/", {"scope": SCOPE}).json()
    assert answer["topic"] == "nep"
    assert answer["summary"] is None
    [document_answer] = answer["documents"]
    assert (document_answer["document"], document_answer["title"]) == ("nep", "The NEP")
    [section] = document_answer["sections"]
    assert (section["section"], section["title"]) == (1, "The New Economic Policy")
    [passage] = section["passages"]
    assert passage["text"] == "a tax in kind"
    assert passage["members"] == 2
    assert passage["paragraph"] == 2
    assert passage["reactions"] == {"agree": 1, "disagree": 0, "question": 0}
    assert [a["author"] for a in passage["annotations"]] == ["bob", "alice"]
    assert passage["annotations"][0]["replies"][0]["body_html"] == "<p>Yes</p>"
    assert answer["key_passages"][0]["document"] == "nep"
    assert answer["related"] == [{"tag": "tax", "passages": 1}]


def test_it_answers_404_for_a_scope_the_caller_may_not_read(
    document, circle, member, outsider, client_as, anonymous
):
    shared(document, member)
    client = client_as(outsider)
    assert client.get("/api/guides/", {"scope": SCOPE}).status_code == 404
    assert client.get("/api/guides/nep/", {"scope": SCOPE}).status_code == 404
    assert anonymous.get("/api/guides/", {"scope": "me"}).status_code == 404
    assert anonymous.get("/api/guides/", {"scope": "public"}).status_code == 200

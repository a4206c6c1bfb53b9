"""The API keeps its OpenAPI contract: schemathesis generates requests for every operation
of /api/schema/ (valid and invalid ones, a fixed seed, a bounded number per operation) and
checks each answer: no server error, a documented status code and content type, and a body
of the documented shape. Signed in by token as a reader with a document, an annotation, a
reply, a circle and an invite; path values name those about a third of the time."""

import re

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from annotations.circles.services import invite_create
from annotations.services import reply_create
from config.wsgi import application
from tests.annotations.conftest import highlight

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Enough to reach each operation's answers, short enough for `make test` on both databases.
EXAMPLES = 30


@pytest.fixture
def whole_transaction():
    """The app is called as WSGI, not through Django's test client: keep the connection
    open between requests as that client does (a closed one ends the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def scene(db, settings, owner, member, document, circle):
    # Rates high enough that the run is not throttled (429 is documented, and tested alone).
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "9999/min", "user": "9999/min", "imports": "9999/min"},
    }
    annotation = highlight(
        document, owner, comment="Worth a *look*.", visibility="circle", circle=circle.slug
    )
    reply = reply_create(author=member, annotation=annotation, body="Agreed.")
    invite = invite_create(circle=circle, actor=owner)
    token = Token.objects.create(user=owner)
    return {
        "headers": {"Authorization": f"Token {token.key}"},
        "values": {
            "id": annotation.pk,
            "slug": circle.slug,
            "username": member.username,
            "tag": "nep",
            "reply": reply.pk,
            "token": invite.token,
        },
    }


def test_it_keeps_the_contract(scene, whole_transaction):
    api = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    broken = {}
    for result in api.get_all_operations():
        operation = result.ok()
        try:
            _exercise(operation, scene)
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - reported together
            broken[f"{operation.method.upper()} {operation.path}"] = failure

    assert not broken, "\n\n".join(f"{name}:\n{failure}" for name, failure in broken.items())


def _exercise(operation, scene) -> None:
    real = {
        name: _real_value(operation.path, name, scene["values"])
        for name in re.findall(r"{(\w+)}", operation.path)
    }
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real),
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(cases)
    @hypothesis.settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        # Each failure as found: shrinking it costs minutes.
        phases=[Phase.explicit, Phase.generate],
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        case.call_and_validate(headers=scene["headers"], checks=CHECKS)

    call()


def _real_value(path: str, name: str, values: dict):
    if name == "id" and path.startswith("/api/replies/"):
        return values["reply"]
    if name == "slug" and path.startswith("/api/documents/"):
        return "nep"
    return values[name]

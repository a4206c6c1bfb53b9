"""A small document to annotate, API clients for each role, payload builders, a circle."""

import pytest

from annotations import services
from annotations.circles.services import circle_create
from annotations.models import Membership, Role
from corpus.ingest.blocks import Block, ParsedDocument
from corpus.services import document_ingest

BLOCKS = [
    Block("heading", "The New Economic Policy", level=1),
    Block(
        "body",
        "In 1921 the party replaced requisitioning with a tax in kind, and let peasants "
        "sell what was left on the market.",
    ),
    Block(
        "quote",
        "We are retreating, going back, as it were; but we are doing this so as, after "
        "first retreating, to take a run and make a bigger leap forward.",
    ),
    Block("body", "Private trade returned to the towns within a year."),
]


def ingest_document(slug: str = "nep", title: str = "The NEP", blocks=BLOCKS):
    return document_ingest(
        parsed=ParsedDocument(blocks=list(blocks)), slug=slug, title=title, author="E. H. Carr"
    ).document


def text_of(document) -> str:
    return document.current_version.text


def span(document, exact: str, occurrence: int = 0) -> tuple[int, int]:
    """Where ``exact`` is in the document's text (its ``occurrence``-th appearance)."""
    text = text_of(document)
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(exact, start + 1)
    return start, start + len(exact)


def payload(document, quote: str = "tax in kind", /, **overrides) -> dict:
    """A valid API body for highlighting ``quote``, with any field overridden."""
    start, end = span(document, quote)
    body = {
        "document": document.slug,
        "start": start,
        "end": end,
        "exact": quote,
        "color": "green",
        "comment": "The *heart* of it.",
        "tags": ["nep", "Agriculture"],
        "visibility": "private",
    }
    body.update(overrides)
    return body


def highlight(document, author, quote: str = "tax in kind", /, **overrides):
    """An annotation of ``quote`` made through the service, as the API would make it."""
    start, end = span(document, quote)
    fields = {"start": start, "end": end, "exact": quote}
    fields.update(overrides)
    return services.annotation_create(author=author, document=document, **fields)


@pytest.fixture
def document(db):
    return ingest_document()


@pytest.fixture
def text(document) -> str:
    return text_of(document)


# Circles: the owner's circle, with a moderator and a plain member (tests of circles).


@pytest.fixture
def moderator(django_user_model):
    """A reader who moderates the owner's circle."""
    return django_user_model.objects.create_user("dave", "dave@example.org", "x" * 20)


@pytest.fixture
def circle(owner, moderator, member):
    """ "Study group", owned by ``owner``, with ``moderator`` and ``member`` in it."""
    made = circle_create(owner=owner, name="Study group", description="We read Carr.")
    Membership.objects.create(circle=made, user=moderator, role=Role.MODERATOR)
    Membership.objects.create(circle=made, user=member, role=Role.MEMBER)
    return made

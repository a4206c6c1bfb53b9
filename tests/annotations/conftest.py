"""A small document to annotate, API clients for each role, payload builders, a circle;
for adding texts, staff, the sample texts and a local web server."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from annotations import services
from annotations.circles.services import circle_create
from annotations.models import Membership, Role
from corpus.ingest.blocks import Block, ParsedDocument
from corpus.services import document_ingest
from tests.conftest import REPO

TEXTS = REPO / "tests" / "texts"

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


# Adding texts: staff, real sample files, a web server on this machine, what is stored.


@pytest.fixture
def staff(django_user_model):
    """Keeps the public library."""
    return django_user_model.objects.create_user(
        "erin", "erin@example.org", "x" * 20, is_staff=True
    )


def sample(relative: str) -> bytes:
    """A real text of tests/texts/ (each with its source and licence there)."""
    return (TEXTS / relative).read_bytes()


def stored() -> tuple[int, int, int]:
    """How many documents, versions and library entries there are."""
    from annotations.models import LibraryText
    from corpus.models import Document, DocumentVersion

    return Document.objects.count(), DocumentVersion.objects.count(), LibraryText.objects.count()


@dataclass
class Served:
    body: bytes = b""
    content_type: str = "text/plain"
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0  # seconds before answering
    length: int | None = None  # a Content-Length to declare, if not the body's; -1: none


@pytest.fixture
def web(settings):
    """A web server on 127.0.0.1 (fetching from this machine allowed for the test):
    ``web.routes["/path"] = Served(...)``, ``web.url("/path")``."""
    settings.MARGINALIA_FETCH_ALLOW_LOOPBACK = True
    routes: dict[str, Served] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            served = routes.get(self.path)
            if served is None:
                self.send_error(404)
                return
            time.sleep(served.delay)
            self.send_response(served.status)
            self.send_header("Content-Type", served.content_type)
            length = served.length if served.length is not None else len(served.body)
            if length >= 0:
                self.send_header("Content-Length", str(length))
            for name, value in served.headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(served.body)
            except OSError:
                pass  # the client gave up, as it should

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]

    class Web:
        def __init__(self):
            self.routes = routes

        def url(self, path: str) -> str:
            return f"http://127.0.0.1:{port}{path}"

    yield Web()
    server.shutdown()
    server.server_close()

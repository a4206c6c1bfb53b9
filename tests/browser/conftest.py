"""Playwright fixtures: one Chromium for the package, a fresh context and page per test.

Debian's /usr/bin/chromium is driven directly; `playwright install` is never run.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from annotations.circles import services as circle_services
from annotations.models import Circle
from bench.live import CHROMIUM, CHROMIUM_ARGS  # one set of flags: see bench/live.py
from corpus.seeds import seed_ingest

BROWSER_DIR = Path(__file__).resolve().parent
SCREENSHOTS = BROWSER_DIR.parents[1] / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test in this package is a browser test, so `-m "not browser"` leaves them all out.
    for item in items:
        if BROWSER_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    # Package scope, not session: Playwright's sync API keeps an event loop running
    # while it is open, which would disturb the async checks of tests collected later.
    with pytest.MonkeyPatch.context() as patch:
        # That running loop makes Django refuse ORM calls from the test thread otherwise.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def context(browser: Browser, live_server) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    # Fail fast: every page here is served locally from a small database.
    context.set_default_timeout(5_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"uncaught JavaScript errors: {errors}"


@pytest.fixture
def seeded_live_server(live_server, seed_texts):
    """The live server with the seed corpus stored (the five texts in corpus/seeds/,
    parsed once for the session)."""
    for entry, parsed in seed_texts:
        seed_ingest(entry, parsed)
    return live_server


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where screenshots for review go: <repo>/screenshots/, which git ignores."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def sign_in(context: BrowserContext, live_server):
    """Sign a user in on the browser's context: a session made by the test client, as a cookie."""

    def sign_in(user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return sign_in


BOOK = "soviet-socialism-a-history"

# position.js reports the reading position as a page goes away: for the test's last page,
# while the live server's database is being flushed ("database table is locked"), and
# Playwright cannot route a request sent as its page unloads. It is not under test here.
NO_POSITION_REPORTS = """(() => {
    const fetch = window.fetch.bind(window);
    window.fetch = (url, options) => String(url).endsWith("/position/")
        ? Promise.resolve(new Response(null, {status: 204}))
        : fetch(url, options);
})();"""


@pytest.fixture
def no_position_reports(context):
    """Keep position.js from reporting while a test's last page unloads (see above)."""
    context.add_init_script(script=NO_POSITION_REPORTS)


@pytest.fixture
def chapter(live_server, seed_texts):
    """The book's Chapter Four, stored alone as the book: where the book as a whole is not
    the point, a test reads and annotates this one chapter (about 40 paragraphs, not 1,500)."""
    from corpus.ingest import ParsedDocument
    from corpus.models import Document, Section
    from corpus.services import document_ingest

    if Document.objects.filter(slug=BOOK).exists():  # the whole corpus is there already
        return Section.objects.get(version__document__slug=BOOK, title__startswith="Chapter Four")
    entry, parsed = next((e, p) for e, p in seed_texts if e.metadata.get("slug") == BOOK)
    start = next(
        i
        for i, block in enumerate(parsed.blocks)
        if block.kind == "heading" and block.text.startswith("Chapter Four")
    )
    level = parsed.blocks[start].level
    end = next(
        (
            i
            for i in range(start + 1, len(parsed.blocks))
            if parsed.blocks[i].kind == "heading" and parsed.blocks[i].level <= level
        ),
        len(parsed.blocks),
    )
    document_ingest(
        parsed=ParsedDocument(blocks=parsed.blocks[start:end]),
        slug=BOOK,
        title=entry.metadata["title"],
    )
    return Section.objects.get(version__document__slug=BOOK, title__startswith="Chapter Four")


@pytest.fixture
def document(chapter):
    return chapter.version.document


@pytest.fixture
def body(chapter):
    """The chapter's first two body paragraphs (the first ends a sentence with a footnote)."""
    from corpus.models import Paragraph

    return list(
        chapter.version.paragraphs.filter(
            kind=Paragraph.Kind.BODY, ordinal__gt=chapter.first_ordinal
        ).order_by("ordinal")[:2]
    )


@pytest.fixture
def chapter_url(chapter) -> str:
    return f"/read/{BOOK}/s/{chapter.order}/"


@pytest.fixture
def circle(live_server, owner, member) -> Circle:
    """alice's "Book club", which bob has joined by an invite."""
    circle = circle_services.circle_create(owner=owner, name="Book club")
    invite = circle_services.invite_create(circle=circle, actor=owner)
    circle_services.invite_accept(token=invite.token, user=member)
    return circle

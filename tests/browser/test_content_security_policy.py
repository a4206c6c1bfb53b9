"""Every kind of page works under the Content-Security-Policy: the browser reports no
violation (no inline script or style, nothing from elsewhere), signed in and out."""

import pytest
from playwright.sync_api import Page

from annotations.circles.services import circle_create
from annotations.models import Visibility
from annotations.services import annotation_create
from corpus.models import Document
from tests.browser.conftest import BOOK

# The violations the page reports, from its very first script on.
WATCH = """window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});"""

ARTICLE = "socialism-and-the-soviet-union"
PUBLIC_PAGES = [
    "/",
    f"/read/{BOOK}/",
    f"/read/{BOOK}/s/58/",
    f"/read/{BOOK}/p/520/",
    f"/read/{ARTICLE}/v/1/",
    f"/read/{ARTICLE}/compare/1/2/",
    "/search/?q=socialism",
    "/guides/public/",
    "/accounts/login/",
    "/accounts/signup/",
]
READER_PAGES = [
    "/notebook/",
    "/circles/",
    "/circles/planning/",
    "/guides/circle:planning/",
    "/guides/circle:planning/nep/",
    "/accounts/profile/",
    "/accounts/import/",
    "/library/add/",
    "/export/?scope=me&format=print",
]


@pytest.fixture
def reader(seeded_live_server, owner, sign_in, context):
    circle = circle_create(owner=owner, name="Planning")
    document = Document.objects.get(slug=BOOK)
    paragraph = document.current_version.paragraphs.filter(ordinal__gte=520, kind="body")[0]
    words = paragraph.text[:20]
    annotation_create(
        author=owner,
        document=document,
        start=paragraph.start,
        end=paragraph.start + len(words),
        exact=words,
        comment="A **comment**.",
        tags=["nep"],
        visibility=Visibility.CIRCLE,
        circle=circle.slug,
    )
    sign_in(owner)
    return owner


def violations(page: Page, path: str) -> list[str]:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations")


def test_public_pages_break_no_rule_of_the_policy(page: Page, seeded_live_server):
    page.add_init_script(WATCH)

    found = {path: violations(page, path) for path in PUBLIC_PAGES}

    assert found == {path: [] for path in PUBLIC_PAGES}


def test_a_readers_pages_break_no_rule_of_the_policy(page: Page, reader):
    page.add_init_script(WATCH)

    found = {path: violations(page, path) for path in PUBLIC_PAGES + READER_PAGES}

    assert found == {path: [] for path in PUBLIC_PAGES + READER_PAGES}

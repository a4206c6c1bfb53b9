"""axe-core's audit of every page type (tests/browser/pages.py), at a laptop's width and a
phone's: no serious or critical violation. Screenshots of each go to screenshots/axe/.

One test a width, not one a page: the seed corpus and the circle are stored once for all
of them."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import RequestFactory
from playwright.sync_api import Page

from config import errors
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import PAGES, build_world

pytestmark = pytest.mark.usefixtures("no_position_reports")

BLOCKING = {"serious", "critical"}

# Pages a browser cannot be sent to on demand, rendered by their handlers and shown at the
# site's address (so their stylesheet loads as it would).
ERROR_PAGES = {
    "forbidden": lambda: errors.permission_denied(RequestFactory().get("/circles/x/edit/")),
    "server error": lambda: errors.server_error(RequestFactory().get("/notebook/")),
    "form refused": lambda: errors.csrf_failure(RequestFactory().post("/circles/")),
}


def blocking_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])
def test_no_page_has_a_serious_or_critical_violation(
    page: Page, seeded_live_server, owner, member, sign_in, context, screenshots, viewport
):
    context.set_default_timeout(30_000)
    build_world(owner, member)
    page.set_viewport_size(viewport)
    folder = screenshots / "axe"
    folder.mkdir(exist_ok=True)
    width = "phone" if viewport == PHONE else "laptop"
    found: dict[str, list[str]] = {}

    for kind in PAGES:
        context.clear_cookies()
        if kind.signed_in:
            sign_in(owner)
        page.goto(kind.path)
        page.screenshot(path=folder / f"{kind.name}-{width}.png", full_page=True)
        found[kind.name] = blocking_violations(page)
    for name, render in ERROR_PAGES.items():
        page.goto("/")
        page.set_content(render().content.decode())
        page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
        found[name] = blocking_violations(page)

    failing = {name: problems for name, problems in found.items() if problems}
    assert not failing, "\n".join(f"{name}: {problems}" for name, problems in failing.items())

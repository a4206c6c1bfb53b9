"""What the browser benchmarks share: a real server over the bench database, and
Debian's Chromium as the test suite launches it (tests/browser/conftest.py)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium, driven as it is here (root, no network): the benchmarks' and the
# browser tests' (tests/browser/conftest.py) flags.
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
WORKERS = 2  # of the machine's two cores


def chromium_missing() -> str:
    """Why the browser cannot be measured here, or "" when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (make browser-deps installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return ""


@contextlib.contextmanager
def server() -> Iterator[tuple[str, str]]:
    """gunicorn (the repository's gunicorn.conf.py) serving this database on a free
    loopback port over plain HTTP: its base URL and a word on how it serves static files.
    Stopped on the way out, whatever happens."""
    port = free_port()
    env = dict(os.environ)
    database = settings.DATABASES["default"]
    if "DATABASE_URL" not in env and database["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{database['NAME']}"
    env["SECRET_KEY"] = settings.SECRET_KEY  # sessions are signed with it
    env["HTTPS_ONLY"] = "0"
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    env["GUNICORN_WORKERS"] = str(WORKERS)
    # Production settings serve the collected, hashed static files when they are up to
    # date (make bench collects them); otherwise DEBUG serves the source files.
    production = collected_static_is_current()
    env["DEBUG"] = "0" if production else "1"
    mode = "gunicorn, DEBUG off" if production else "gunicorn, DEBUG on (static not collected)"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--log-level", "warning"],
        cwd=settings.BASE_DIR,  # where gunicorn finds gunicorn.conf.py
        env=env,
        stdout=subprocess.DEVNULL,  # the access log
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, process)
        yield base_url, mode
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def collected_static_is_current() -> bool:
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = set(json.loads(manifest.read_text()).get("paths", {}))
    sources = {
        path.relative_to(directory).as_posix(): path.stat().st_mtime
        for directory in map(Path, settings.STATICFILES_DIRS)
        for path in directory.rglob("*")
        # collectstatic leaves out dot files.
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
    }
    return set(sources) <= collected and manifest.stat().st_mtime >= max(sources.values())


def wait_until_up(base_url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    # Generous: on a machine shared with other work, starting up can take a while.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"the server at {base_url} did not answer within {timeout} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def env(name: str, value: str) -> Iterator[None]:
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A Chromium browser driven by Playwright's sync API (no ORM calls inside: its
    event loop runs in this thread)."""
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        stack.enter_context(env("DJANGO_ALLOW_ASYNC_UNSAFE", "true"))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        yield browser


def signed_in_context(browser, base_url: str, session: str, viewport: dict | None = None):
    """A browser context holding ``session`` (a session cookie's value, taken from a
    signed-in test client) for ``base_url``."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    return context


# What a navigation took, from the page's own performance entries (milliseconds from its
# start), and what it shows: its <mark> elements, highlights, and who is signed in.
_TIMINGS = """async () => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const lcp = await new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const entries = list.getEntries();
      resolve(entries[entries.length - 1].startTime);
    }).observe({type: 'largest-contentful-paint', buffered: true});
    setTimeout(() => resolve(null), 1000);
  });
  return {
    first_byte: nav.responseStart,
    fcp: fcp.startTime,
    lcp: lcp,
    dom_interactive: nav.domInteractive,
    load: nav.loadEventEnd,
    marks: document.querySelectorAll('mark').length,
    highlights: document.querySelectorAll('mark.hl').length,
    reader: (document.querySelector('.account-nav a[href$="/profile/"]') || {}).textContent,
  };
}"""


_PAINTED_AND_LOADED = """() =>
  performance.getEntriesByName('first-contentful-paint').length > 0
  && performance.getEntriesByType('navigation')[0].loadEventEnd > 0"""


def _wait_until(page, predicate: str, *, seconds: float) -> None:
    """Poll ``predicate`` (a function) with ``page.evaluate``: Playwright's own
    ``wait_for_function`` compiles it inside the page, which the site's Content Security
    Policy forbids (no 'unsafe-eval') once it has to poll more than once."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{predicate} still false after {seconds} s")
        page.wait_for_timeout(20)


def navigation_timings(context, url: str, reader: str) -> dict:
    """Open ``url`` in a new page of ``context``, signed in as ``reader``, and return its
    timings (see _TIMINGS); "lcp" is None when Chromium reported none within a second."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        _wait_until(page, _PAINTED_AND_LOADED, seconds=30)
        timings = page.evaluate(_TIMINGS)
    finally:
        page.close()
    assert timings.pop("reader") == reader, "the session cookie was not accepted"
    return timings

"""The quiz in a real browser: Playwright (from PyPI) driving Debian's chromium.

Playwright's own browser download cannot work here, so the tests launch the
system chromium by path. It is never skipped: without chromium these tests fail,
saying what to install (``./run test`` installs it itself when it runs as root).

The course site is built once per session (``course_site``, tests/conftest.py), the
fixture site once per module, and each is served from a
static server on a free loopback port, stopped at the end.
"""

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.support.site import ROOT, build_site

FIXTURE = Path(__file__).resolve().parent / "fixture"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags chromium calls Google hosts on its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The course site (built once per session, strictly), served on a free loopback port.

    ``COURSE_BUILDER=zensical`` serves Zensical's build of it instead (CONTRIBUTING.md, "Two builds").
    """
    builder = os.environ.get("COURSE_BUILDER", "mkdocs")
    if builder not in ("mkdocs", "zensical"):
        pytest.fail(f"COURSE_BUILDER={builder!r}: set it to mkdocs (the default) or zensical", pytrace=False)
    yield from serve(request.getfixturevalue("zensical_site" if builder == "zensical" else "course_site"))


@pytest.fixture(scope="module")
def fixture_url(tmp_path_factory) -> Iterator[str]:
    """A small site with a multiple-choice question and instant navigation, using the real quiz assets."""
    src = tmp_path_factory.mktemp("fixture-src")
    shutil.copytree(FIXTURE, src, dirs_exist_ok=True)
    for assets in ("javascripts", "stylesheets"):
        shutil.copytree(ROOT / "docs" / assets, src / "docs" / assets)
    out = tmp_path_factory.mktemp("fixture-site")
    server = serve(out)
    url = next(server)
    # Instant navigation only takes over links to the URLs of the sitemap: build for this port.
    build_site(src / "mkdocs.yml", out, FIXTURE_SITE_URL=url)
    yield url
    server.close()


# Per module, not per session: sync Playwright runs its own event loop in this thread
# while a browser lives, and the session's asyncio tests cannot run beside it.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser tests need Debian's chromium at {CHROMIUM}: run 'apt-get install chromium' "
            "as root ('./run test' does it when it can), or set CHROMIUM to a chromium binary.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


DEFAULT_VIEWPORT = {"width": 1280, "height": 720}  # Playwright's, for a context made without one


class ReusedPage:
    """One tab for a module's tests, handed to each as a new one: a new context and tab cost
    chromium about 0.3 s of CPU and 0.6 s of waiting, a navigation in a tab it has 0.2 s.

    After each test the tab leaves for ``about:blank`` with its profile emptied (localStorage,
    sessionStorage, cookies), its viewport and media back to the defaults; if anything is
    left, or the tab is gone, the next test gets a new context and tab instead. A test that
    listens to the page's events or needs a context option (JavaScript off, a phone) makes
    its own context.
    """

    def __init__(self, browser: Browser) -> None:
        self._browser = browser
        self._context: BrowserContext | None = None
        self._page: Page | None = None

    def take(self) -> Page:
        if self._page is None or self._page.is_closed():
            self._context = self._browser.new_context(viewport=DEFAULT_VIEWPORT)
            self._page = self._context.new_page()
            self._page.set_default_timeout(15_000)
        return self._page

    def give_back(self) -> None:
        page, context = self._page, self._context
        if page is None or context is None:
            return
        try:
            page.set_default_timeout(15_000)
            if page.url.startswith("http"):
                page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            page.goto("about:blank")
            context.clear_cookies()
            page.set_viewport_size(DEFAULT_VIEWPORT)
            page.emulate_media(media="null", color_scheme="null")
            state = context.storage_state()
            clean = not state["origins"] and not state["cookies"]
        except PlaywrightError:
            clean = False
        if not clean:
            self.close()

    def close(self) -> None:
        if self._context is not None:
            self._context.close()
        self._context = self._page = None


@pytest.fixture(scope="module")
def reused_page(browser: Browser) -> Iterator[ReusedPage]:
    reused = ReusedPage(browser)
    try:
        yield reused
    finally:
        reused.close()


@pytest.fixture
def page(reused_page: ReusedPage) -> Iterator[Page]:
    """A tab on an empty profile (see ReusedPage): empty localStorage, the default viewport."""
    try:
        yield reused_page.take()
    finally:
        reused_page.give_back()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile of its own, for a test that listens to the page's events."""
    context = browser.new_context()
    try:
        yield context
    finally:
        context.close()

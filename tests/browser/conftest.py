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


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile: empty localStorage."""
    context = browser.new_context()
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page

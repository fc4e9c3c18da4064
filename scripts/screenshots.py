"""Screenshots of built pages as a learner sees them: phone and desktop, light and dark.

    .venv/bin/python scripts/screenshots.py                    # the course home and Lesson 7
    .venv/bin/python scripts/screenshots.py quiz_part3 lesson_8#saga-pattern --full-page
    .venv/bin/python scripts/screenshots.py lesson_7 --mark-done   # with Lesson 7 marked done first
    .venv/bin/python scripts/screenshots.py lesson_7 --element .lesson-progress  # one element only

Builds the site strictly into a temporary folder, serves it on a free loopback
port and drives Debian's chromium (CHROMIUM, default /usr/bin/chromium) with
Playwright. Writes .cache/screenshots/<page>-<phone|desktop>-<light|dark>.png
and prints their paths: open them and look before calling a page done.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.site import build_site  # noqa: E402  (the repository root first)

OUT = ROOT / ".cache" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument(
        "pages", nargs="*", default=["course", "lesson_7"], help="page[#anchor], e.g. lesson_7#saga-pattern"
    )
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the first screen")
    parser.add_argument("--mark-done", action="store_true", help="mark Lesson 7 done first (progress marks)")
    parser.add_argument("--element", metavar="CSS", help="only the first element matching this selector")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(ROOT / "mkdocs.yml", Path(tmp) / "site")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for device, viewport in VIEWPORTS.items():
                    for scheme in SCHEMES:
                        context = browser.new_context(
                            viewport=viewport,  # type: ignore[arg-type]
                            color_scheme=scheme,  # type: ignore[arg-type]
                            is_mobile=device == "phone",
                            device_scale_factor=2 if device == "phone" else 1,
                        )
                        page = context.new_page()
                        if args.mark_done:
                            page.goto(url + "lesson_7/")
                            page.evaluate("() => localStorage.setItem('tfc-lesson:v1:/lesson_7/', '{\"done\": true}')")
                        for target in args.pages:
                            name, _, anchor = target.partition("#")
                            page.goto(f"{url}{name}/" + (f"#{anchor}" if anchor else ""))
                            page.wait_for_load_state("networkidle")
                            path = OUT / f"{name}{'-' + anchor if anchor else ''}-{device}-{scheme}.png"
                            if args.element:  # it may sit in a collapsed answer: open them all
                                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                                page.locator(args.element).first.screenshot(path=str(path))
                            else:
                                page.screenshot(path=str(path), full_page=args.full_page)
                            print(path.relative_to(ROOT))
                        context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

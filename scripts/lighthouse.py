"""Lighthouse scores of the built site: the quiz and a lesson page, desktop and mobile.

    .venv/bin/python scripts/lighthouse.py                 # quiz_part3/ and lesson_7/
    .venv/bin/python scripts/lighthouse.py lesson_8 lesson_9 quiz_part3
    .venv/bin/python scripts/lighthouse.py --runs 3        # the median run of 3 (a busy machine is noisy)
    .venv/bin/python scripts/lighthouse.py --preset mobile lesson_2   # one preset only

Builds the site strictly into a temporary folder, serves it gzip-compressed (as
GitHub Pages does) on a free loopback port, and runs Lighthouse from the npm
registry (pinned below, installed once into .cache/lighthouse) with Debian's
chromium (CHROME_PATH, default /usr/bin/chromium). Prints one line per page and
preset; the JSON reports stay in .cache/lighthouse/reports/.
"""

import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.site import build_site  # noqa: E402  (the repository root first)

CACHE = ROOT / ".cache" / "lighthouse"
LIGHTHOUSE = "lighthouse@12.2.3"  # 13 wants Node 22
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            path.suffix not in COMPRESSIBLE
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            or not self.path.split("?")[0].endswith(("/", path.suffix))
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        import io

        return io.BytesIO(body)


def observed_first_paint(report: dict) -> float:
    """When chromium first painted the page, unthrottled (ms): the "paint s" column.

    The simulated (Lantern) metrics start from the unthrottled load observed here. On this
    2-core VM chromium sometimes paints its first frame about a second late while the page's
    main thread is idle (the renderer's compositor draws nothing until about 1.2 s, as the
    trace of such a run shows); Lantern then counts everything before that late paint into
    FCP and LCP, and the score drops by 5-10 points. About 0.2 s in a normal run.
    """
    return report["audits"]["metrics"]["details"]["items"][0]["observedFirstPaint"]


def ensure_lighthouse() -> Path:
    cli = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", "-E", LIGHTHOUSE], check=True
        )
    return cli


def audit(cli: Path, url: str, preset: str, out: Path) -> dict:
    cmd = [
        str(cli),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROME})
    return json.loads(out.read_text())


def main(pages: list[str], runs: int, presets: tuple[str, ...] = ("desktop", "mobile")) -> int:
    if not os.access(CHROME, os.X_OK):
        sys.exit(f"Lighthouse needs Debian's chromium at {CHROME}: apt-get install chromium (or set CHROME_PATH)")
    cli = ensure_lighthouse()
    reports = CACHE / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        build_site(ROOT / "mkdocs.yml", Path(tmp))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=tmp))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        print(
            f"{'page':<14}{'preset':<9}"
            + "".join(f"{c:>16}" for c in CATEGORIES)
            + f"{'TBT ms':>9}{'LCP s':>7}{'CLS':>7}{'paint s':>9}"
        )
        try:
            for name in pages:
                for preset in presets:
                    results = [
                        audit(cli, base + name.strip("/") + "/", preset, reports / f"{name}-{preset}-{run}.json")
                        for run in range(runs)
                    ]
                    # The median run by performance score.
                    results.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
                    report = results[len(results) // 2]
                    scores = [round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES]
                    audits = report["audits"]
                    print(
                        f"{name:<14}{preset:<9}"
                        + "".join(f"{s:>16}" for s in scores)
                        + f"{audits['total-blocking-time']['numericValue']:>9.0f}"
                        + f"{audits['largest-contentful-paint']['numericValue'] / 1000:>7.1f}"
                        + f"{audits['cumulative-layout-shift']['numericValue']:>7.3f}"
                        + f"{observed_first_paint(report) / 1000:>9.2f}",
                        flush=True,
                    )
                    failing = [
                        a["id"]
                        for c in CATEGORIES[1:]
                        for ref in report["categories"][c]["auditRefs"]
                        if ref["weight"] and (a := audits[ref["id"]])["score"] is not None and a["score"] < 1
                    ]
                    if failing:
                        print(f"{'':<23}failing: {', '.join(failing)}", flush=True)
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    runs = 1
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i : i + 2]
    presets: tuple[str, ...] = ("desktop", "mobile")
    if "--preset" in args:  # one of them only
        i = args.index("--preset")
        presets = (args[i + 1],)
        del args[i : i + 2]
        if presets[0] not in ("desktop", "mobile"):
            sys.exit(f"--preset is desktop or mobile, not {presets[0]!r}")
    sys.exit(main(args or ["quiz_part3", "lesson_7"], runs, presets))

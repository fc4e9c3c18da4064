"""What a drawing of a recorded run (``show: timeline``) costs the build.

Not a test (timings depend on the machine); run it by hand, see CONTRIBUTING.md:

    .venv/bin/python benchmarks/timeline_cost.py              # every recording, then 20-page sites
    .venv/bin/python benchmarks/timeline_cost.py --pages 50 --repeat 5

Two figures:

1. Per recording, in the build process: reading and checking the history, and
   drawing its figure (SVG, caption, collapsed table), the median of many runs;
   with the figure's size in bytes and in HTML elements (what a phone lays out).
2. Per drawing, in a real build: two sites of the same pages that differ only in
   the drawings (each page of the second one also shows every recorded run),
   built in turn by ``mkdocs build`` in fresh processes. The benchmark refuses to
   report if the pages differ outside the drawings. The cost per drawing is the
   difference of the median CPU times over the number of drawings added.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(ROOT / "plugins"))
from tested_examples.core.paths import ExamplesRoot  # noqa: E402  (the plugin from this checkout)
from tested_examples.core.timeline import load_runs, render_timeline  # noqa: E402

SUFFIX = ".history.json"
FIGURE = re.compile(r'<figure class="tested-timeline".*?</figure>', re.DOTALL)
CONFIG = """\
site_name: Timeline benchmark
theme:
  name: material
  font: false
plugins:
  - search
  - tested-examples:
      examples_dir: {examples}
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.tabbed:
      alternate_style: true
"""


def recordings() -> list[tuple[str, str]]:
    """Every recorded run under examples/, as (example .py relative to examples/, run name)."""
    found = []
    for path in sorted(EXAMPLES.rglob(f"*{SUFFIX}")):
        relative = path.relative_to(EXAMPLES).as_posix()
        stem, run = relative.removesuffix(SUFFIX).rsplit(".", 1)
        found.append((f"{stem}.py", run))
    return found


def draw(example: str, run: str) -> str:
    return render_timeline(load_runs(ExamplesRoot(EXAMPLES), example, [run]), ident=f"tl-{run}")


def per_recording(repeat: int) -> None:
    print(f"{'recording':58} {'ms/drawing':>10} {'bytes':>7} {'elements':>8}")
    for example, run in recordings():
        figure = draw(example, run)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            draw(example, run)
            times.append(time.perf_counter() - start)
        elements = len(re.findall(r"<[a-zA-Z]", figure))
        name = f"{example} ({run})"
        print(f"{name:58} {statistics.median(times) * 1000:10.2f} {len(figure.encode()):7d} {elements:8d}")


def page(number: int, drawings: bool) -> str:
    lines = [f"# Page {number}", "", "Some text before the drawings.", ""]
    if drawings:
        for example, run in recordings():
            lines += ["```example", f"path: {example}", "show: timeline", f"run: {run}", "```", ""]
    lines += ["Some text after them.", ""]
    return "\n".join(lines)


def make_site(folder: Path, pages: int, drawings: bool) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(CONFIG.format(examples=EXAMPLES), encoding="utf-8")
    for number in range(pages):
        (folder / "docs" / f"page_{number}.md").write_text(page(number, drawings), encoding="utf-8")
    return folder


def build(site: Path) -> float:
    """CPU seconds (user + system) of one ``mkdocs build`` in a fresh process."""
    out = site / "site"
    shutil.rmtree(out, ignore_errors=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(site / "mkdocs.yml"), "-d", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"mkdocs build of {site} failed:\n{process.stderr.read().decode() if process.stderr else ''}")
    return usage.ru_utime + usage.ru_stime


def pages_without_drawings(site: Path) -> dict[str, str]:
    pages = {}
    for html in sorted((site / "site").glob("page_*/index.html")):
        text = FIGURE.sub("", html.read_text(encoding="utf-8"))
        pages[html.parent.name] = re.sub(r"\s+", " ", text)  # and the blank lines the blocks stood in
    return pages


def per_build(pages: int, repeat: int) -> None:
    drawings = len(recordings())
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        plain = make_site(Path(tmp) / "plain", pages, drawings=False)
        drawn = make_site(Path(tmp) / "drawn", pages, drawings=True)
        cpu: dict[str, list[float]] = {"plain": [], "drawn": []}
        for _ in range(repeat):
            cpu["plain"].append(build(plain))
            cpu["drawn"].append(build(drawn))
        if pages_without_drawings(plain) != pages_without_drawings(drawn):
            raise SystemExit("the two sites differ outside the drawings: not a fair comparison, no figure")
        figures = sum(
            len(FIGURE.findall(p.read_text(encoding="utf-8"))) for p in (drawn / "site").glob("page_*/index.html")
        )
        if figures != pages * drawings:
            raise SystemExit(f"expected {pages * drawings} drawings in the built pages, found {figures}")
    plain_cpu, drawn_cpu = statistics.median(cpu["plain"]), statistics.median(cpu["drawn"])
    print(
        f"\n{pages} pages, median CPU of {repeat} builds each: without drawings {plain_cpu:.2f} s, "
        f"with {figures} drawings {drawn_cpu:.2f} s"
    )
    print(f"cost per drawing in a build: {(drawn_cpu - plain_cpu) / figures * 1000:.1f} ms CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20, help="pages per site (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="builds per site (default 3)")
    parser.add_argument("--draw-repeat", type=int, default=50, help="drawings per recording, in process (default 50)")
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    per_recording(args.draw_repeat)
    per_build(args.pages, args.repeat)


if __name__ == "__main__":
    main()

"""How fast pages with code build: inline code, pymdownx.snippets, our tested-examples plugin.

Not a test (timings depend on the machine); run it by hand, see CONTRIBUTING.md:

    .venv/bin/python benchmarks/build_speed.py                 # 10, 100 and 1000 pages (minutes)
    .venv/bin/python benchmarks/build_speed.py --sizes 10 100  # quicker
    .venv/bin/python benchmarks/build_speed.py --serve         # example edit -> reloaded page, under mkdocs serve

It generates, in a temporary folder, three sites per size with the same pages
(about 10 code blocks each) and the same code (a Python module per page-worth of
snippets, each with regions), which differ only in how the code reaches the page:

- inline:   typed into the Markdown fences;
- snippets: pulled by pymdownx.snippets (``--8<-- "file.py:section"``);
- plugin:   pulled by tested-examples (```example blocks with path + region).

Each site is built with ``mkdocs build`` (Material theme) in a fresh process;
the table gives the median wall time of --repeat builds and the ratios to inline.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

SNIPPETS_PER_PAGE = 10
REGIONS_PER_FILE = 10
VARIANTS = ("inline", "snippets", "plugin")

BASE_YML = """\
site_name: Benchmark
repo_url: https://github.com/example/benchmark
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - pymdownx.superfences
  - pymdownx.highlight
{extra}
"""


def region_code(file_index: int, region: int) -> list[str]:
    """Ten lines of plausible Python: an async function with a docstring, a loop and a call."""
    name = f"step_{file_index}_{region}"
    return [
        f"async def {name}(order: dict[str, int], retries: int = 3) -> int:",
        f'    """Step {region} of workflow {file_index}: a few lines to highlight."""',
        "    total = 0",
        "    for item, quantity in sorted(order.items()):",
        "        if quantity <= 0:",
        '            raise ValueError(f"bad quantity for {item}: {quantity}")',
        f"        total += quantity * {region + 1}",
        "    await asyncio.sleep(0)",
        f"    return total + retries  # step {region}",
    ]


def write_site(root: Path, variant: str, pages: int) -> Path:
    """A site of ``pages`` pages in ``root``; returns its mkdocs.yml."""
    files = max(1, pages)  # one example module per page; each page draws from ten modules
    examples = root / "examples"
    examples.mkdir(parents=True)
    for f in range(files):
        lines = ['"""Generated example module."""', "import asyncio", ""]
        for r in range(REGIONS_PER_FILE):
            body = region_code(f, r)
            if variant == "snippets":
                lines += [f"# --8<-- [start:r{r}]", *body, f"# --8<-- [end:r{r}]", ""]
            else:
                lines += [f"# region: r{r}", *body, f"# endregion: r{r}", ""]
        (examples / f"mod_{f}.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = root / "docs"
    docs.mkdir()
    nav = []
    for p in range(pages):
        out = [f"# Page {p}", "", "Some prose before the code, as a lesson would have.", ""]
        for s in range(SNIPPETS_PER_PAGE):
            f = (p * SNIPPETS_PER_PAGE + s) % files
            r = s % REGIONS_PER_FILE
            out += [f"## Step {s}", "", f"Explaining step {s}: what the code below does and why.", ""]
            title = f"examples/mod_{f}.py"
            if variant == "inline":
                out += [f'```python title="{title}"', *region_code(f, r), "```"]
            elif variant == "snippets":
                out += [f'```python title="{title}"', f'--8<-- "examples/mod_{f}.py:r{r}"', "```"]
            else:
                out += ["```example", f"path: mod_{f}.py", f"region: r{r}", "```"]
            out.append("")
        name = f"page_{p}.md"
        (docs / name).write_text("\n".join(out), encoding="utf-8")
        nav.append(name)
    (docs / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    extra = {
        "inline": "",
        "snippets": "  - pymdownx.snippets:\n      base_path: ['.']\n      check_paths: true",
        "plugin": "plugins:\n  - tested-examples",
    }[variant]
    if variant == "plugin":
        yml = BASE_YML.format(extra="") + extra + "\n"
    else:
        yml = BASE_YML.format(extra=extra)
    (root / "mkdocs.yml").write_text(yml, encoding="utf-8")
    return root / "mkdocs.yml"


def build_seconds(config: Path) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one ``mkdocs build`` process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("TESTED_EXAMPLES_MANIFEST", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(config),
            "-d",
            str(config.parent / "site"),
        ],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env=env,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def run_builds(sizes: list[int], repeat: int, keep: Path | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="build-speed-")) if keep is None else keep
    rows = []
    try:
        for pages in sizes:
            times: dict[str, float] = {}
            cpus: dict[str, float] = {}
            configs = {variant: write_site(work / f"{variant}-{pages}", variant, pages) for variant in VARIANTS}
            runs: dict[str, list[tuple[float, float]]] = {variant: [] for variant in VARIANTS}
            for _ in range(repeat):  # interleaved, so a burst of load elsewhere hits every variant
                for variant in VARIANTS:
                    runs[variant].append(build_seconds(configs[variant]))
            for variant in VARIANTS:
                times[variant] = statistics.median(wall for wall, _ in runs[variant])
                cpus[variant] = statistics.median(cpu for _, cpu in runs[variant])
                print(
                    f"  {pages:>5} pages, {variant:<8} {times[variant]:7.2f} s wall, {cpus[variant]:7.2f} s CPU",
                    file=sys.stderr,
                    flush=True,
                )
            rows.append((pages, times, cpus))
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"Build time in seconds, median of {repeat}: wall clock, and CPU of the build process (less")
    print(f"sensitive to other load on the machine); {SNIPPETS_PER_PAGE} snippets per page; Material theme")
    print()
    print(
        "| pages | inline | pymdownx.snippets | tested-examples | snippets / inline | plugin / inline | plugin cost per page |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for pages, t, c in rows:
        extra_ms = (c["plugin"] - c["inline"]) / pages * 1000
        print(
            f"| {pages} | {t['inline']:.2f} (CPU {c['inline']:.2f}) | {t['snippets']:.2f} (CPU {c['snippets']:.2f}) | "
            f"{t['plugin']:.2f} (CPU {c['plugin']:.2f}) | {t['snippets'] / t['inline']:.3f} (CPU {c['snippets'] / c['inline']:.3f}) | "
            f"{t['plugin'] / t['inline']:.3f} (CPU {c['plugin'] / c['inline']:.3f}) | {extra_ms:+.2f} ms CPU |"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def run_serve(pages: int, trials: int) -> None:
    """Edit an example under ``mkdocs serve``; time until the served page shows the edit."""
    work = Path(tempfile.mkdtemp(prefix="serve-speed-"))
    config = write_site(work / "site", "plugin", pages)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=config.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    log: list[str] = []
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 300
        while True:
            try:
                fetch(f"{base}/page_0/")
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    raise SystemExit("mkdocs serve did not start:\n" + (server.stdout.read() if server.stdout else ""))
                time.sleep(0.2)
        module = config.parent / "examples" / "mod_0.py"
        original = module.read_text(encoding="utf-8")
        seconds = []
        for trial in range(trials):
            token = f"edited_{trial}_{int(time.time() * 1000)}"
            started = time.perf_counter()
            module.write_text(original.replace("total = 0", f"total = 0  # {token}", 1), encoding="utf-8")
            while token not in fetch(f"{base}/page_0/"):
                time.sleep(0.01)
            seconds.append(time.perf_counter() - started)
            time.sleep(1.0)
        page = config.parent / "docs" / "page_1.md"
        text = page.read_text(encoding="utf-8")
        started = time.perf_counter()
        page.write_text(text.replace("Some prose", "Edited prose", 1), encoding="utf-8")
        while "Edited prose" not in fetch(f"{base}/page_1/"):
            time.sleep(0.01)
        page_edit = time.perf_counter() - started
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
        log = out.splitlines()
        shutil.rmtree(work, ignore_errors=True)
    rebuilt = [line for line in log if "tested-examples:" in line and "rebuilt" in line]
    partial = [float(m[1]) for line in rebuilt if (m := re.search(r"in (\d+\.\d+) s", line))]
    print()
    print(f"mkdocs serve, {pages} pages: example edit -> page served with the edit")
    print()
    print(
        f"- edit-to-reload, {trials} trials: median {statistics.median(seconds):.2f} s "
        f"(min {min(seconds):.2f}, max {max(seconds):.2f}); MkDocs polls files every 0.5 s"
    )
    if partial:
        print(f"- of which re-rendering the affected pages: median {statistics.median(partial):.3f} s")
    if rebuilt:
        print(f"- pages re-rendered per edit: {rebuilt[-1].split('rebuilt ')[1].split(' in ')[0]}")
    print(f"- for comparison, a page edit (a full rebuild by MkDocs): {page_edit:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=1, help="builds per variant and size (median)")
    parser.add_argument("--keep", type=Path, help="generate the sites here and keep them")
    parser.add_argument("--serve", action="store_true", help="measure example edit -> reload under mkdocs serve")
    parser.add_argument("--serve-pages", type=int, default=100)
    parser.add_argument("--trials", type=int, default=5)
    args = parser.parse_args()
    if args.serve:
        run_serve(args.serve_pages, args.trials)
    else:
        run_builds(args.sizes, args.repeat, args.keep)


if __name__ == "__main__":
    main()

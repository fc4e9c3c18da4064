"""How fast pages with code build: inline code, pymdownx.snippets, our tested-examples plugin.

Not a test (timings depend on the machine); run it by hand, see CONTRIBUTING.md:

    .venv/bin/python benchmarks/build_speed.py                 # 10, 100 and 1000 pages (minutes)
    .venv/bin/python benchmarks/build_speed.py --sizes 10 100  # quicker
    .venv/bin/python benchmarks/build_speed.py --serve         # edits under mkdocs serve

It generates, in a temporary folder, three sites per size with the same pages
(ten code blocks each) and the same code (a Python module per page-worth of
snippets, each with regions), which differ only in how the code reaches the page:

- inline:   typed into the Markdown fences;
- snippets: pulled by pymdownx.snippets (``--8<-- "file.py:section"``);
- plugin:   pulled by tested-examples (```example blocks with path + region).

Everything else is the same: theme, Markdown extensions, the search plugin (a
``plugins:`` list replaces MkDocs' default one, so each site names ``search``),
and the rendered HTML, which the benchmark compares page by page and refuses to
report on if any page differs. Each build runs in a fresh process; the table
gives the median CPU (user + system), wall time and peak memory (the build
process's maximum resident set) of --repeat builds in turn (A B C A B C ...).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.ports import free_port  # noqa: E402  (the repository root first)

SNIPPETS_PER_PAGE = 10
REGIONS_PER_FILE = 10
VARIANTS = ("inline", "snippets", "plugin")

# The same for every variant but the one line each adds (its plugin or extension).
BASE_YML = """\
site_name: Benchmark
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.tabbed:
      alternate_style: true
{extensions}
plugins:
  - search
{plugins}
"""
VARIANT_YML = {
    "inline": {"extensions": "", "plugins": ""},
    "snippets": {
        "extensions": "  - pymdownx.snippets:\n      base_path: ['.']\n      check_paths: true",
        "plugins": "",
    },
    # No repo_url and no source links: the plugin then adds nothing to the HTML but the code.
    "plugin": {"extensions": "", "plugins": "  - tested-examples:\n      source_links: false"},
}


def region_code(file_index: int, region: int) -> list[str]:
    """Nine lines of plausible Python: an async function with a docstring, a loop and a call."""
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
        (docs / f"page_{p}.md").write_text("\n".join(out), encoding="utf-8")
    (docs / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(BASE_YML.format(**VARIANT_YML[variant]), encoding="utf-8")
    return root / "mkdocs.yml"


@dataclass(frozen=True)
class Build:
    wall: float  # seconds
    cpu: float  # user + system seconds of the build process
    peak_mb: float  # its maximum resident set


def site_of(config: Path) -> Path:
    return config.parent / "site"


def build(config: Path) -> Build:
    """One ``mkdocs build`` in a fresh process, measured by the kernel's accounting of that process alone."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("TESTED_EXAMPLES_MANIFEST", None)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site_of(config))]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=config.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert process.stderr is not None
    errors = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{errors}")
    return Build(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


# The one thing the plugin's HTML may add: the classes that mark a block as its own
# ("tested-example tested-example-code" on the block's div, the gate's proof).
_PLUGIN_CLASSES = re.compile(r" ?\btested-example(?:-[a-z]+)?\b")
_CLASS = re.compile(r'class="([^"]*)"')


def rendered_pages(config: Path) -> dict[str, str]:
    """Every built page's HTML, keyed by its path in the site, without the plugin's marker classes."""
    site = site_of(config)
    pages = {}
    for html in sorted(site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        text = _CLASS.sub(lambda m: f'class="{_PLUGIN_CLASSES.sub("", m[1]).strip()}"', text)
        pages[html.relative_to(site).as_posix()] = text
    return pages


def assert_same_html(configs: dict[str, Path]) -> None:
    """Refuse to compare builds whose pages differ: the variants must render the same site."""
    reference = rendered_pages(configs["inline"])
    for variant, config in configs.items():
        pages = rendered_pages(config)
        if pages.keys() != reference.keys():
            raise SystemExit(
                f"{variant}: built other pages than inline ({sorted(pages.keys() ^ reference.keys())[:5]})"
            )
        for name, html in pages.items():
            if html != reference[name]:
                ours, theirs = html.splitlines(), reference[name].splitlines()
                line = next((i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b), 0)
                raise SystemExit(
                    f"{variant}: {name} differs from inline's at line {line + 1}:\n"
                    f"  inline:   {theirs[line][:200] if line < len(theirs) else ''}\n"
                    f"  {variant}: {ours[line][:200] if line < len(ours) else ''}"
                )


def run_builds(sizes: list[int], repeat: int, keep: Path | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="build-speed-")) if keep is None else keep
    rows: list[tuple[int, dict[str, Build]]] = []
    # Every installed package loads compiled bytecode; so does the plugin (under
    # PYTHONDONTWRITEBYTECODE each build would otherwise compile it from source).
    compileall.compile_dir(ROOT / "plugins", quiet=1)
    try:
        for pages in sizes:
            configs = {variant: write_site(work / f"{variant}-{pages}", variant, pages) for variant in VARIANTS}
            runs: dict[str, list[Build]] = {variant: [] for variant in VARIANTS}
            for _ in range(repeat):  # in turn, so a burst of load elsewhere hits every variant
                for variant in VARIANTS:
                    runs[variant].append(build(configs[variant]))
            assert_same_html(configs)
            medians = {
                variant: Build(
                    statistics.median(b.wall for b in builds),
                    statistics.median(b.cpu for b in builds),
                    statistics.median(b.peak_mb for b in builds),
                )
                for variant, builds in runs.items()
            }
            for variant, m in medians.items():
                print(
                    f"  {pages:>5} pages, {variant:<8} {m.cpu:7.2f} s CPU {m.wall:7.2f} s wall {m.peak_mb:6.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
            rows.append((pages, medians))
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"Median of {repeat} builds each, in turn; {SNIPPETS_PER_PAGE} snippets per page; the same rendered HTML")
    print("(checked page by page); Material theme and the search plugin on every site. CPU is user + system")
    print("seconds of the build process, peak its maximum resident set.")
    print()
    print("| pages | variant | CPU s | wall s | peak MB | CPU / inline | peak / inline | CPU per snippet over inline |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for pages, m in rows:
        inline = m["inline"]
        for variant in VARIANTS:
            b = m[variant]
            extra = (b.cpu - inline.cpu) / (pages * SNIPPETS_PER_PAGE) * 1000
            print(
                f"| {pages} | {variant} | {b.cpu:.2f} | {b.wall:.2f} | {b.peak_mb:.0f} | {b.cpu / inline.cpu:.3f} | "
                f"{b.peak_mb / inline.peak_mb:.3f} | {extra:+.3f} ms |"
            )


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def wait_for(url: str, token: str) -> float:
    """Seconds until the served page at ``url`` contains ``token``."""
    started = time.perf_counter()
    while True:
        try:
            if token in fetch(url):
                return time.perf_counter() - started
        except OSError:  # e.g. a timeout while the server rebuilds on a loaded machine: ask again
            pass
        time.sleep(0.01)


def run_serve(pages: int, trials: int) -> None:
    """Edit an example, then a page, under ``mkdocs serve``; time until the served page shows the edit."""
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
            except OSError as error:
                if server.poll() is not None or time.time() > deadline:
                    output = server.stdout.read() if server.stdout else ""
                    raise SystemExit(f"mkdocs serve did not start:\n{output}") from error
                time.sleep(0.2)
        module = config.parent / "examples" / "mod_0.py"
        original = module.read_text(encoding="utf-8")
        example_edits = []
        for trial in range(trials):
            token = f"edited_{trial}_{int(time.time() * 1000)}"
            module.write_text(original.replace("total = 0", f"total = 0  # {token}", 1), encoding="utf-8")
            example_edits.append(wait_for(f"{base}/page_0/", token))
            time.sleep(1.0)
        page = config.parent / "docs" / "page_1.md"
        text = page.read_text(encoding="utf-8")
        page_edits = []
        for trial in range(trials):
            token = f"Edited prose {trial}"
            page.write_text(text.replace("Some prose", token, 1), encoding="utf-8")
            page_edits.append(wait_for(f"{base}/page_1/", token))
            time.sleep(1.0)
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
        log = out.splitlines()
        shutil.rmtree(work, ignore_errors=True)
    rebuilt = [line for line in log if "tested-examples:" in line and "rebuilt" in line]
    partial = [float(m[1]) for line in rebuilt if (m := re.search(r"in (\d+\.\d+) s", line))]

    def spread(values: list[float]) -> str:
        return f"median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"

    print()
    print(f"mkdocs serve, {pages} pages, {trials} trials each: an edit -> the served page shows it")
    print()
    print(f"- example edit: {spread(example_edits)}; MkDocs polls files every 0.5 s")
    if partial:
        print(f"  - of which re-rendering the pages that show the example: median {statistics.median(partial):.3f} s")
    if rebuilt:
        print(f"  - pages re-rendered per edit: {rebuilt[-1].split('rebuilt ')[1].split(' in ')[0]}")
    print(f"- page edit (MkDocs rebuilds the whole site): {spread(page_edits)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3, help="builds per variant and size (median)")
    parser.add_argument("--keep", type=Path, help="generate the sites here and keep them")
    parser.add_argument("--serve", action="store_true", help="measure edits under mkdocs serve")
    parser.add_argument("--serve-pages", type=int, default=100)
    parser.add_argument("--trials", type=int, default=5)
    args = parser.parse_args()
    if args.serve:
        run_serve(args.serve_pages, args.trials)
    else:
        run_builds(args.sizes, args.repeat, args.keep)


if __name__ == "__main__":
    main()

"""Build a MkDocs site strictly in a fresh process, as ``./run build`` does, and fail on any warning."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]


# The course's pages in the order a learner takes them (after the home, "course").
COURSE = [
    "lesson_1",
    "lesson_2",
    "lesson_3",
    "quiz_part1",
    "lesson_4",
    "lesson_5",
    "lesson_6",
    "quiz_part2",
    "lesson_7",
    "lesson_8",
    "lesson_9",
    "quiz_part3",
    "lesson_10",
]


@functools.cache
def parsed_html(html_file: Path) -> BeautifulSoup:
    """An HTML file of a built site, parsed once per test process (a quiz page takes about a
    second): read it, never change it (a test that changes a page parses its own copy)."""
    return BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")


_WARNING = re.compile(r"(\x1b\[\d+m)?WARNING")
# What makes a Python child run under coverage (./run test measures examples/ in every process).
COVERAGE_VARIABLES = ("COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG")


def unmeasured_environment(**extra: str) -> dict[str, str]:
    """The test run's environment for a child that runs no example code (a site build): without
    coverage, whose tracer doubles MkDocs' CPU time (the course: 2.7 s, 5.0-5.8 s under it)."""
    return {**{k: v for k, v in os.environ.items() if k not in COVERAGE_VARIABLES}, **extra}


def mkdocs_build(
    config: Path, site_dir: Path, *, strict: bool = True, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build [--strict] -f config -d site_dir`` in a subprocess; the result, whatever it is."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            *(["--strict"] if strict else []),
            "-f",
            str(config),
            "-d",
            str(site_dir),
        ],
        cwd=config.parent,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=unmeasured_environment(NO_MKDOCS_2_WARNING="1", **env),  # and no end-of-life banner from Material
    )


def build_site(config: Path, site_dir: Path, **env: str) -> Path:
    """Build strictly; an error or any warning fails the calling test with MkDocs' own words."""
    proc = mkdocs_build(config, site_dir, **env)
    assert proc.returncode == 0, f"mkdocs build --strict -f {config} failed:\n{proc.stderr}"
    warnings = [line for line in proc.stderr.splitlines() if _WARNING.match(line)]
    assert warnings == [], "\n".join(warnings)
    return site_dir


def zensical_build(
    config: Path, project: Path, site_dir: Path, *, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``zensical build --strict --clean`` of ``config`` as if it stood in ``project``, written to ``site_dir``.

    Zensical has no ``-d``: ``project`` gets a copy of the config with ``site_dir`` set, copies
    of ``docs/`` and ``overrides/`` (Zensical refuses a docs_dir that resolves outside the
    project) and a link to ``examples/``, so the build writes nothing into the repository
    (its cache goes to ``project/.cache``).
    """
    project.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "overrides"):
        if (config.parent / name).is_dir() and not (project / name).exists():
            shutil.copytree(config.parent / name, project / name)
    if (config.parent / "examples").is_dir() and not (project / "examples").exists():
        (project / "examples").symlink_to(config.parent / "examples")
    copy = project / config.name
    copy.write_text(config.read_text(encoding="utf-8") + f"\nsite_dir: {json.dumps(str(site_dir))}\n", encoding="utf-8")
    return subprocess.run(
        [str(Path(sys.executable).with_name("zensical")), "build", "--strict", "--clean", "-f", str(copy)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=unmeasured_environment(),
    )


def code_blocks(site_dir: Path) -> dict[str, list[str]]:
    """Every page's code blocks (``pre``), in page order, as text: trailing blanks cut, line by line.

    What a learner reads and copies, whatever the builder's markup around it (line anchors,
    copy buttons, wrapper classes). Pages are keyed by their path under ``site_dir``. A
    built site is read once per run (parsing every page takes seconds); each call gets
    its own lists, which a test may change.
    """
    return {page: list(blocks) for page, blocks in _code_blocks(site_dir).items()}


@functools.cache
def _code_blocks(site_dir: Path) -> dict[str, tuple[str, ...]]:
    from bs4 import BeautifulSoup

    found: dict[str, tuple[str, ...]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article") or soup
        found[page.relative_to(site_dir).as_posix()] = tuple(
            "\n".join(line.rstrip() for line in pre.get_text().split("\n")).strip("\n") for pre in article.select("pre")
        )
    return found


def block_differences(first: dict[str, list[str]], second: dict[str, list[str]], pages: list[str]) -> list[str]:
    """For each of ``pages``, where the two builds' code blocks differ: a missing page, a count, or a block."""
    out: list[str] = []
    for page in pages:
        a, b = first.get(page), second.get(page)
        if a is None or b is None:
            out.append(f"{page}: built by {'neither' if a is None and b is None else 'one builder only'}")
            continue
        if len(a) != len(b):
            out.append(f"{page}: {len(a)} code block(s) against {len(b)}")
        for number, (x, y) in enumerate(zip(a, b, strict=False), start=1):
            if x != y:
                diff = next(i for i, (p, q) in enumerate(zip(x + "\0", y + "\0", strict=False)) if p != q)
                shown = f"{x[diff : diff + 40]!r} against {y[diff : diff + 40]!r}"
                out.append(f"{page}: block {number} differs at character {diff}: {shown}")
    return out

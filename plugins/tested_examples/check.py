"""Prove that every line a page shows ran in the tests, and that no example code is dead.

Run by ``./run test`` after the test suite (which ran under coverage and built
the site, writing the snippet manifest)::

    python -m tested_examples.check [--manifest PATH] [--coverage-data PATH] [--inventory PATH] [--outputs PATH]

It fails (exit 1), naming page, file and line, when

- a Python line shown on a page is executable and never ran (coverage of examples/);
- a shown file that is not Python is not listed under ``[checked]`` in the
  inventory (``tests/validated_files.toml``) with the test that validates it;
- a shown recorded output ``*.output.txt`` was not compared with the example's
  real output in this run: ``assert_output_matches_recorded`` (tests/support/)
  leaves a record of each comparison under ``.cache/tested-examples/outputs/``;
- a Python example has no mirror test (``examples/lesson7/saga.py`` is tested by
  ``tests/examples/lesson7/test_saga.py``; package ``__init__.py`` files excepted);
- an example file is used by no page, or a ``# region:`` is neither named by a
  page nor shown in full (e.g. in a whole-file view), and is not listed under
  ``[support]`` in the inventory (``__init__.py`` files holding only a docstring
  are package markers, never dead code);
- an inventory entry names a file, region or test that does not exist.

Lines a page shows on purpose although they never run (a counterexample that
fails before them, a wait that a fast run skips) are listed by region under
``[unreached]`` in the inventory, with the reason.

No MkDocs import: it reads the manifest the plugin wrote (JSON) and coverage data.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .core.errors import ExampleError
from .core.history import stale_reason
from .core.paths import ExamplesRoot, example_files
from .core.sources import SourceCache
from .inventory import DEFAULT_INVENTORY, OUTPUT_SUFFIX, Inventory, InventoryError, load_inventory, mirror_test

__all__ = ["Inventory", "InventoryError", "Problem", "check", "load_inventory", "main"]

DEFAULT_MANIFEST = ".cache/tested-examples/manifest.json"
DEFAULT_COVERAGE = ".cache/coverage/.coverage"
DEFAULT_OUTPUTS = ".cache/tested-examples/outputs"  # tests/support/output_record.py writes there
RECORD_SUFFIX = ".compared"


@dataclass(frozen=True)
class Problem:
    where: str  # docs/page.md:12, or examples/file.py:3, or the inventory
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}. Fix: {self.fix}"


def check(
    root: Path,
    manifest: dict[str, Any],
    coverage_data: Path | None,
    inventory: Inventory,
    outputs: Path | None = None,
) -> tuple[list[Problem], dict[str, int]]:
    """Every problem, and counts for the summary line: the three phases below, in turn.

    ``outputs``: the folder of comparison records (default ``root/.cache/tested-examples/outputs``).
    """
    label = manifest.get("examples_dir", "examples")
    run = _Run(
        root=root,
        label=label,
        examples=ExamplesRoot(root / label, label),
        snippets=manifest["snippets"],
        inventory=inventory,
        outputs=outputs if outputs is not None else root / DEFAULT_OUTPUTS,
    )
    run.stats["snippets"] = len(run.snippets)
    run.stats["pages"] = len({s["page"] for s in run.snippets})
    _shown_code_ran(run, coverage_data)
    _inventory_entries_exist(run)
    _no_dead_examples(run)
    return run.problems, run.stats


@dataclass
class _Run:
    """What the phases of one check share: its inputs, the parse cache, and what they found."""

    root: Path
    label: str
    examples: ExamplesRoot
    snippets: list[dict[str, Any]]
    inventory: Inventory
    outputs: Path
    cache: SourceCache = field(default_factory=SourceCache)
    problems: list[Problem] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("lines", "checked", "unreached"), 0))


def _unreached_lines(run: _Run) -> dict[str, set[int]]:
    """The lines of the regions listed under [unreached], by file; a bad entry is a problem."""
    inventory, label, cache, examples, problems = run.inventory, run.label, run.cache, run.examples, run.problems
    unreached_lines: dict[str, set[int]] = defaultdict(set)
    for entry in inventory.unreached:
        file, _, region = entry.partition("#")
        try:
            regions = cache.load(examples, file.removeprefix(f"{label}/")).parsed.regions.regions
        except ExampleError as error:
            problems.append(Problem(inventory.path, f"[unreached] {entry}: {error.message}", "fix or remove the entry"))
            continue
        if region not in regions:
            problems.append(
                Problem(
                    inventory.path,
                    f"[unreached] lists region '{region}' of {file}, which has no such region",
                    "name a region ('FILE#REGION'), or remove the entry",
                )
            )
            continue
        unreached_lines[file].update(range(regions[region].start + 1, regions[region].end))
    return unreached_lines


def _shown_code_ran(run: _Run, coverage_data: Path | None) -> None:
    """Phase 1: shown Python lines ran; shown non-Python files are checked by a named test."""
    root, snippets, inventory, outputs, problems, stats = (
        run.root,
        run.snippets,
        run.inventory,
        run.outputs,
        run.problems,
        run.stats,
    )
    analysis = _coverage(
        root, coverage_data, sorted({s["file"] for s in snippets if s["kind"] == "code" and s["file"].endswith(".py")})
    )
    if isinstance(analysis, Problem):
        problems.append(analysis)
        analysis = {}
    unreached_lines = _unreached_lines(run)
    for snippet in snippets:
        where = f"{snippet['page']}:{snippet['page_line']}"
        file = snippet["file"]
        if snippet["kind"] == "timeline":
            problems.extend(_timeline_problems(root, snippet, where))
            continue
        if snippet["kind"] == "command":
            continue
        if file.endswith(".py"):
            if file not in analysis:
                continue
            statements, missing = analysis[file]
            shown = [line for line in snippet["lines"] if line in statements]
            stats["lines"] += len(shown)
            never = [line for line in shown if line in missing and line not in unreached_lines[file]]
            stats["unreached"] += sum(1 for line in shown if line in missing) - len(never)
            if never:
                test = mirror_test(file)
                problems.append(
                    Problem(
                        where,
                        f"{file} line(s) {_ranges(never)} are shown on the page but never ran in the tests",
                        f"make a test run them ({test}), or stop showing them: hide setup with '# hide' / "
                        "'# hide: start' … '# hide: end', or show a narrower region; if they are shown on purpose "
                        f'without running (a counterexample), add \'"{file}#REGION" = "why"\' under [unreached] '
                        f"in {inventory.path}",
                    )
                )
            continue
        if file in inventory.checked:
            stats["checked"] += 1
            continue
        if file.endswith(OUTPUT_SUFFIX):
            test = mirror_test(file)
            if (outputs / (file + RECORD_SUFFIX)).is_file():
                stats["checked"] += 1
                continue
            problems.append(
                Problem(
                    where,
                    f"{file} is shown, but no test of this run compared it with the example's real output "
                    f"(no record {_shown(root, outputs)}/{file}{RECORD_SUFFIX})",
                    f"in {test}, run the example and call assert_output_matches_recorded(MODULE, run_example(MODULE)) "
                    "(tests/support/run_example.py), then run the whole suite: ./run test",
                )
            )
            continue
        problems.append(
            Problem(
                where,
                f"{file} is shown, but it is not Python (no coverage) and no checker is named for it",
                f'add \'"{file}" = "tests/…/test_….py (the checker)"\' under [checked] in {inventory.path}, '
                "naming the test that validates it",
            )
        )


def _inventory_entries_exist(run: _Run) -> None:
    """Phase 2: every file, region and test the inventory names exists."""
    root, label, examples, inventory, cache, problems = (
        run.root,
        run.label,
        run.examples,
        run.inventory,
        run.cache,
        run.problems,
    )
    for entry, test in inventory.checked.items():
        words = test.split("::")[0].split()
        test_path = words[0] if words else ""
        if not (root / entry).is_file():
            problems.append(
                Problem(inventory.path, f"[checked] lists {entry}, which does not exist", "remove the entry")
            )
        if not test_path or not (root / test_path).is_file():
            problems.append(
                Problem(
                    inventory.path,
                    f"[checked] {entry} names the test '{test}', which does not exist",
                    'name the test file that validates it, e.g. "tests/examples/lesson9/test_dockerfile.py (hadolint)"',
                )
            )
    for entry in inventory.support:
        file, _, region = entry.partition("#")
        rel = file.removeprefix(f"{label}/")
        if not (root / file).is_file():
            problems.append(
                Problem(inventory.path, f"[support] lists {file}, which does not exist", "remove the entry")
            )
        elif region:
            try:
                regions = cache.load(examples, rel).parsed.regions.regions
            except ExampleError as error:
                problems.append(Problem(inventory.path, str(error), "fix the file"))
                continue
            if region not in regions:
                problems.append(
                    Problem(
                        inventory.path,
                        f"[support] lists region '{region}' of {file}, which has no such region",
                        "remove the entry",
                    )
                )


def _no_dead_examples(run: _Run) -> None:
    """Phase 3, the reverse: every example file and every region is used by a page, or is support code."""
    root, examples, snippets, inventory, cache, problems = (
        run.root,
        run.examples,
        run.snippets,
        run.inventory,
        run.cache,
        run.problems,
    )
    used_files = {s["file"] for s in snippets} | {r for s in snippets for r in s.get("recordings") or ()}
    shown_lines: dict[str, set[int]] = defaultdict(set)
    for s in snippets:
        shown_lines[s["file"]].update(s["lines"])
    used_regions: dict[str, set[str]] = defaultdict(set)
    for s in snippets:
        if s.get("region"):
            used_regions[s["file"]].add(s["region"])
        for name in s.get("highlight") or ():
            used_regions[s["file"]].add(name)
    for rel in example_files(examples):
        display = examples.display(rel)
        if display.endswith(OUTPUT_SUFFIX):
            continue  # a recorded output belongs to its module, checked above when shown
        if display.endswith(".py") and PurePosixPath(rel).name != "__init__.py":
            test = mirror_test(display)
            if test is not None and not (root / test).is_file():
                problems.append(
                    Problem(
                        display,
                        f"this Python example has no mirror test {test} (tests mirror examples/ one to one, "
                        "CONTRIBUTING.md)",
                        f"create {test}, testing this module against the real dev server "
                        "(fixtures client and task_queue in tests/conftest.py)",
                    )
                )
        if PurePosixPath(rel).name == "__init__.py" and _only_docstring(examples.path / rel):
            continue  # a package marker: nothing runs in it
        if display in inventory.support:
            continue
        if display not in used_files:
            problems.append(
                Problem(
                    display,
                    "no page shows or runs this example file (dead teaching code?)",
                    f"show it on a page with an ```example block, delete it, or, if it is support code, add "
                    f'\'"{display}" = "why no page shows it"\' under [support] in {inventory.path}',
                )
            )
            continue
        try:
            parsed = cache.load(examples, rel).parsed
        except ExampleError:
            continue  # the build reports a file that does not parse
        hidden = parsed.regions.marker_lines | parsed.marks.marker_lines | parsed.marks.hidden | parsed.marks.elisions
        for name, marked in sorted(parsed.regions.regions.items(), key=lambda item: item[1].start):
            if name in used_regions[display] or f"{display}#{name}" in inventory.support:
                continue
            code = {n for n in range(marked.start + 1, marked.end) if n not in hidden and parsed.lines[n - 1].strip()}
            if code <= shown_lines[display]:
                continue  # unnamed, but every line of it is on a page (e.g. in a whole-file view)
            problems.append(
                Problem(
                    f"{display}:{marked.start}",
                    f"region '{name}' is marked, but no page names it or shows all of its lines",
                    f"show it with 'region: {name}' in an ```example block, remove its markers, or add "
                    f'\'"{display}#{name}" = "why"\' under [support] in {inventory.path}',
                )
            )


def _timeline_problems(root: Path, snippet: dict[str, Any], where: str) -> list[Problem]:
    """A drawn recording is fresh: in this suite, its test compared a new run with it (issue 12)."""
    problems: list[Problem] = []
    for recording in snippet.get("recordings") or ():
        reason = stale_reason(root, recording)
        if reason is not None:
            test = mirror_test(snippet["file"])
            problems.append(
                Problem(
                    where,
                    f"{recording} is drawn, but {reason}",
                    f"run the whole suite with ./run test: {test} must call record_history for it",
                )
            )
    return problems


def _shown(root: Path, path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _only_docstring(path: Path) -> bool:
    import ast

    try:
        body = ast.parse(path.read_text(encoding="utf-8")).body
    except (SyntaxError, UnicodeDecodeError):
        return False
    return all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in body)


def _coverage(root: Path, data_file: Path | None, files: list[str]) -> dict[str, tuple[set[int], set[int]]] | Problem:
    """For each file: its executable lines and those that never ran."""
    if not files:
        return {}
    fix = "run the whole suite with ./run test (it runs pytest under coverage, then this check)"
    if data_file is None or not data_file.exists():
        return Problem(str(data_file), "no coverage data, so no proof that the shown lines ran", fix)
    import coverage

    config = root / "pyproject.toml"
    cov = coverage.Coverage(data_file=str(data_file), config_file=str(config) if config.exists() else False)
    cov.load()
    result: dict[str, tuple[set[int], set[int]]] = {}
    measured = {(root / f).resolve() for f in cov.get_data().measured_files()}
    for file in files:
        path = (root / file).resolve()
        if not path.is_file():
            continue
        _, statements, excluded, missing, _ = cov.analysis2(str(path))
        if path not in measured:
            missing = statements  # never even imported
        # A shown line excluded from coverage (pragma: no cover) is not proven to run either.
        result[file] = (set(statements) | set(excluded), set(missing) | set(excluded))
    return result


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    start = previous = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == previous + 1:
            previous = n
            continue
        out.append(str(start) if start == previous else f"{start}-{previous}")
        if n is not None:
            start = previous = n
    return ", ".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tested_examples.check", description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=".", help="the repository (holds mkdocs.yml, examples/, tests/)")
    parser.add_argument("--manifest", default=DEFAULT_MANIFEST)
    parser.add_argument("--coverage-data", default=DEFAULT_COVERAGE)
    parser.add_argument("--inventory", default=DEFAULT_INVENTORY)
    parser.add_argument("--outputs", default=DEFAULT_OUTPUTS, help="records of the output comparisons that ran")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    manifest_path = root / args.manifest
    if not manifest_path.exists():
        print(
            f"{args.manifest}: no snippet manifest. Fix: run ./run test (tests/test_site.py builds the site with "
            f"TESTED_EXAMPLES_MANIFEST={args.manifest}), or build it: "
            f"TESTED_EXAMPLES_MANIFEST={args.manifest} mkdocs build",
            file=sys.stderr,
        )
        return 1
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        snippets = manifest["snippets"]
        if not isinstance(snippets, list):
            raise TypeError("'snippets' is not a list")
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"{args.manifest}: not a snippet manifest ({error}). Fix: rebuild it with ./run test", file=sys.stderr)
        return 1
    try:
        inventory = load_inventory(root, args.inventory)
    except InventoryError as error:
        print(error, file=sys.stderr)
        return 1
    problems, stats = check(root, manifest, root / args.coverage_data, inventory, root / args.outputs)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"tested-examples check: FAILED, {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(
        f"tested-examples check: OK, {stats['snippets']} snippets on {stats['pages']} pages; "
        f"{stats['lines']} shown executable lines ran (or are listed [unreached]: {stats['unreached']}); "
        f"{stats['checked']} non-Python snippets checked by named tests; no dead example files or regions"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

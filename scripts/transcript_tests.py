"""The example tests that compare an example's output with the recording a page shows, split into lanes.

    .venv/bin/python scripts/transcript_tests.py                   # one pytest node id a line
    .venv/bin/python scripts/transcript_tests.py --lanes 2 DIR     # DIR/lane-1.txt, DIR/lane-2.txt
    .venv/bin/python scripts/transcript_tests.py --verify DIR      # after the main run: none was left out

``./run test`` runs these tests twice in a row against external clusters
(``scripts/external_cluster.sh``), beside its main run, so the list comes from the
test files themselves, before any test ran: every test function of
``tests/examples/`` that calls ``assert_output_matches_recorded``, itself or through
a function of its module that does. A new lesson's transcripts are included without
a list to keep. With ``--lanes N`` the tests are split into N lists, a test file's
tests always in the same list, balanced by their number: one external cluster per
lane runs its list twice in a row.

``--verify DIR`` runs after the main run and fails, naming the test, when a test
compared a recorded output there (``tests/support/output_record.py`` left a record
in ``.cache/tested-examples/outputs``) but is in none of DIR's lanes, or when a
listed test compared nothing: so no transcript escapes the external runs unseen.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests" / "examples"
RECORDS = ROOT / ".cache" / "tested-examples" / "outputs"
COMPARISON = "assert_output_matches_recorded"
# A test that takes one of these fixtures runs its examples on a server of its own
# (tests/examples/lesson4/conftest.py), which an external cluster would not replace.
OWN_SERVER_FIXTURES = frozenset({"own_server"})


def _names_used(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    return {node.id for node in ast.walk(function) if isinstance(node, ast.Name)}


def scan(path: Path, root: Path = ROOT) -> tuple[list[str], set[str]]:
    """The node ids (``tests/.../test_x.py::test_y``) of the module's test functions that compare a
    recording, and of its test functions that take a fixture of :data:`OWN_SERVER_FIXTURES`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    uses = {name: _names_used(function) for name, function in functions.items()}
    compares = {name for name, used in uses.items() if COMPARISON in used}
    while True:  # and the functions that use one that compares, through any number of helpers
        more = {name for name, used in uses.items() if name not in compares and used & compares}
        if not more:
            break
        compares |= more
    module = path.resolve().relative_to(root).as_posix()
    tests = {name: node for name, node in functions.items() if name.startswith("test")}
    comparing = [f"{module}::{name}" for name in tests if name in compares]
    own = {f"{module}::{name}" for name, node in tests.items() if {a.arg for a in node.args.args} & OWN_SERVER_FIXTURES}
    return comparing, own


def transcript_tests(tests: Path = TESTS, root: Path = ROOT) -> list[str]:
    """The tests the external clusters run: those that compare a recording, except on a server of their own."""
    listed = []
    for path in sorted(tests.rglob("test_*.py")):
        comparing, own = scan(path, root)
        listed += [test for test in comparing if test not in own]
    return listed


def own_server_tests(tests: Path = TESTS, root: Path = ROOT) -> set[str]:
    return {test for path in sorted(tests.rglob("test_*.py")) for test in scan(path, root)[1]}


def compared_in_run(records: Path = RECORDS) -> set[str]:
    """The test functions whose comparison with a recording passed in the main run (parameters dropped)."""
    tests = set()
    for record in records.rglob("*.compared"):
        for line in record.read_text(encoding="utf-8").splitlines():
            test = json.loads(line).get("test", "")
            if test.startswith("tests/examples/"):
                tests.add(test.split("[", 1)[0])
    return tests


def lanes(tests: list[str], count: int) -> list[list[str]]:
    """``count`` lists, whole files each, the file with most tests first into the shortest list."""
    files: dict[str, list[str]] = {}
    for test in tests:
        files.setdefault(test.split("::", 1)[0], []).append(test)
    split: list[list[str]] = [[] for _ in range(count)]
    for path in sorted(files, key=lambda p: (-len(files[p]), p)):
        min(split, key=len).extend(files[path])
    return [lane for lane in split if lane]


def unlisted_or_idle(listed: set[str], compared: set[str], own_server: frozenset[str] = frozenset()) -> list[str]:
    """What ``--verify`` reports, each problem with its fix (``own_server``: tests rightly left out)."""
    problems = [
        f"{test}: compared a recorded output in the main run, but no external-cluster lane ran it "
        f"(the scan looks for a call of {COMPARISON} in the test function or in a function of its "
        "module it calls: call it there, or extend scripts/transcript_tests.py)"
        for test in sorted(compared - listed - own_server)
    ]
    problems += [
        f"{test}: listed for the external clusters, but compared no recorded output in the main run "
        f"(make its call of {COMPARISON} unconditional, or move it out of the test)"
        for test in sorted(listed - compared)
    ]
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--lanes", type=int, default=0, help="split into this many lists, written to DIR")
    mode.add_argument("--verify", action="store_true", help="check DIR's lanes against the main run's records")
    parser.add_argument("dir", nargs="?", type=Path, help="where the lanes are: lane-1.txt, lane-2.txt, ...")
    args = parser.parse_args()
    if (args.lanes or args.verify) and args.dir is None:
        parser.error("--lanes and --verify need DIR")
    if args.verify:
        listed = {line for lane in sorted(args.dir.glob("lane-*.txt")) for line in lane.read_text().split()}
        problems = unlisted_or_idle(listed, compared_in_run(), frozenset(own_server_tests()))
        for problem in problems:
            print(f"transcript tests: {problem}", file=sys.stderr)
        return 1 if problems else 0
    tests = transcript_tests()
    if not tests:
        print(f"no test under {TESTS.relative_to(ROOT)} calls {COMPARISON}", file=sys.stderr)
        return 1
    if not args.lanes:
        print("\n".join(tests))
        return 0
    args.dir.mkdir(parents=True, exist_ok=True)
    for number, lane in enumerate(lanes(tests, args.lanes), start=1):
        (args.dir / f"lane-{number}.txt").write_text("\n".join(lane) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

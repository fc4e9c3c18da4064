"""The example tests whose run produced a recorded output the pages show, split into lanes.

    .venv/bin/python scripts/transcript_tests.py                  # one pytest node id a line
    .venv/bin/python scripts/transcript_tests.py --lanes 2 DIR    # DIR/lane-1.txt, DIR/lane-2.txt

Reads the records ``tests/support/output_record.py`` writes when a test's
comparison with ``<module>.output.txt`` passed (``.cache/tested-examples/outputs``,
filled by the main run of ``./run test``): each names the test that made it.
``./run test`` re-runs exactly these tests against external clusters
(``scripts/external_cluster.sh``), so a new lesson's transcripts are included
without a list to keep. With ``--lanes N`` the tests are split into N lists, a
test file's tests always in the same list, balanced by the durations in
``.cache/junit.xml``: one external cluster per lane runs its list twice in a row.
Exits 1 if there is no record (the main run compared nothing).
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / ".cache" / "tested-examples" / "outputs"
JUNIT = ROOT / ".cache" / "junit.xml"


def transcript_tests(records: Path = RECORDS) -> list[str]:
    tests = set()
    for record in records.rglob("*.compared"):
        test = json.loads(record.read_text(encoding="utf-8")).get("test", "")
        if test.startswith("tests/examples/"):
            tests.add(test)
    return sorted(tests)


def durations(junit: Path = JUNIT) -> dict[str, float]:
    """Seconds per test (``tests/examples/lesson1/test_x.py::test_y``), from the main run's junit."""
    if not junit.exists():
        return {}
    return {
        (case.get("classname") or "").replace(".", "/") + ".py::" + (case.get("name") or ""): float(
            case.get("time") or 0
        )
        for case in ET.parse(junit).iter("testcase")
    }


def lanes(tests: list[str], count: int, seconds: dict[str, float]) -> list[list[str]]:
    """``count`` lists, whole files each, the longest file first into the least loaded list."""
    files: dict[str, list[str]] = {}
    for test in tests:
        files.setdefault(test.split("::", 1)[0], []).append(test)
    cost = {path: sum(seconds.get(test, 1.0) for test in group) for path, group in files.items()}
    load = [0.0] * count
    split: list[list[str]] = [[] for _ in range(count)]
    for path in sorted(files, key=lambda p: (-cost[p], p)):
        lane = load.index(min(load))
        split[lane] += files[path]
        load[lane] += cost[path]
    return [lane for lane in split if lane]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lanes", type=int, default=0, help="split into this many lists, written to DIR")
    parser.add_argument("dir", nargs="?", type=Path, help="where --lanes writes lane-1.txt, lane-2.txt, ...")
    args = parser.parse_args()
    tests = transcript_tests()
    if not tests:
        print(f"no recorded-output comparison under {RECORDS}: run the suite first", file=sys.stderr)
        return 1
    if not args.lanes:
        print("\n".join(tests))
        return 0
    if args.dir is None:
        parser.error("--lanes needs DIR")
    args.dir.mkdir(parents=True, exist_ok=True)
    for number, lane in enumerate(lanes(tests, args.lanes, durations()), start=1):
        (args.dir / f"lane-{number}.txt").write_text("\n".join(lane) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The example tests whose run produced a recorded output the pages show, one pytest node id a line.

    .venv/bin/python scripts/transcript_tests.py [records folder]

Reads the records ``tests/support/output_record.py`` writes when a test's
comparison with ``<module>.output.txt`` passed (default
``.cache/tested-examples/outputs``, filled by the main run of ``./run test``):
each names the test that made it. ``./run test`` re-runs exactly these tests
against the external cluster (``scripts/external_cluster.sh``), so a new
lesson's transcripts are included without any list to keep. Exits 1 if there
is no record (the main run compared nothing: nothing to re-run is an error).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def transcript_tests(records: Path) -> list[str]:
    tests = set()
    for record in records.rglob("*.compared"):
        test = json.loads(record.read_text(encoding="utf-8")).get("test", "")
        if test.startswith("tests/examples/"):
            tests.add(test)
    return sorted(tests)


def main() -> int:
    records = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".cache" / "tested-examples" / "outputs"
    tests = transcript_tests(records)
    if not tests:
        print(f"no recorded-output comparison under {records}: run the suite first", file=sys.stderr)
        return 1
    print("\n".join(tests))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A record, under .cache/, of each recorded output this test run compared with the example's real output.

``python -m tested_examples.check`` accepts a recorded output a page shows only if
such a record exists: the comparison ran in this suite (an import of the helper is
no proof). ``./run test`` clears ``.cache/tested-examples`` before the suite.

A record holds one JSON line per comparison that passed (several tests may compare
the same recording), naming the module and the test: ``scripts/transcript_tests.py
--verify`` reads them to prove that every such test also ran on the external clusters.
``TESTED_EXAMPLES_OUTPUT_RECORDS`` puts them elsewhere (the external-cluster runs do,
so that they never mix with the main run's).
"""

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / ".cache" / "tested-examples" / "outputs"  # the check's --outputs default
SUFFIX = ".compared"


def records_folder() -> Path:
    return Path(os.environ.get("TESTED_EXAMPLES_OUTPUT_RECORDS") or RECORDS)


def record_comparison(recorded: Path, module: str) -> None:
    """Note that ``recorded`` (e.g. examples/lesson7/saga.output.txt) matched what ``module`` printed."""
    target = records_folder() / (recorded.resolve().relative_to(ROOT).as_posix() + SUFFIX)
    target.parent.mkdir(parents=True, exist_ok=True)
    test = os.environ.get("PYTEST_CURRENT_TEST", "").removesuffix(" (call)")
    line = json.dumps({"module": module, "test": test}) + "\n"
    # One write in append mode: lines from tests running side by side never interleave.
    with target.open("a", encoding="utf-8") as record:
        record.write(line)

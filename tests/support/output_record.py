"""A record, under .cache/, of each recorded output this test run compared with the example's real output.

``python -m tested_examples.check`` accepts a recorded output a page shows only if
such a record exists: the comparison ran in this suite (an import of the helper is
no proof). ``./run test`` clears ``.cache/tested-examples`` before the suite.
"""

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / ".cache" / "tested-examples" / "outputs"  # the check's --outputs default
SUFFIX = ".compared"


def record_comparison(recorded: Path, module: str) -> None:
    """Note that ``recorded`` (e.g. examples/lesson7/saga.output.txt) matched what ``module`` printed."""
    target = RECORDS / (recorded.resolve().relative_to(ROOT).as_posix() + SUFFIX)
    target.parent.mkdir(parents=True, exist_ok=True)
    test = os.environ.get("PYTEST_CURRENT_TEST", "").removesuffix(" (call)")
    target.write_text(json.dumps({"module": module, "test": test}) + "\n", encoding="utf-8")

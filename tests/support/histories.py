"""Record a run's workflow history next to its example, for a page's timeline (``show: timeline``).

``await record_history("parallel", handle)`` in ``tests/examples/lesson8/test_parallel.py``
deals with ``examples/lesson8/parallel.parallel.history.json``:

- with ``UPDATE_OUTPUTS=1`` it writes this run's history there (review the diff);
- otherwise it compares this run's history with the recording on what the page
  relies on (event types and their order, attempts and outcomes, which rows
  overlapped in time; not timestamps or ids) and fails with a diff if they differ.

Either way it writes a proof under ``.cache/tested-examples/histories/`` (the
recording's sha256 and the test), so the check can tell that every recording a
page shows was compared with a real run of the current code. It returns the
recording, read by the plugin's own parser: assert the facts its picture shows on it.
"""

from __future__ import annotations

import difflib
import inspect
import json
import os
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowHandle, WorkflowHistory

from tested_examples.core.history import (
    RunHistory,
    comparison_lines,
    history_path,
    parse_history,
    proof_path,
    read_history,
    sha256_of,
)

ROOT = Path(__file__).resolve().parents[2]


def recording_path(module: str, name: str) -> Path:
    """``examples.lesson8.parallel`` and ``parallel`` -> ``examples/lesson8/parallel.parallel.history.json``."""
    return ROOT / history_path(module.replace(".", "/") + ".py", name)


async def record_history(
    name: str, handle_or_history: WorkflowHandle[Any, Any] | WorkflowHistory, *, module: str | None = None
) -> RunHistory:
    """Record (UPDATE_OUTPUTS=1) or compare this run's history; return the recording's model.

    ``module`` defaults to the example the calling test mirrors
    (``tests/examples/lesson8/test_parallel.py`` -> ``examples.lesson8.parallel``).
    """
    if module is None:
        module = _mirrored_module(Path(inspect.stack()[1].filename))
    history = handle_or_history
    if isinstance(history, WorkflowHandle):
        history = await history.fetch_history()
    text = json.dumps(json.loads(history.to_json()), indent=1) + "\n"
    path = recording_path(module, name)
    display = path.relative_to(ROOT).as_posix()
    mode = "compared"
    if os.environ.get("UPDATE_OUTPUTS") == "1":
        path.write_text(text, encoding="utf-8")
        mode = "recorded"
    elif not path.exists():
        raise AssertionError(f"{display} is missing: record it with UPDATE_OUTPUTS=1 ./run test")
    recorded = read_history(path, display)
    assert_same_run(recorded, parse_history(text, f"this run of {module}"))
    _write_proof(display, path, mode, module)
    return recorded


def assert_same_run(recorded: RunHistory, new: RunHistory) -> None:
    """Fail with a readable diff when ``new`` differs from ``recorded`` on what a timeline shows."""
    expected, actual = comparison_lines(recorded), comparison_lines(new)
    if expected == actual:
        return
    diff = "\n".join(
        difflib.unified_diff(
            expected, actual, fromfile=f"{recorded.source} (shown on the page)", tofile=new.source, lineterm=""
        )
    )
    raise AssertionError(
        "this run's history differs from the recording the page draws; if the change is intended, "
        f"re-record it with UPDATE_OUTPUTS=1 ./run test\n{diff}"
    )


def _write_proof(display: str, path: Path, mode: str, module: str) -> None:
    """What the check reads: this recording, as compared (or recorded) now, from this example's code."""
    proof = proof_path(ROOT, display)
    proof.parent.mkdir(parents=True, exist_ok=True)
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0]
    example = module.replace(".", "/") + ".py"
    data = {
        "recording": display,
        "sha256": sha256_of(path),
        "example": example,
        "example_sha256": sha256_of(ROOT / example),
        "test": test,
        "mode": mode,
    }
    proof.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def _mirrored_module(test_file: Path) -> str:
    relative = test_file.resolve().relative_to(ROOT / "tests")
    if relative.parts[0] != "examples" or not relative.name.startswith("test_"):
        raise ValueError(f"{test_file} is not a mirror test under tests/examples/: pass module=")
    parts = [*relative.parts[:-1], relative.name.removeprefix("test_").removesuffix(".py")]
    return ".".join(parts)

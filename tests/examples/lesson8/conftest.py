"""Fixtures of the Lesson 8 tests.

- ``example_env``: environment for ``run_example`` that points the example at
  the session's dev server (``TEMPORAL_ADDRESS``), so an example's stdout holds
  only what the example printed (an embedded dev server prints its banner there).
- ``connect``: connects a new client to that same server, with options such as
  ``runtime=`` (a Runtime of its own, for metrics or for capturing core logs).
- ``limits_server``: a dev server of its own whose history limits are lowered
  with ``--dynamic-config-value`` (continue-as-new is suggested after 40 events,
  a run is terminated at 120), whose timers fire on time (not up to 1 s late),
  and that serves its own metrics on a free port.
"""

import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from temporalio.client import Client
from temporalio.envconfig import ClientConfig
from temporalio.testing import WorkflowEnvironment

from examples.connect import installed_binary

SUGGEST_CONTINUE_AS_NEW_AT = 40  # events (server default: 4 * 1024)
HISTORY_COUNT_LIMIT = 120  # events (server default: 50 * 1024)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def example_env(dev_env: WorkflowEnvironment) -> dict[str, str]:
    if os.environ.get("TEMPORAL_ADDRESS"):
        return {}
    return {"TEMPORAL_ADDRESS": dev_env.client.service_client.config.target_host}


@pytest.fixture
def connect(example_env: dict[str, str]) -> Callable[..., Awaitable[Client]]:
    async def connect(**options: Any) -> Client:
        config = ClientConfig.load_client_connect_config(override_env_vars={**os.environ, **example_env})
        return await Client.connect(**config, **options)

    return connect


@dataclass
class LimitsServer:
    client: Client
    metrics_url: str


@pytest.fixture(scope="session")
async def limits_server() -> AsyncIterator[LimitsServer]:
    metrics_port = free_port()
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=installed_binary("temporal"),
        dev_server_extra_args=[
            "--metrics-port", str(metrics_port),
            "--dynamic-config-value", f"limit.historyCount.suggestContinueAsNew={SUGGEST_CONTINUE_AS_NEW_AT}",
            "--dynamic-config-value", f"limit.historyCount.error={HISTORY_COUNT_LIMIT}",
            # Fire timers on time: by default the server may shift a timer by up to 1 s.
            "--dynamic-config-value", 'history.timerProcessorMaxTimeShift="1ms"',
        ],  # fmt: skip
    )
    try:
        yield LimitsServer(env.client, f"http://127.0.0.1:{metrics_port}/metrics")
    finally:
        await env.shutdown()

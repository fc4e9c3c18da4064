"""Real Temporal for the tests, started from the installed binaries.

- ``dev_env``: the dev server (``temporal server start-dev``), or the external
  cluster named by ``TEMPORAL_ADDRESS`` (namespace/TLS from ``TEMPORAL_*``).
- ``time_env``: the time-skipping test server, for tests with long timers.

Both are session-scoped and always shut down. Each test gets its own task
queue (``task_queue``) so tests never steal each other's tasks.
"""

import os
import uuid
from collections.abc import AsyncIterator

import pytest
from temporalio.client import Client
from temporalio.envconfig import ClientConfig
from temporalio.testing import WorkflowEnvironment

from examples.connect import installed_binary


@pytest.fixture(scope="session")
async def dev_env() -> AsyncIterator[WorkflowEnvironment]:
    if os.environ.get("TEMPORAL_ADDRESS"):
        client = await Client.connect(**ClientConfig.load_client_connect_config())
        yield WorkflowEnvironment.from_client(client)
        return
    env = await WorkflowEnvironment.start_local(dev_server_existing_path=installed_binary("temporal"))
    try:
        yield env
    finally:
        await env.shutdown()


@pytest.fixture(scope="session")
async def time_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=installed_binary("temporal-test-server")
    )
    try:
        yield env
    finally:
        await env.shutdown()


@pytest.fixture
def client(dev_env: WorkflowEnvironment) -> Client:
    return dev_env.client


@pytest.fixture
def task_queue(request: pytest.FixtureRequest) -> str:
    """A task queue no other test uses."""
    return f"{request.node.name[:40]}-{uuid.uuid4().hex[:8]}"

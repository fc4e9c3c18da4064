"""Real Temporal for the tests, started from the installed binaries.

- ``dev_env``: the dev server (``temporal server start-dev``), or the external
  cluster named by ``TEMPORAL_ADDRESS`` (namespace/TLS from ``TEMPORAL_*``).
- ``time_env``: the time-skipping test server, for tests with long timers.

Both are session-scoped and always shut down. Each test gets its own task
queue (``task_queue``) so tests never steal each other's tasks.

- ``course_site``: the course, built once per session with ``mkdocs build --strict``
  (any warning fails), for the tests that read its pages or serve them to a browser.
- ``zensical_site``: the same course built once per session by Zensical (tests/test_zensical.py).
"""

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.client import Client
from temporalio.envconfig import ClientConfig
from temporalio.testing import WorkflowEnvironment

from examples.connect import installed_binary
from tests.support.site import ROOT, build_site, zensical_build


@pytest.fixture(scope="session")
def course_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("course-site"))


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course built by Zensical (``./run build --zensical``), once per session, outside the repository."""
    project = tmp_path_factory.mktemp("zensical")
    result = zensical_build(ROOT / "mkdocs.yml", project, project / "site")
    assert result.returncode == 0, f"zensical build --strict failed:\n{result.stdout}{result.stderr}"
    return project / "site"


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

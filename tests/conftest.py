"""Real Temporal for the tests, started from the installed binaries.

- ``dev_env``: the dev server (``temporal server start-dev``), or the external
  cluster named by ``TEMPORAL_ADDRESS`` (namespace/TLS from ``TEMPORAL_*``).
- ``time_env``: the time-skipping test server, for tests with long timers.

Both are session-scoped and always shut down. Each test gets its own task
queue (``task_queue``) so tests never steal each other's tasks.

- ``course_site``: the course, built once per run with ``mkdocs build --strict``
  (any warning fails), for the tests that read its pages or serve them to a browser.
  Under pytest-xdist (``./run test`` runs 2 workers) the first worker that needs it
  builds it, holding a lock, and the others read that same build.
- ``zensical_site``: the same course built once per session by Zensical (tests/test_zensical.py).
"""

import fcntl
import os
import uuid
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import Client
from temporalio.envconfig import ClientConfig
from temporalio.testing import WorkflowEnvironment

from examples.connect import installed_binary
from tests.support.site import ROOT, build_site, zensical_build


def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker saves its coverage data now, when its tests are done.

    Coverage writes a process's data when the process exits, but pytest-xdist and
    execnet end a worker that is slow to exit (10 s, under load) with a kill or
    ``os._exit``, and the lines that only its in-process tests ran were lost
    (``python -m tested_examples.check`` then failed on them). The exit still
    saves again, a superset, if the worker lives that long.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    measured = _measured_process()
    if measured is not None:
        measured.save()


EXAMPLE_TESTS = Path(__file__).resolve().parent / "examples"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Under ``./run test``, measure coverage only while a test of tests/examples/ runs.

    Only those run example code in the test process; the others (the plugin's,
    the site's, the browser tests) ran up to twice as slow under coverage's tracer
    for nothing. Example subprocesses are measured whatever this process does
    (pyproject.toml patches subprocess: an environment variable that stays set).
    """
    measured = _measured_process()
    measure = item.path.is_relative_to(EXAMPLE_TESTS)
    if measured is None or measure == _measuring[0]:
        return
    if measure:
        with warnings.catch_warnings():  # on resuming, of course the examples were imported before
            warnings.filterwarnings("ignore", message="Already imported a file that will be measured")
            measured.start()  # resumes: the data measured so far is kept
    else:
        measured.stop()
    _measuring[0] = measure


_measuring = [True]  # coverage measures a process from its start
_coverage: list[Any] = []  # this process's Coverage, once found


def _measured_process() -> Any:
    """This process's Coverage object, or None when it runs without coverage. Kept once found:
    ``Coverage.current()`` forgets an instance while it is stopped."""
    if not _coverage:
        try:
            import coverage
        except ImportError:
            return None
        current = coverage.Coverage.current()
        if current is None:
            return None
        _coverage.append(current)
    return _coverage[0]


@pytest.fixture(scope="session")
def course_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # one process: no other worker to share the build with
        return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("course-site"))
    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker of this run
    site, built = shared / "course-site", shared / "course-site.built"
    with (shared / "course-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if the build fails
        if not built.exists():
            build_site(ROOT / "mkdocs.yml", site)
            built.touch()  # only after a strict build passed (after a failed one the next worker tries again)
    return site


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

"""examples/lesson9/health.py: the endpoints report the worker's real state."""

import signal
import uuid

import aiohttp
from temporalio.worker import Worker

from examples.lesson9.health import HealthServer, noop
from tests.examples.lesson9.conftest import poll_until, start_dev_server
from tests.support.ports import free_port
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.health", run_example("examples.lesson9.health"))


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as response:
            return response.status, await response.text()


async def test_not_ready_while_the_temporal_server_is_down_ready_again_when_it_is_back(spawn, tmp_path):
    port = free_port()
    db_file = tmp_path / "temporal.db"
    server, client = await start_dev_server(spawn, port, db_file)
    worker = Worker(client, task_queue=f"health-{uuid.uuid4()}", activities=[noop])
    health = HealthServer(client, worker)
    await health.start("127.0.0.1", 0)
    base = "http://127.0.0.1:%d" % health._runner.addresses[0][1]
    try:
        async with worker:
            await poll_until(lambda: _status(get(base + "/ready"), 200), 10, "ready")

            server.signal(signal.SIGKILL)
            await server.wait(timeout=10)
            assert await get(base + "/ready") == (503, "Temporal server unreachable")
            assert await get(base + "/health") == (200, "alive")  # no reason to restart the pod

            await start_dev_server(spawn, port, db_file)
            await poll_until(lambda: _status(get(base + "/ready"), 200), 30, "ready again")
    finally:
        await health.stop()


async def _status(response, status: int) -> bool:
    return (await response)[0] == status

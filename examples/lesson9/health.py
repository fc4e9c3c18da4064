"""Liveness and readiness endpoints for a worker process (the SDK has none built in).

- ``GET /health`` (liveness): 200 while the worker runs, including while it
  drains on shutdown, so Kubernetes does not kill it in the middle of a task.
- ``GET /ready`` (readiness): 200 only while the worker is polling and the
  Temporal server answers a health check; 503 once shutdown has begun.

Run it on its own: ``python -m examples.lesson9.health`` (asks both endpoints
of a worker before, during and after its shutdown).
"""

import asyncio
import uuid
from datetime import timedelta

from aiohttp import ClientSession, web
from temporalio import activity
from temporalio.client import Client
from temporalio.worker import Worker

from examples.connect import temporal_client


# region: health-server
class HealthServer:
    def __init__(self, client: Client, worker: Worker) -> None:
        self.client = client
        self.worker = worker
        self.draining = False  # set when shutdown begins
        app = web.Application()
        app.add_routes([web.get("/health", self.health), web.get("/ready", self.ready)])
        self._runner = web.AppRunner(app, access_log=None)

    async def health(self, request: web.Request) -> web.Response:
        if self.worker.is_running:
            return web.Response(text="alive")
        return web.Response(status=503, text="worker not running")

    async def ready(self, request: web.Request) -> web.Response:
        if not self.worker.is_running:
            return web.Response(status=503, text="worker not running")
        if self.draining:
            return web.Response(status=503, text="shutting down")
        try:
            await self.client.service_client.check_health(timeout=timedelta(seconds=1))
        except Exception:
            return web.Response(status=503, text="Temporal server unreachable")
        return web.Response(text="ready")

    async def start(self, host: str, port: int) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()

    async def stop(self) -> None:
        await self._runner.cleanup()


# endregion: health-server


@activity.defn
async def noop() -> None:
    """The demo worker needs something to poll for."""


async def probe(session: ClientSession, base: str) -> str:
    answers = []
    for path in ("/health", "/ready"):
        async with session.get(base + path) as response:
            answers.append(f"{path} {response.status} {await response.text()}")
    return ", ".join(answers)


async def wait_until_ready(session: ClientSession, base: str) -> None:
    """Poll /ready the way a readiness probe does (bounded)."""
    for _ in range(100):
        async with session.get(base + "/ready") as response:
            if response.status == 200:
                return
        await asyncio.sleep(0.1)
    raise TimeoutError("worker never became ready")


async def main() -> None:
    async with temporal_client() as client:
        worker = Worker(client, task_queue=f"health-{uuid.uuid4()}", activities=[noop])
        health = HealthServer(client, worker)
        await health.start("127.0.0.1", 0)  # port 0: any free port
        base = f"http://127.0.0.1:{health._runner.addresses[0][1]}"
        async with ClientSession() as session:
            print("not started:", await probe(session, base))
            async with worker:
                await wait_until_ready(session, base)
                print("polling:    ", await probe(session, base))
                health.draining = True  # what the SIGTERM handler does first
                print("draining:   ", await probe(session, base))
            print("stopped:    ", await probe(session, base))
        await health.stop()


if __name__ == "__main__":
    asyncio.run(main())

"""The production worker: what the container in ``k8s/worker-deployment.yaml`` runs.

- Connects with ``examples.connect.temporal_client``: the cluster named by
  ``TEMPORAL_ADDRESS`` (and the other ``TEMPORAL_*`` variables), or, without it,
  an embedded dev server.
- Polls ``TASK_QUEUE`` (default ``orders``) with explicit capacity limits.
- Serves ``/health`` and ``/ready`` on ``HEALTH_HOST:HEALTH_PORT``.
- On SIGTERM (what Kubernetes sends before stopping a pod) or Ctrl-C: reports
  not-ready, stops polling, lets the activities in flight finish, exits 0.

Run it: ``python -m examples.lesson9.worker``, then stop it with Ctrl-C or
``kill -TERM <pid>``.
"""

import asyncio
import os
import signal
from datetime import timedelta

from temporalio.client import Client
from temporalio.worker import Worker

from examples.connect import temporal_client
from examples.lesson9.health import HealthServer
from examples.lesson9.orders import OrderWorkflow, charge_payment

TASK_QUEUE = os.environ.get("TASK_QUEUE", "orders")
HEALTH_HOST = os.environ.get("HEALTH_HOST", "127.0.0.1")  # 0.0.0.0 in a container
HEALTH_PORT = int(os.environ.get("HEALTH_PORT", "8080"))
# Keep it below terminationGracePeriodSeconds in k8s/worker-deployment.yaml.
GRACEFUL_SHUTDOWN = timedelta(seconds=30)


# region: worker-options
def create_worker(client: Client) -> Worker:
    return Worker(
        client,
        task_queue=TASK_QUEUE,
        workflows=[OrderWorkflow],
        activities=[charge_payment],
        # Capacity of this process (the defaults are 100 slots each).
        max_concurrent_activities=50,
        max_concurrent_workflow_tasks=10,
        # On shutdown, activities in flight get this long to finish before
        # they are canceled. The default is zero: cancel them at once.
        graceful_shutdown_timeout=GRACEFUL_SHUTDOWN,
        # If this process dies, a workflow task waiting on its sticky queue moves
        # to the normal task queue after this long (default 10 s).
        sticky_queue_schedule_to_start_timeout=timedelta(seconds=3),
    )


# endregion: worker-options


async def main() -> None:
    async with temporal_client() as client:
        worker = create_worker(client)
        health = HealthServer(client, worker)
        await health.start(HEALTH_HOST, HEALTH_PORT)

        # region: graceful-shutdown
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)

        async with worker:  # polls until the block ends
            print("worker: polling for tasks")
            await stop.wait()
            print("worker: stop requested, no new tasks, finishing the tasks in flight")
            health.draining = True  # /ready answers 503 from now on
        # Leaving the block called worker.shutdown(): polling stopped at once,
        # and it waited for the activities in flight (up to GRACEFUL_SHUTDOWN).
        print("worker: stopped cleanly")
        # endregion: graceful-shutdown
        await health.stop()


if __name__ == "__main__":
    asyncio.run(main())

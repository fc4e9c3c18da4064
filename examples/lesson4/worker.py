"""Lesson 4: a worker for the order workflow, on the task queue lesson4-orders.

It runs until you stop it (Ctrl-C). Start it against your own server, then
start workflows on that queue from another terminal (``cli.sh``):

    TEMPORAL_ADDRESS=localhost:7233 python -m examples.lesson4.worker
"""

import asyncio
import contextlib

from temporalio.worker import Worker

from examples.connect import temporal_client
from examples.lesson4.first_workflow import ACTIVITIES, OrderWorkflow


async def main() -> None:
    async with temporal_client() as client:
        # region: worker
        worker = Worker(
            client,
            task_queue="lesson4-orders",
            workflows=[OrderWorkflow],
            activities=ACTIVITIES,
        )
        print("worker polling task queue lesson4-orders (Ctrl-C stops it)", flush=True)
        await worker.run()
        # endregion: worker


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: stop without a traceback
        asyncio.run(main())

"""Lesson 4: one workflow id, two runs.

Starting the id of a closed workflow again makes a new run, with a new run id.

Run it: python -m examples.lesson4.run_ids
"""

import asyncio
import uuid

from temporalio.worker import Worker

from examples.connect import temporal_client
from examples.lesson4.first_workflow import ACTIVITIES, Order, OrderWorkflow


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"lesson4-orders-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[OrderWorkflow],
            activities=ACTIVITIES,
        ):
            order = Order("A-1004", 4200)
            # region: two-runs
            first = await client.start_workflow(
                OrderWorkflow.run, order, id="order-A-1004", task_queue=task_queue
            )
            await first.result()
            # The first run has closed: the default reuse policy (ALLOW_DUPLICATE)
            # lets the same id start again, as a new run with a new run id.
            second = await client.start_workflow(
                OrderWorkflow.run, order, id="order-A-1004", task_queue=task_queue
            )
            await second.result()
            print(f"same workflow id: {first.id == second.id}")
            print(f"different run ids: {first.result_run_id != second.result_run_id}")

            # A handle with a run id targets that run; without one, the latest.
            old = client.get_workflow_handle(first.id, run_id=first.result_run_id)
            latest = client.get_workflow_handle(first.id)
            first_status = (await old.describe()).status
            assert first_status is not None
            print(f"first run: {first_status.name}")
            latest_run_id = (await latest.describe()).run_id
            print(f"latest run is the second: {latest_run_id == second.result_run_id}")
            # endregion: two-runs


if __name__ == "__main__":
    asyncio.run(main())

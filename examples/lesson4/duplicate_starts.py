"""Lesson 4: what starting an id that is taken does, under each policy.

While a run is open, a second start fails (or, with a conflict policy, returns
that run). Once it has closed, the reuse policy decides whether the id may
start a new run.

Run it: python -m examples.lesson4.duplicate_starts
"""

import asyncio
import uuid

from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.worker import Worker

from examples.connect import temporal_client
from examples.lesson4.first_workflow import ACTIVITIES, Order, OrderWorkflow


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"lesson4-orders-{uuid.uuid4()}"
        order = Order("A-1005", 4200)
        # region: while-open
        # No worker yet: the server records the start, and the run stays open.
        running = await client.start_workflow(
            OrderWorkflow.run, order, id="order-A-1005", task_queue=task_queue
        )
        try:
            await client.start_workflow(
                OrderWorkflow.run, order, id="order-A-1005", task_queue=task_queue
            )
        except WorkflowAlreadyStartedError as err:
            print(f"while open, default policy: {type(err).__name__}: {err}")

        existing = await client.start_workflow(
            OrderWorkflow.run,
            order,
            id="order-A-1005",
            task_queue=task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        )
        same = existing.result_run_id == running.result_run_id
        print(f"while open, USE_EXISTING: the same run ({same})")
        # endregion: while-open

        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[OrderWorkflow],
            activities=ACTIVITIES,
        ):
            await running.result()  # the worker runs it to completion

            # region: after-close
            try:
                await client.start_workflow(
                    OrderWorkflow.run,
                    order,
                    id="order-A-1005",
                    task_queue=task_queue,
                    id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                )
            except WorkflowAlreadyStartedError as err:
                print(f"after close, REJECT_DUPLICATE: {type(err).__name__}: {err}")

            again = await client.start_workflow(  # default: ALLOW_DUPLICATE
                OrderWorkflow.run, order, id="order-A-1005", task_queue=task_queue
            )
            new_run = again.result_run_id != running.result_run_id
            print(f"after close, default policy: a new run ({new_run})")
            print(await again.result())
            # endregion: after-close


if __name__ == "__main__":
    asyncio.run(main())

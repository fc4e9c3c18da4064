"""Lesson 6: signal-with-start and update-with-start: message it, start it if needed.

A client that does not know whether an order's approval workflow is running
yet should not start it, then signal it: between the two calls, another client
could start it first. One call does both: the server starts the workflow if
no run of that id is open, and delivers the message either way.

Run it: python -m examples.lesson6.with_start
"""

import asyncio
import uuid

from temporalio.client import Client, WithStartWorkflowOperation
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.worker import Worker

from examples.connect import temporal_client
from examples.lesson6.approval import (
    ApprovalRequest,
    ApprovalWorkflow,
    Decision,
    Discount,
    reprice,
)


async def run_orders(client: Client, task_queue: str) -> None:
    # region: signal-with-start
    handle = await client.start_workflow(
        ApprovalWorkflow.run,
        ApprovalRequest("W-1", 30000, deadline_seconds=60),
        id=f"approval-W-1-{uuid.uuid4()}",
        task_queue=task_queue,
        start_signal="decide",  # the signal's name, and its argument
        start_signal_args=[Decision(approved=True, by="sam")],
    )
    print(f"signal-with-start: {await handle.result()}")
    # endregion: signal-with-start

    # region: update-with-start
    start = WithStartWorkflowOperation(
        ApprovalWorkflow.run,
        ApprovalRequest("W-2", 20000, deadline_seconds=60),
        id=f"approval-W-2-{uuid.uuid4()}",
        task_queue=task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,  # required
    )
    new_total = await client.execute_update_with_start_workflow(
        ApprovalWorkflow.apply_discount, Discount(5), start_workflow_operation=start
    )
    print(f"update-with-start: new total {new_total} cents")
    handle = await start.workflow_handle()  # the workflow it started
    await handle.signal(ApprovalWorkflow.decide, Decision(approved=False, by="sam"))
    print(f"result: {await handle.result()}")
    # endregion: update-with-start


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"lesson6-with-start-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[ApprovalWorkflow],
            activities=[reprice],
        ):
            await run_orders(client, task_queue)


if __name__ == "__main__":
    asyncio.run(main())

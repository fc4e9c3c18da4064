"""A real backlog: workflows started while no worker polls, then drained by workers.

Reads the task queue's backlog the way ``temporal task-queue describe`` does
(``check_backlog.sh``), through the ``DescribeTaskQueue`` API.

Run it: ``python -m examples.lesson9.backlog``
"""

import asyncio
import uuid
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@activity.defn
async def ship(order_id: str) -> str:
    await asyncio.sleep(0.05)
    return f"shipped {order_id}"


@workflow.defn
class ShipOrderWorkflow:
    @workflow.run
    async def run(self, order_id: str) -> str:
        return await workflow.execute_activity(
            ship, order_id, start_to_close_timeout=timedelta(seconds=10)
        )


# region: describe
async def workflow_backlog(client: Client, task_queue: str) -> int:
    """Workflow tasks waiting for a worker (approximate, like the CLI's
    ApproximateBacklogCount)."""
    response = await client.workflow_service.describe_task_queue(
        DescribeTaskQueueRequest(
            namespace=client.namespace,
            task_queue=TaskQueue(name=task_queue),
            task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
            report_stats=True,
        )
    )
    return response.stats.approximate_backlog_count


# endregion: describe


async def wait_for_backlog(client: Client, task_queue: str, expected: int) -> int:
    """The count is approximate and refreshed by the server: poll it (bounded)."""
    for _ in range(100):
        if (count := await workflow_backlog(client, task_queue)) == expected:
            return count
        await asyncio.sleep(0.1)
    return await workflow_backlog(client, task_queue)


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"backlog-demo-{uuid.uuid4()}"
        handles = [
            await client.start_workflow(
                ShipOrderWorkflow.run,
                f"order-{n}",
                id=f"ship-{n}-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            for n in range(1, 21)
        ]
        print("20 orders started, no worker running")
        print("backlog:", await wait_for_backlog(client, task_queue, 20))

        # region: drain
        # One worker polls both task types here. To add capacity, give it more slots
        # (max_concurrent_activities, ...) or run more processes (pods).
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[ShipOrderWorkflow],
            activities=[ship],
        ):
            results = await asyncio.gather(*(h.result() for h in handles))
            print(f"worker started: {len(results)} orders shipped")
            print("backlog:", await wait_for_backlog(client, task_queue, 0))
        # endregion: drain


if __name__ == "__main__":
    asyncio.run(main())

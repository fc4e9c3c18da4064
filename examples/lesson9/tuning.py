"""Worker tuning: the options that set how much one worker process does at once.

Starts 6 slow activities on a worker allowed 2 at a time, and shows that
never more than 2 ran together: the other 4 waited in the task queue.

Run it: ``python -m examples.lesson9.tuning``
"""

import asyncio
import uuid
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import PollerBehaviorAutoscaling, Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client

running = 0
most_at_once = 0


@activity.defn
async def pack(item: int) -> int:
    global running, most_at_once
    running += 1
    most_at_once = max(most_at_once, running)
    await asyncio.sleep(0.2)
    running -= 1
    return item


@workflow.defn
class PackOrderWorkflow:
    @workflow.run
    async def run(self, items: int) -> int:
        packed = await asyncio.gather(
            *(
                workflow.execute_activity(
                    pack, i, start_to_close_timeout=timedelta(seconds=30)
                )
                for i in range(items)
            )
        )
        return len(packed)


# region: tuned-worker
def tuned_worker(client: Client, task_queue: str, activity_slots: int) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[PackOrderWorkflow],
        activities=[pack],
        max_concurrent_activities=activity_slots,  # default 100
        max_concurrent_workflow_tasks=10,  # default 100
        # workflows kept in memory between tasks (default 1000)
        max_cached_workflows=500,
        # Pollers: how many long-polls to keep open; autoscaling adds pollers
        # while there is a backlog (the default is a fixed maximum of 5).
        activity_task_poller_behavior=PollerBehaviorAutoscaling(minimum=1, maximum=10),
        # Rate limits, if a downstream service needs protecting:
        max_activities_per_second=100,  # this worker
        max_task_queue_activities_per_second=500,  # all workers of the queue together
    )


# endregion: tuned-worker


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"tuning-{uuid.uuid4()}"
        async with tuned_worker(client, task_queue, activity_slots=2):
            packed = await client.execute_workflow(
                PackOrderWorkflow.run,
                6,
                id=f"pack-{uuid.uuid4()}",
                task_queue=task_queue,
            )
        print(f"packed {packed} items; at most {most_at_once} activities ran at once")


if __name__ == "__main__":
    asyncio.run(main())

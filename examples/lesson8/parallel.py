"""Lesson 8, quiz question 7: don't await independent activities one by one.

``await workflow.execute_activity(...)`` waits for the activity to finish
before the next line runs. For steps that don't need each other's results,
start them all, then wait for all: the workflow takes as long as the slowest
one, not the sum.

The history shows the difference: in the sequential workflow each activity is
scheduled by its own workflow task, after the previous activity completed; in
the parallel one a single workflow task schedules both.

Run it: python -m examples.lesson8.parallel
"""

import asyncio
import uuid
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@activity.defn
async def send_email(order_id: str) -> None:
    pass  # would call the mail service


@activity.defn
async def send_sms(order_id: str) -> None:
    pass  # would call the SMS gateway


TIMEOUT = timedelta(seconds=10)


# region: sequential
# ❌ The SMS waits for the email, for no reason.
@workflow.defn
class SequentialNotifications:
    @workflow.run
    async def run(self, order_id: str) -> None:
        await workflow.execute_activity(
            send_email, order_id, start_to_close_timeout=TIMEOUT
        )
        await workflow.execute_activity(
            send_sms, order_id, start_to_close_timeout=TIMEOUT
        )


# endregion: sequential


# region: parallel
# ✅ Both start at once; gather waits for both (and raises the first failure).
@workflow.defn
class ParallelNotifications:
    @workflow.run
    async def run(self, order_id: str) -> None:
        await asyncio.gather(
            workflow.execute_activity(
                send_email, order_id, start_to_close_timeout=TIMEOUT
            ),
            workflow.execute_activity(
                send_sms, order_id, start_to_close_timeout=TIMEOUT
            ),
        )


# endregion: parallel


def scheduling(history: WorkflowHistory) -> list[list[str]]:
    """The activities each workflow task scheduled, in order."""
    batches: dict[int, list[str]] = {}
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            attributes = event.activity_task_scheduled_event_attributes
            batches.setdefault(attributes.workflow_task_completed_event_id, []).append(
                attributes.activity_type.name
            )
    return list(batches.values())


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"lesson8-notify-{uuid.uuid4()}"
        workflows: list[type[SequentialNotifications] | type[ParallelNotifications]]
        workflows = [SequentialNotifications, ParallelNotifications]
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=workflows,
            activities=[send_email, send_sms],
        ):
            for workflow_class in workflows:
                handle = await client.start_workflow(
                    workflow_class.run,
                    "A-1",
                    id=f"notify-{uuid.uuid4()}",
                    task_queue=task_queue,
                )
                await handle.result()
                batches = scheduling(await handle.fetch_history())
                print(
                    f"{workflow_class.__name__}:"
                    f" {len(batches)} workflow task(s) scheduled {batches}"
                )


if __name__ == "__main__":
    asyncio.run(main())

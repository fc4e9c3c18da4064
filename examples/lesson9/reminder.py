"""A workflow that spends most of its life waiting on a durable timer.

It charges, waits, then sends a payment reminder. While it waits, nothing runs
anywhere: the timer is a row in the server's database. If the server has a
persistent database (``--db-filename`` for the dev server, PostgreSQL/MySQL/
Cassandra in production), the timer survives a crash of the server.

Run it: ``python -m examples.lesson9.reminder`` (embedded dev server, 2 s timer).
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class Reminder:
    order_id: str
    wait_seconds: float


@activity.defn
async def notify(message: str) -> str:
    print(f"notify: {message}")
    return f"sent {message!r}"


# region: workflow
@workflow.defn
class ReminderWorkflow:
    @workflow.run
    async def run(self, reminder: Reminder) -> list[str]:
        first = await workflow.execute_activity(
            notify,
            f"{reminder.order_id} received",
            start_to_close_timeout=timedelta(seconds=10),
        )
        # A durable timer: stored by the server, not held in this process.
        await workflow.sleep(timedelta(seconds=reminder.wait_seconds))
        second = await workflow.execute_activity(
            notify,
            f"{reminder.order_id}: please pay",
            start_to_close_timeout=timedelta(seconds=10),
        )
        return [first, second]


# endregion: workflow


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"reminders-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[ReminderWorkflow],
            activities=[notify],
        ):
            result = await client.execute_workflow(
                ReminderWorkflow.run,
                Reminder("order-42", 2),
                id=f"reminder-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            print(result)


if __name__ == "__main__":
    asyncio.run(main())

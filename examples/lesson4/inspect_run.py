"""Lesson 4: look at a run from a client: describe it, query it, read its history.

Run it: python -m examples.lesson4.inspect_run
"""

import asyncio
import uuid

from temporalio.api.enums.v1 import EventType
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
            handle = await client.start_workflow(
                OrderWorkflow.run,
                Order("A-1003", 4200),
                id="order-A-1003",
                task_queue=task_queue,
            )
            await handle.result()

            # region: inspect
            description = await handle.describe()
            status = description.status
            assert status is not None  # None only for a run the server does not know
            print(f"workflow {description.id}: {status.name}")
            print(f"type: {description.workflow_type}")
            # A query runs the workflow's query method on a worker, even after
            # the workflow has completed.
            print(f"query status: {await handle.query(OrderWorkflow.status)}")
            print("history:")
            async for event in handle.fetch_history_events():
                # EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> WorkflowExecutionStarted
                words = EventType.Name(event.event_type).split("_")[2:]
                print(f"  {event.event_id:2} {''.join(w.title() for w in words)}")
            # endregion: inspect


if __name__ == "__main__":
    asyncio.run(main())

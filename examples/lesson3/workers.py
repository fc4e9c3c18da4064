"""Lesson 3: a worker runs only what is registered on it.

A worker is created for one task queue, with the workflows and activities it
may run. Forget one and nothing fails at once: the task that needs it fails
on the worker, and Temporal retries it until a worker that has it comes
along. The script shows that, and the errors a worker raises when it is
created wrongly.

Run it: python -m examples.lesson3.workers
"""

import asyncio
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.exceptions import ApplicationError
from temporalio.runtime import (
    LogForwardingConfig,
    LoggingConfig,
    Runtime,
    TelemetryConfig,
)
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client


@dataclass
class Order:
    order_id: str
    customer_email: str
    total_cents: int


@activity.defn
async def reserve_inventory(order: Order) -> str:
    return f"res-{order.order_id}"


@activity.defn
async def charge_payment(order: Order) -> str:
    return f"pay-{order.order_id}"


# A sync activity (a plain def): for blocking libraries. It runs in a thread
# of the worker's activity_executor, never on the worker's event loop.
@activity.defn
def print_invoice(order: Order) -> str:
    return f"inv-{order.order_id}"


@workflow.defn
class OrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        steps = [reserve_inventory, charge_payment]
        for step in steps:
            await workflow.execute_activity(
                step, order, start_to_close_timeout=timedelta(seconds=10)
            )
        return await workflow.execute_activity(
            print_invoice, order, start_to_close_timeout=timedelta(seconds=10)
        )


@workflow.defn
class InvoiceWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        return await workflow.execute_activity(
            print_invoice, order, start_to_close_timeout=timedelta(seconds=10)
        )


async def pending_activity_error(handle: WorkflowHandle[Any, Any]) -> str:
    """The last error of the workflow's pending activity, once it has one."""
    while True:
        for pending in (await handle.describe()).raw_description.pending_activities:
            if pending.last_failure.message:
                return pending.last_failure.message.replace(handle.id, "<id>")
        await asyncio.sleep(0.2)


async def workflow_task_error(handle: WorkflowHandle[Any, Any]) -> str:
    """The message of the workflow's first failed workflow task."""
    async for event in handle.fetch_history_events(wait_new_event=True):
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
            return event.workflow_task_failed_event_attributes.failure.message
    raise RuntimeError("the workflow closed without a failed workflow task")


async def start(client: Client, task_queue: str) -> WorkflowHandle[Any, Any]:
    return await client.start_workflow(
        OrderWorkflow.run,
        Order("A-1001", "ada@example.com", 4200),
        id=f"order-A-1001-{uuid.uuid4()}",
        task_queue=task_queue,
    )


async def main() -> None:
    # The forgotten registrations fail tasks on purpose ("NotFoundError: ..."):
    # the worker logs each in one line.
    expect_failures(ApplicationError)
    # The SDK's core would log each failed workflow task again: keep only its
    # errors, and send them to Python's logging (stderr).
    core_logs = LogForwardingConfig(logger=logging.getLogger("temporalio.core"))
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=LoggingConfig("ERROR", core_logs)))
    )
    async with temporal_client() as client:
        with ThreadPoolExecutor(max_workers=10) as threads:
            # region: register
            task_queue = f"lesson3-orders-{uuid.uuid4()}"
            worker = Worker(
                client,
                task_queue=task_queue,
                workflows=[OrderWorkflow],
                activities=[reserve_inventory, charge_payment, print_invoice],
                activity_executor=threads,  # where sync activities run
            )
            async with worker:
                handle = await start(client, task_queue)
                print(f"All registered: {await handle.result()}")
            # endregion: register

            # region: forgot-activity
            task_queue = f"lesson3-orders-{uuid.uuid4()}"
            async with Worker(
                client,
                task_queue=task_queue,
                workflows=[OrderWorkflow],
                activities=[reserve_inventory, print_invoice],  # no charge_payment
                activity_executor=threads,
            ):
                handle = await start(client, task_queue)
                print(f"No charge_payment: {await pending_activity_error(handle)}")
            # endregion: forgot-activity
            # The workflow waits, RUNNING, for a worker that has charge_payment.
            async with Worker(
                client,
                task_queue=task_queue,
                workflows=[OrderWorkflow],
                activities=[reserve_inventory, charge_payment, print_invoice],
                activity_executor=threads,
            ):
                print(f"  then a worker that has it: {await handle.result()}")

            # region: forgot-workflow
            task_queue = f"lesson3-orders-{uuid.uuid4()}"
            async with Worker(
                client,
                task_queue=task_queue,
                workflows=[InvoiceWorkflow],  # not OrderWorkflow
                activities=[print_invoice],
                activity_executor=threads,
            ):
                handle = await start(client, task_queue)
                print(f"No OrderWorkflow: {await workflow_task_error(handle)}")
                await handle.terminate("no worker for it")
            # endregion: forgot-workflow

            # region: construction-errors
            try:
                Worker(client, task_queue=task_queue, activities=[print_invoice])
            except ValueError as error:
                print(f"Sync activity, no executor: {error}")
            async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow]):
                try:
                    Worker(client, task_queue=task_queue, workflows=[OrderWorkflow])
                except RuntimeError as error:
                    # A long message from the SDK's core; its reason is the gist.
                    reason = str(error).split("Caused by:")[-1].strip().split(": ")[0]
                    print(f"Second worker, same client and queue: {reason}")
            # endregion: construction-errors


if __name__ == "__main__":
    asyncio.run(main())

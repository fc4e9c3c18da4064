"""Lesson 2: activity options, timeouts first.

Booking the carrier is an activity with options set where it is called: how
long one attempt may take (start_to_close_timeout), how long all attempts
together may take (schedule_to_close_timeout), and how to retry in between
(retry_policy). The script books a carrier that is slow once, one that is
down, and shows what happens to a call with no timeout at all.

Run it: python -m examples.lesson2.timeouts
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowFailureError, WorkflowHandle
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError
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
class ShipmentRequest:
    order_id: str
    slow_attempts: int  # how many attempts the carrier leaves unanswered


@activity.defn
async def book_carrier(request: ShipmentRequest) -> str:
    attempt = activity.info().attempt
    if attempt <= request.slow_attempts:
        await asyncio.sleep(3)  # the carrier's API hangs
    return f"ship-{request.order_id} (attempt {attempt})"


@workflow.defn
class ShipmentWorkflow:
    @workflow.run
    async def run(self, request: ShipmentRequest) -> str:
        # region: options
        return await workflow.execute_activity(
            book_carrier,
            request,
            # One attempt may take 1 s; then Temporal counts it as failed.
            start_to_close_timeout=timedelta(seconds=1),
            # All attempts, and the waits between them, may take 4 s.
            schedule_to_close_timeout=timedelta(seconds=4),
            # Wait 1 s before the first retry, twice as long before each next.
            retry_policy=RetryPolicy(
                initial_interval=timedelta(seconds=1), backoff_coefficient=2.0
            ),
        )
        # endregion: options


# region: no-timeout
@workflow.defn
class NoTimeoutWorkflow:
    @workflow.run
    async def run(self, request: ShipmentRequest) -> str:
        # ❌ No start_to_close_timeout, no schedule_to_close_timeout.
        return await workflow.execute_activity(book_carrier, request)


# endregion: no-timeout


async def status(handle: WorkflowHandle[Any, Any]) -> str:
    described = (await handle.describe()).status
    return described.name if described else "unknown"


async def first_task_failure(handle: WorkflowHandle[Any, Any]) -> str:
    """Wait for the workflow's first failed workflow task; return its message."""
    async for event in handle.fetch_history_events(wait_new_event=True):
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
            return event.workflow_task_failed_event_attributes.failure.message
    raise RuntimeError("the workflow closed without a failed workflow task")


async def main() -> None:
    # The call without a timeout fails its workflow task on purpose (ValueError):
    # the worker logs it in one line.
    expect_failures(ValueError)
    # The SDK's core would log that task again, and warn of each timed-out
    # attempt that still reports back: keep only its errors, and send them to
    # Python's logging (stderr).
    core_logs = LogForwardingConfig(logger=logging.getLogger("temporalio.core"))
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=LoggingConfig("ERROR", core_logs)))
    )
    async with temporal_client() as client:
        task_queue = f"lesson2-timeouts-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[ShipmentWorkflow, NoTimeoutWorkflow],
            activities=[book_carrier],
        ):
            # region: main
            slow_once = ShipmentRequest("A-1001", slow_attempts=1)
            shipment = await client.execute_workflow(
                ShipmentWorkflow.run,
                slow_once,
                id=f"ship-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            print(f"Carrier slow once: booked {shipment}")

            down = ShipmentRequest("A-1002", slow_attempts=99)
            try:
                await client.execute_workflow(
                    ShipmentWorkflow.run,
                    down,
                    id=f"ship-{uuid.uuid4()}",
                    task_queue=task_queue,
                )
            except WorkflowFailureError as failure:
                # The workflow failed with the activity's error; its cause says
                # which timeout ended it.
                if isinstance(failure.cause, ActivityError):
                    print(f"Carrier down: gave up: {failure.cause.cause}")
            # endregion: main

            handle = await client.start_workflow(
                NoTimeoutWorkflow.run,
                slow_once,
                id=f"ship-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            print(
                f"No timeout: workflow task failed: {await first_task_failure(handle)}"
            )
            print(f"  the workflow is {await status(handle)}")
            await handle.terminate("an activity call without a timeout")


if __name__ == "__main__":
    asyncio.run(main())

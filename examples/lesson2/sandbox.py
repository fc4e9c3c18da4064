"""Lesson 2: the workflow sandbox refuses what would not replay the same way.

A workflow's code runs again on replay and must make the same decisions each
time. The clock, random numbers, new ids, files, the network, sleeping
threads: each gives another answer on another run. The Python SDK runs
workflow code in a sandbox that stops such calls with
``RestrictedWorkflowAccessError``. The ``workflow`` module has deterministic
replacements for the common ones; anything else belongs in an activity.

Run it: python -m examples.lesson2.sandbox
"""

import asyncio
import logging
import os
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.runtime import (
    LogForwardingConfig,
    LoggingConfig,
    Runtime,
    TelemetryConfig,
)
from temporalio.worker import Replayer, Worker
from temporalio.worker.workflow_sandbox import RestrictedWorkflowAccessError

with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client


@dataclass
class Order:
    order_id: str
    customer_email: str
    total_cents: int


@dataclass
class Confirmation:
    order_id: str
    confirmation_code: str
    placed_at: str  # ISO 8601, UTC
    delivery_estimate: str  # ISO date


# region: naive
# ❌ Not deterministic: another clock reading and another id on every replay.
@workflow.defn
class NaiveConfirmationWorkflow:
    @workflow.run
    async def run(self, order: Order) -> Confirmation:
        placed_at = datetime.now(UTC)
        code = str(uuid.uuid4())[:8].upper()
        estimate = placed_at + timedelta(days=random.randint(2, 5))
        return Confirmation(
            order.order_id, code, placed_at.isoformat(), estimate.date().isoformat()
        )


# endregion: naive


# region: deterministic
# ✅ The same values on every replay: workflow.now() is the time of the
# workflow task, and workflow.uuid4() and workflow.random() give the same
# values again when the code is replayed.
@workflow.defn
class ConfirmationWorkflow:
    @workflow.run
    async def run(self, order: Order) -> Confirmation:
        placed_at = workflow.now()
        code = str(workflow.uuid4())[:8].upper()
        estimate = placed_at + timedelta(days=workflow.random().randint(2, 5))
        await workflow.sleep(timedelta(seconds=1))  # a durable timer, not time.sleep
        return Confirmation(
            order.order_id, code, placed_at.isoformat(), estimate.date().isoformat()
        )


# endregion: deterministic


def read_orders_file() -> str:
    with open("orders.csv") as orders:
        return orders.read()


# region: forbidden
# More calls a learner tries in a workflow, each refused by the sandbox.
FORBIDDEN: dict[str, Callable[[], Any]] = {
    "time.time()": time.time,
    "time.sleep(1)": lambda: time.sleep(1),
    "random.random()": random.random,
    "os.getenv('HOME')": lambda: os.getenv("HOME"),
    "open('orders.csv')": read_orders_file,
}
# endregion: forbidden


@workflow.defn
class ForbiddenCallWorkflow:
    @workflow.run
    async def run(self, call: str) -> None:
        FORBIDDEN[call]()


async def status(handle: WorkflowHandle[Any, Any]) -> str:
    described = (await handle.describe()).status
    return described.name if described else "unknown"


async def first_task_failure(handle: WorkflowHandle[Any, Any]) -> str:
    """Wait for the workflow's first failed workflow task; return its message."""
    async for event in handle.fetch_history_events(wait_new_event=True):
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
            message = event.workflow_task_failed_event_attributes.failure.message
            return message.split(" If this is code")[0]  # the rest is advice
    raise RuntimeError("the workflow closed without a failed workflow task")


async def start(
    client: Client, task_queue: str, run: Any, arg: Any
) -> WorkflowHandle[Any, Any]:
    return await client.start_workflow(
        run, arg, id=f"confirm-{uuid.uuid4()}", task_queue=task_queue
    )


async def main() -> None:
    # The refused calls fail on purpose: the worker logs each failed task in one line.
    expect_failures(RestrictedWorkflowAccessError)
    # The SDK's core would log each of those tasks again, failure and stack:
    # keep only its errors, and send them to Python's logging (stderr).
    core_logs = LogForwardingConfig(logger=logging.getLogger("temporalio.core"))
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=LoggingConfig("ERROR", core_logs)))
    )
    order = Order("A-1001", "ada@example.com", 4200)
    async with temporal_client() as client:
        task_queue = f"lesson2-sandbox-{uuid.uuid4()}"
        workflows = [
            NaiveConfirmationWorkflow,
            ConfirmationWorkflow,
            ForbiddenCallWorkflow,
        ]
        async with Worker(client, task_queue=task_queue, workflows=workflows):
            # region: main-naive
            handle = await start(
                client, task_queue, NaiveConfirmationWorkflow.run, order
            )
            print(f"NaiveConfirmationWorkflow: {await first_task_failure(handle)}")
            # A failed workflow task does not fail the workflow: Temporal
            # retries the task until a worker with fixed code runs it.
            print(f"  the workflow is {await status(handle)}")
            await handle.terminate("replaced by ConfirmationWorkflow")
            # endregion: main-naive

            for call in FORBIDDEN:
                handle = await start(
                    client, task_queue, ForbiddenCallWorkflow.run, call
                )
                print(f"{call}: {await first_task_failure(handle)}")
                await handle.terminate("a forbidden call")

            # region: main-deterministic
            handle = await start(client, task_queue, ConfirmationWorkflow.run, order)
            await handle.result()
            print(f"ConfirmationWorkflow: {await status(handle)}")
            # Replay its history, as a worker does after a crash: the same
            # decisions, so the same result.
            replayed = await Replayer(workflows=[ConfirmationWorkflow]).replay_workflow(
                await handle.fetch_history()
            )
            print(
                f"  replayed from its history: {replayed.replay_failure or 'no error'}"
            )
            # endregion: main-deterministic


if __name__ == "__main__":
    asyncio.run(main())

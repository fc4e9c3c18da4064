"""Lesson 5: which exceptions fail a workflow, and which only fail a workflow task.

An ApplicationError (any temporalio FailureError) raised by workflow code fails
the workflow. Any other exception, a KeyError here, is taken for a bug: only
the workflow *task* fails, and Temporal retries it until you deploy a fix, so
the workflow stays RUNNING. ``failure_exception_types`` makes chosen exception
types fail the workflow instead.

Run it: python -m examples.lesson5.workflow_failures
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowFailureError, WorkflowHandle
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
    coupon: str


COUPONS = {"WELCOME10": 10}  # percent off


# region: workflows
@workflow.defn
class RejectingOrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> int:
        if order.coupon not in COUPONS:
            # A business outcome: the workflow FAILS, with this error.
            raise ApplicationError(f"unknown coupon {order.coupon}", type="BadCoupon")
        return COUPONS[order.coupon]


@workflow.defn
class BuggyOrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> int:
        return COUPONS[order.coupon]  # KeyError: a bug; the workflow stays RUNNING


@workflow.defn(failure_exception_types=[KeyError])
class StrictOrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> int:
        return COUPONS[order.coupon]  # KeyError, declared a failure: FAILED


# endregion: workflows


async def first_task_failure(handle: WorkflowHandle[Any, Any]) -> str:
    """Wait for the workflow's first failed workflow task; return its error."""
    async for event in handle.fetch_history_events(wait_new_event=True):
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
            failure = event.workflow_task_failed_event_attributes.failure
            return f"{failure.application_failure_info.type}: {failure.message}"
    raise RuntimeError("the workflow closed without a failed workflow task")


async def run_order(client: Client, workflow_class: type, task_queue: str) -> None:
    print(f"{workflow_class.__name__}:")
    handle = await client.start_workflow(
        workflow_class.run,  # type: ignore[attr-defined]
        Order("F-1", "SUMMER99"),
        id=f"order-F-1-{uuid.uuid4()}",
        task_queue=task_queue,
    )
    # region: outcome
    try:
        await asyncio.wait_for(handle.result(), timeout=5)
    except WorkflowFailureError as err:
        print(f"  workflow FAILED: {err.cause}")
    except TimeoutError:  # no result: the workflow is still running
        print(f"  task failed: {await first_task_failure(handle)}")
        status = (await handle.describe()).status
        assert status is not None
        print(f"  workflow still {status.name}; terminating it")
        await handle.terminate("demo over")
    # endregion: outcome


async def main() -> None:
    # BuggyOrderWorkflow fails on purpose: the worker logs its failed task in one line.
    expect_failures(KeyError)
    # The SDK's core would log each retry of that task again, failure and stack:
    # keep only its errors, and send them to Python's logging (not the console).
    core_logs = LogForwardingConfig(logger=logging.getLogger("temporalio.core"))
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=LoggingConfig("ERROR", core_logs)))
    )
    async with temporal_client() as client:
        task_queue = f"lesson5-failures-{uuid.uuid4()}"
        workflows = [RejectingOrderWorkflow, BuggyOrderWorkflow, StrictOrderWorkflow]
        async with Worker(client, task_queue=task_queue, workflows=workflows):
            for workflow_class in workflows:
                await run_order(client, workflow_class, task_queue)


if __name__ == "__main__":
    asyncio.run(main())

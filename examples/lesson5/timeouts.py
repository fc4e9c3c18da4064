"""Lesson 5: three of the four activity timeouts, each ending a slow activity.

- start_to_close_timeout: the longest one attempt may run; a timed-out
  attempt is retried (here twice in all).
- schedule_to_close_timeout: the longest the whole activity may take, every
  attempt and every wait between them included.
- schedule_to_start_timeout: the longest a task may wait in its queue for a
  worker; not retried (another attempt would wait in the same queue).

The fourth, heartbeat_timeout, is in heartbeats.py.

Run it: python -m examples.lesson5.timeouts
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import WorkflowFailureError
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, TimeoutError
from temporalio.runtime import (
    LogForwardingConfig,
    LoggingConfig,
    Runtime,
    TelemetryConfig,
)
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class Lookup:
    order_id: str
    case: str  # which timeout to demonstrate


@activity.defn
async def slow_lookup(lookup: Lookup) -> str:
    await asyncio.sleep(3)  # a service that answers too late, every time
    return f"found {lookup.order_id}"


@workflow.defn
class TimeoutsWorkflow:
    @workflow.run
    async def run(self, lookup: Lookup) -> str:
        # region: timeouts
        if lookup.case == "start_to_close":
            return await workflow.execute_activity(
                slow_lookup,
                lookup,
                start_to_close_timeout=timedelta(seconds=1),  # each attempt
                retry_policy=RetryPolicy(maximum_attempts=2),
            )
        if lookup.case == "schedule_to_close":
            return await workflow.execute_activity(
                slow_lookup,
                lookup,
                start_to_close_timeout=timedelta(seconds=1),
                schedule_to_close_timeout=timedelta(seconds=2.5),  # all attempts
            )  # the default policy: unlimited attempts, stopped by the budget
        return await workflow.execute_activity(
            slow_lookup,
            lookup,
            task_queue="no-worker-polls-this-queue",
            schedule_to_start_timeout=timedelta(seconds=1),  # waiting in the queue
            start_to_close_timeout=timedelta(seconds=10),
        )
        # endregion: timeouts


async def main() -> None:
    # A timed-out attempt keeps running in the worker, and the SDK's core warns
    # when its late result finds no activity waiting. Keep only the core's errors,
    # and send them to Python's logging (not the console).
    core_logs = LogForwardingConfig(logger=logging.getLogger("temporalio.core"))
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=LoggingConfig("ERROR", core_logs)))
    )
    async with temporal_client() as client:
        task_queue = f"lesson5-timeouts-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[TimeoutsWorkflow],
            activities=[slow_lookup],
        ):
            for case in ["start_to_close", "schedule_to_close", "schedule_to_start"]:
                try:
                    await client.execute_workflow(
                        TimeoutsWorkflow.run,
                        Lookup("T-1", case),
                        id=f"lookup-{case}-{uuid.uuid4()}",
                        task_queue=task_queue,
                    )
                except WorkflowFailureError as err:
                    # region: chain
                    # WorkflowFailureError <- ActivityError <- TimeoutError
                    failure = err.cause
                    if isinstance(failure, ActivityError) and isinstance(
                        failure.cause, TimeoutError
                    ):
                        kind = failure.cause.type.name if failure.cause.type else "?"
                        state = failure.retry_state.name if failure.retry_state else "?"
                        print(f"{case}: {kind} timeout, {state}")
                    # endregion: chain


if __name__ == "__main__":
    asyncio.run(main())

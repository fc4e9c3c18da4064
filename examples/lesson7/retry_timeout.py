"""Quiz part 3, question 3: an activity that times out runs again.

Attempt 1 of ``add_credits`` writes, then takes longer than its
start-to-close timeout (its response would come too late). Temporal retries
it, and attempt 2 writes again: the user is credited twice. The retry cannot
know that attempt 1's write happened; only an idempotent activity
(``examples/lesson7/idempotency.py``) makes that harmless. Attempt 1 is still
sleeping when the workflow completes: the worker's shutdown cancels it, and
its report reaches a closed workflow, so the worker logs a warning.

Run it: python -m examples.lesson7.retry_timeout
"""

import asyncio
import logging
import uuid
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.common import RetryPolicy
from temporalio.runtime import (
    LogForwardingConfig,
    LoggingConfig,
    Runtime,
    TelemetryConfig,
)
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client

CREDITS: dict[str, int] = {}  # stands in for the database


# region: activity
@activity.defn
async def add_credits(user_id: str) -> int:
    CREDITS[user_id] = CREDITS.get(user_id, 0) + 100  # ❌ an increment
    if activity.info().attempt == 1:
        await asyncio.sleep(3)  # slower than the timeout: Temporal gives up on it
    return CREDITS[user_id]


# endregion: activity


# region: workflow
@workflow.defn
class AddCreditsWorkflow:
    @workflow.run
    async def run(self, user_id: str) -> int:
        return await workflow.execute_activity(
            add_credits,
            user_id,
            start_to_close_timeout=timedelta(seconds=1),
            retry_policy=RetryPolicy(
                initial_interval=timedelta(milliseconds=500),
                maximum_attempts=3,
            ),
        )


# endregion: workflow


async def main() -> None:
    # The worker warns when attempt 1's late report is refused. Send the SDK's own
    # log lines to Python's logging (stderr), as their message alone.
    core_logs = LogForwardingConfig(
        logger=logging.getLogger("temporalio.core"),
        prepend_target_on_message=False,
        append_log_fields_to_message=False,  # ids that differ on every run
    )
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=LoggingConfig("WARN", core_logs)))
    )

    async with temporal_client() as client:
        task_queue = f"lesson7-retry-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[AddCreditsWorkflow],
            activities=[add_credits],
        ):
            credits = await client.execute_workflow(
                AddCreditsWorkflow.run,
                "u-1",
                id=f"add-credits-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            print("the workflow added 100 credits once")
            print(
                f"the user has {credits} credits: attempt 1 wrote before it timed out"
            )


if __name__ == "__main__":
    asyncio.run(main())

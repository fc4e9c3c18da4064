"""Lesson 8, quiz question 7: time, randomness and ids in a workflow come from ``workflow``.

A workflow's code runs again on replay, and must make the same decisions as
the first time. ``workflow.now()``, ``workflow.random()`` and
``workflow.uuid4()`` do: the time is the workflow task's time and the random
seed is recorded in the history. ``datetime.now()``, ``random`` and
``uuid.uuid4()`` would not, so the workflow sandbox refuses them. (Python has
no ``SideEffect``; for any other non-deterministic value, call an activity.)

Run it: python -m examples.lesson8.determinism
"""

import asyncio
import logging
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHandle
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
class Offer:
    customer_id: str
    code: str
    channel: str
    expires_at: str


@activity.defn
async def send_email_offer(offer: Offer) -> None:
    pass  # would call the mail service


@activity.defn
async def send_sms_offer(offer: Offer) -> None:
    pass  # would call the SMS gateway


# region: deterministic
@workflow.defn
class OfferWorkflow:
    @workflow.run
    async def run(self, customer_id: str) -> Offer:
        expires_at = workflow.now() + timedelta(days=7)  # not datetime.now()
        code = str(workflow.uuid4())[:8].upper()  # not uuid.uuid4()
        channel = workflow.random().choice(["email", "sms"])  # not random.choice()

        # A replay takes the same branch, so it schedules the same activity.
        send = send_email_offer if channel == "email" else send_sms_offer
        offer = Offer(customer_id, code, channel, expires_at.isoformat())
        await workflow.execute_activity(
            send, offer, start_to_close_timeout=timedelta(seconds=10)
        )
        return offer


# endregion: deterministic


# region: non-deterministic
# ❌ Each call below gives another value on replay: the sandbox stops the first one.
@workflow.defn
class NaiveOfferWorkflow:
    @workflow.run
    async def run(self, customer_id: str) -> Offer:
        expires_at = datetime.now(UTC) + timedelta(days=7)
        code = str(uuid.uuid4())[:8].upper()
        channel = random.choice(["email", "sms"])

        send = send_email_offer if channel == "email" else send_sms_offer
        offer = Offer(customer_id, code, channel, expires_at.isoformat())
        await workflow.execute_activity(
            send, offer, start_to_close_timeout=timedelta(seconds=10)
        )
        return offer


# endregion: non-deterministic


async def first_task_failure(handle: WorkflowHandle) -> str:
    """Wait for the workflow's first failed workflow task and return its message."""
    async for event in handle.fetch_history_events(wait_new_event=True):
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
            return event.workflow_task_failed_event_attributes.failure.message
    raise RuntimeError("the workflow closed without a failed workflow task")


async def main() -> None:
    # NaiveOfferWorkflow fails on purpose: the worker logs its failed task in one line.
    expect_failures(RestrictedWorkflowAccessError)
    # The SDK's core would log each retry of that task again, failure and stack:
    # keep only its errors, and send them to Python's logging (not the console).
    core_logs = LogForwardingConfig(logger=logging.getLogger("temporalio.core"))
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=LoggingConfig("ERROR", core_logs)))
    )

    async with temporal_client() as client:
        task_queue = f"lesson8-offers-{uuid.uuid4()}"
        workflows = [OfferWorkflow, NaiveOfferWorkflow]
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=workflows,
            activities=[send_email_offer, send_sms_offer],
        ):
            handle = await client.start_workflow(
                OfferWorkflow.run,
                "customer-1",
                id=f"offer-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            await handle.result()
            print(
                f"OfferWorkflow: {(await handle.describe()).status.name}; replaying its history:"
            )
            history = await handle.fetch_history()
            for attempt in range(1, 6):
                result = await Replayer(workflows=[OfferWorkflow]).replay_workflow(
                    history, raise_on_replay_failure=False
                )
                print(
                    f"  replay {attempt}: {'ok' if result.replay_failure is None else result.replay_failure}"
                )

            handle = await client.start_workflow(
                NaiveOfferWorkflow.run,
                "customer-1",
                id=f"offer-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            message = await first_task_failure(handle)
            print(f"NaiveOfferWorkflow: workflow task failed: {message.split('. ')[0]}")
            # A failed workflow task does not fail the workflow: it is retried
            # (and fails again) until the code is fixed and deployed.
            print(f"  the workflow is still {(await handle.describe()).status.name}")
            await handle.terminate("fixed in OfferWorkflow")


if __name__ == "__main__":
    asyncio.run(main())

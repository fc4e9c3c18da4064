"""examples/lesson8/determinism.py: the sandbox refuses non-deterministic calls; workflow.* replays identically."""

import random
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus
from temporalio.worker import Replayer, Worker

from examples.lesson8.determinism import (
    NaiveOfferWorkflow,
    OfferWorkflow,
    first_task_failure,
    send_email_offer,
    send_sms_offer,
)

# The workflow sandbox re-imports this module for the workflows below.
with workflow.unsafe.imports_passed_through():
    from tests.support.run_example import assert_output_matches_recorded, run_example

ACTIVITIES = [send_email_offer, send_sms_offer]


@workflow.defn
class CallsDatetimeNow:
    @workflow.run
    async def run(self) -> str:
        return datetime.now().isoformat()


@workflow.defn
class CallsTimeTime:
    @workflow.run
    async def run(self) -> float:
        return time.time()


@workflow.defn
class CallsRandom:
    @workflow.run
    async def run(self) -> str:
        return random.choice(["email", "sms"])


@workflow.defn
class CallsUuid4:
    @workflow.run
    async def run(self) -> str:
        return str(uuid.uuid4())


@pytest.mark.parametrize(
    ("workflow_class", "refused"),
    [
        (NaiveOfferWorkflow, "datetime.datetime.now"),
        (CallsDatetimeNow, "datetime.datetime.now"),
        (CallsTimeTime, "time.time"),
        (CallsRandom, "random.choice"),
        (CallsUuid4, "uuid.uuid4"),
    ],
    ids=lambda p: p if isinstance(p, str) else p.__name__,
)
async def test_the_sandbox_refuses_the_call_and_the_workflow_keeps_running(client, task_queue, workflow_class, refused):
    async with Worker(client, task_queue=task_queue, workflows=[workflow_class], activities=ACTIVITIES):
        handle = await client.start_workflow(
            workflow_class.__temporal_workflow_definition.name,
            *(["customer-1"] if workflow_class is NaiveOfferWorkflow else []),
            id=f"naive-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        message = await first_task_failure(handle)
        assert message.startswith(f"Cannot access {refused}.__call__ from inside a workflow.")
        # Not failed: the workflow task is retried until a fixed worker is deployed.
        assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING
        await handle.terminate()


async def test_workflow_now_random_and_uuid4_replay_identically(client, task_queue):
    codes = set()
    async with Worker(client, task_queue=task_queue, workflows=[OfferWorkflow], activities=ACTIVITIES):
        for n in range(6):
            handle = await client.start_workflow(
                OfferWorkflow.run, f"customer-{n}", id=f"offer-{uuid.uuid4()}", task_queue=task_queue
            )
            offer = await handle.result()
            codes.add(offer.code)
            history = await handle.fetch_history()

            # workflow.now() is the time of the workflow task, as recorded in the history.
            task_started = next(e for e in history.events if e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
            started_at = task_started.event_time.ToDatetime(tzinfo=UTC)
            assert abs(datetime.fromisoformat(offer.expires_at) - timedelta(days=7) - started_at) < timedelta(
                milliseconds=1
            )

            # The random channel picks the activity: a replay that drew another
            # channel would schedule another activity and fail (half the time,
            # if the seed were not in the history). None of the 18 replays does.
            for _ in range(3):
                result = await Replayer(workflows=[OfferWorkflow]).replay_workflow(
                    history, raise_on_replay_failure=False
                )
                assert result.replay_failure is None
    # Meanwhile, each new run draws new values.
    assert len(codes) == 6


def test_example_replays_cleanly_and_shows_the_refusal():
    output = run_example("examples.lesson8.determinism")
    assert output.count(": ok") == 5
    assert_output_matches_recorded("examples.lesson8.determinism", output)

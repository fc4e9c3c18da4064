"""examples/lesson5/timeouts.py against a real Temporal server."""

import asyncio
import uuid
from datetime import timedelta

import pytest
from temporalio import activity, workflow
from temporalio.client import WorkflowFailureError
from temporalio.common import RetryPolicy
from temporalio.worker import Worker

from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    """start_to_close: each attempt times out, MAXIMUM_ATTEMPTS_REACHED after 2; schedule_to_close:
    the budget ends an activity with unlimited attempts (TIMEOUT); schedule_to_start: a task no
    worker takes times out in the queue (TIMEOUT)."""
    module = "examples.lesson5.timeouts"
    assert_output_matches_recorded(module, run_example(module))


finished: list[int] = []


@activity.defn
async def slow() -> None:
    await asyncio.sleep(2)
    finished.append(activity.info().attempt)


@workflow.defn(sandboxed=False)
class SlowWorkflow:
    @workflow.run
    async def run(self) -> None:
        await workflow.execute_activity(
            slow, start_to_close_timeout=timedelta(seconds=1), retry_policy=RetryPolicy(maximum_attempts=1)
        )


async def test_a_timed_out_attempt_keeps_running_in_the_worker(client, task_queue):
    """The server times the attempt out after 1 s and the workflow fails, yet the activity code,
    which does not heartbeat, is not stopped: it finishes its 2 s of work."""
    finished.clear()
    async with Worker(client, task_queue=task_queue, workflows=[SlowWorkflow], activities=[slow]):
        with pytest.raises(WorkflowFailureError):
            await client.execute_workflow(SlowWorkflow.run, id=f"slow-{uuid.uuid4()}", task_queue=task_queue)
        assert finished == []  # the workflow failed before the attempt ended
        for _ in range(50):
            if finished:
                break
            await asyncio.sleep(0.1)
    assert finished == [1]

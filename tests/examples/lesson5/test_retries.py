"""examples/lesson5/retries.py against a real Temporal server."""

import asyncio
import uuid
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import WorkflowExecutionStatus
from temporalio.common import RetryPolicy
from temporalio.worker import Worker

from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    """A ConnectionError is retried (and surfaces as ApplicationError type "ConnectionError");
    maximum_attempts=3 stops after 3 attempts (MAXIMUM_ATTEMPTS_REACHED); a type listed in
    non_retryable_error_types, and an ApplicationError(non_retryable=True), get 1 attempt."""
    module = "examples.lesson5.retries"
    assert_output_matches_recorded(module, run_example(module))


def test_the_default_retry_policy():
    """RetryPolicy() in Python: 1 s first wait, x2 each time, no interval cap of its own
    (the server applies 100 x initial_interval), no attempt limit (0), every error retryable."""
    policy = RetryPolicy()
    assert policy.initial_interval == timedelta(seconds=1)
    assert policy.backoff_coefficient == 2.0
    assert policy.maximum_interval is None
    assert policy.maximum_attempts == 0
    assert policy.non_retryable_error_types is None


@activity.defn
async def always_fails() -> None:
    raise RuntimeError("still broken")


@workflow.defn(sandboxed=False)
class NoPolicyWorkflow:
    @workflow.run
    async def run(self) -> None:
        await workflow.execute_activity(always_fails, start_to_close_timeout=timedelta(seconds=5))


async def test_without_a_retry_policy_an_activity_keeps_retrying(client, task_queue):
    """No retry_policy at the call: the default, with no attempt limit. After three failures the
    activity is still pending (attempt 4 scheduled) and the workflow still RUNNING."""
    async with Worker(client, task_queue=task_queue, workflows=[NoPolicyWorkflow], activities=[always_fails]):
        handle = await client.start_workflow(
            NoPolicyWorkflow.run, id=f"no-policy-{uuid.uuid4()}", task_queue=task_queue
        )
        for _ in range(100):
            pending = (await handle.describe()).raw_description.pending_activities
            if pending and pending[0].attempt >= 4:
                break
            await asyncio.sleep(0.2)
        assert pending[0].attempt >= 4
        assert pending[0].last_failure.message == "still broken"
        assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING
        await handle.terminate()

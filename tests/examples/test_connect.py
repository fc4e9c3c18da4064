"""examples/connect.py: the embedded dev server by default, or the cluster named by TEMPORAL_ADDRESS;
expected failures in one line, unexpected ones in full."""

import asyncio
import contextlib
import io
import logging
import uuid
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

from examples.connect import _ExpectedFailuresInOneLine, temporal_client


async def test_temporal_address_connects_to_that_cluster(client: Client, monkeypatch) -> None:
    target = client.service_client.config.target_host
    monkeypatch.setenv("TEMPORAL_ADDRESS", target)
    monkeypatch.setenv("TEMPORAL_NAMESPACE", client.namespace)
    async with temporal_client() as connected:
        assert connected.service_client.config.target_host == target
        assert connected.namespace == client.namespace
        assert await connected.service_client.check_health()


@activity.defn
async def declined() -> None:
    raise ApplicationError("card declined", type="PaymentDeclined", non_retryable=True)


@activity.defn
async def broken() -> None:
    raise KeyError("no-such-key")  # a bug, not a failure anyone expects


@workflow.defn
class TwoFailures:
    @workflow.run
    async def run(self) -> None:
        for step in (declined, broken):
            with contextlib.suppress(ActivityError):
                await workflow.execute_activity(
                    step, start_to_close_timeout=timedelta(seconds=10), retry_policy=RetryPolicy(maximum_attempts=1)
                )


async def test_an_expected_failure_takes_one_line_any_other_keeps_its_traceback(client: Client, task_queue) -> None:
    logged = io.StringIO()
    handler = logging.StreamHandler(logged)  # "%(message)s", as Python's default
    handler.addFilter(_ExpectedFailuresInOneLine((ApplicationError,)))
    sdk_logs = logging.getLogger("temporalio")
    sdk_logs.addHandler(handler)
    try:
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[TwoFailures],
            activities=[declined, broken],
            workflow_runner=UnsandboxedWorkflowRunner(),
        ):
            await client.execute_workflow(TwoFailures.run, id=f"two-failures-{task_queue}", task_queue=task_queue)
    finally:
        sdk_logs.removeHandler(handler)

    text = logged.getvalue()
    assert "activity declined failed (attempt 1): ApplicationError: PaymentDeclined: card declined\n" in text
    # The unexpected one: the SDK's own message, its ids, and the whole traceback.
    broken_log = text[text.index("Completing activity as failed") :]
    assert "'activity_type': 'broken'" in broken_log
    assert "Traceback (most recent call last):" in broken_log
    assert broken_log.rstrip().endswith("KeyError: 'no-such-key'")


async def test_an_expected_failure_before_any_code_runs_takes_one_line_without_ids(client: Client, task_queue) -> None:
    """Not registered: the activity fails before it has activity info, the
    workflow task before it has workflow info; their messages name a workflow id
    (a uuid here), and the worker retries the workflow task."""
    logged = io.StringIO()
    handler = logging.StreamHandler(logged)
    handler.addFilter(_ExpectedFailuresInOneLine((ApplicationError,)))
    sdk_logs = logging.getLogger("temporalio")
    sdk_logs.addHandler(handler)
    try:
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[TwoFailures],
            activities=[declined],  # not broken
            workflow_runner=UnsandboxedWorkflowRunner(),
        ):
            await client.execute_workflow(TwoFailures.run, id=f"no-broken-{uuid.uuid4()}", task_queue=task_queue)
            handle = await client.start_workflow("NoSuchWorkflow", id=f"no-such-{uuid.uuid4()}", task_queue=task_queue)
            async for event in handle.fetch_history_events(wait_new_event=True):
                if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
                    break
            await asyncio.sleep(1)  # the worker's retry of the task fails alike
            await handle.terminate()
    finally:
        sdk_logs.removeHandler(handler)

    assert logged.getvalue().splitlines() == [
        "activity declined failed (attempt 1): ApplicationError: PaymentDeclined: card declined",
        (
            "activity failed: ApplicationError: NotFoundError: Activity function broken for workflow"
            " no-broken-<uuid> is not registered on this worker, available activities: declined"
        ),
        (
            "workflow task failed: ApplicationError: NotFoundError: Workflow class NoSuchWorkflow"
            " is not registered on this worker, available workflows: TwoFailures"
        ),
    ]

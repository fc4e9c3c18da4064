"""examples/lesson5/workflow_failures.py against a real Temporal server."""

import uuid

import pytest
from temporalio.client import WorkflowExecutionStatus, WorkflowFailureError
from temporalio.worker import Worker

from examples.lesson5.workflow_failures import BuggyOrderWorkflow, Order, RejectingOrderWorkflow
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    """ApplicationError fails the workflow; a KeyError fails only the workflow task and the
    workflow stays RUNNING; with failure_exception_types=[KeyError] the same KeyError fails it."""
    module = "examples.lesson5.workflow_failures"
    assert_output_matches_recorded(module, run_example(module))


async def test_the_worker_option_declares_failures_for_every_workflow(client, task_queue):
    """Worker(workflow_failure_exception_types=[KeyError]) makes the buggy workflow FAILED too."""
    async with Worker(
        client, task_queue=task_queue, workflows=[BuggyOrderWorkflow], workflow_failure_exception_types=[KeyError]
    ):
        handle = await client.start_workflow(
            BuggyOrderWorkflow.run, Order("W-1", "NOPE"), id=f"buggy-{uuid.uuid4()}", task_queue=task_queue
        )
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    assert (await handle.describe()).status == WorkflowExecutionStatus.FAILED


async def test_a_known_coupon_gives_its_discount(client, task_queue):
    async with Worker(client, task_queue=task_queue, workflows=[RejectingOrderWorkflow]):
        percent = await client.execute_workflow(
            RejectingOrderWorkflow.run, Order("W-2", "WELCOME10"), id=f"coupon-{uuid.uuid4()}", task_queue=task_queue
        )
    assert percent == 10

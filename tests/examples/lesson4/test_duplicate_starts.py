"""examples/lesson4/duplicate_starts.py against a real Temporal server."""

import uuid

import pytest
from temporalio.client import WorkflowExecutionStatus
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.worker import Worker

from examples.lesson4.first_workflow import ACTIVITIES, Order, OrderWorkflow
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    """While a run is open, a default start of its id raises WorkflowAlreadyStartedError and
    USE_EXISTING returns that run; after it closed, REJECT_DUPLICATE raises and the default starts a new run."""
    module = "examples.lesson4.duplicate_starts"
    assert_output_matches_recorded(module, run_example(module))


async def test_terminate_existing_replaces_the_open_run(client, task_queue):
    """TERMINATE_EXISTING: the open run ends TERMINATED and a new run starts under the same id."""
    workflow_id = f"order-T-3-{uuid.uuid4()}"
    old = await client.start_workflow(OrderWorkflow.run, Order("T-3", 1), id=workflow_id, task_queue=task_queue)
    new = await client.start_workflow(
        OrderWorkflow.run,
        Order("T-3", 1),
        id=workflow_id,
        task_queue=task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.TERMINATE_EXISTING,
    )
    assert new.result_run_id != old.result_run_id
    old_run = client.get_workflow_handle(workflow_id, run_id=old.result_run_id)
    assert (await old_run.describe()).status == WorkflowExecutionStatus.TERMINATED
    await new.terminate()


async def test_allow_duplicate_failed_only_refuses_after_a_success_only(client, task_queue):
    """ALLOW_DUPLICATE_FAILED_ONLY: a completed run's id cannot start again; one whose last
    run did not complete (here: terminated) can."""
    workflow_id = f"order-T-4-{uuid.uuid4()}"
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow], activities=ACTIVITIES):
        await client.execute_workflow(OrderWorkflow.run, Order("T-4", 1), id=workflow_id, task_queue=task_queue)
        with pytest.raises(WorkflowAlreadyStartedError):
            await client.start_workflow(
                OrderWorkflow.run,
                Order("T-4", 1),
                id=workflow_id,
                task_queue=task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
            )

    terminated_id = f"order-T-5-{uuid.uuid4()}"
    old = await client.start_workflow(OrderWorkflow.run, Order("T-5", 1), id=terminated_id, task_queue=task_queue)
    await old.terminate()
    new = await client.start_workflow(
        OrderWorkflow.run,
        Order("T-5", 1),
        id=terminated_id,
        task_queue=task_queue,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    )
    assert new.result_run_id != old.result_run_id
    await new.terminate()

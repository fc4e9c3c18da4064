"""examples/lesson6/approval.py against a real Temporal server (and the time-skipping one for the deadline)."""

import asyncio
import uuid

import pytest
from temporalio import activity
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus, WorkflowUpdateFailedError
from temporalio.worker import Worker

from examples.lesson6.approval import ApprovalRequest, ApprovalWorkflow, Decision, Discount, Repricing, reprice
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    """A query reads the state; an update returns the new total; a validator rejects 50%; a signal
    decides; with nobody deciding, the order expires at its deadline."""
    module = "examples.lesson6.approval"
    assert_output_matches_recorded(module, run_example(module))


async def event_types(handle) -> list[str]:
    return [EventType.Name(e.event_type) async for e in handle.fetch_history_events()]


async def test_a_48_hour_deadline_expires_on_the_time_skipping_server(time_env, task_queue):
    """wait_condition's timeout is a durable timer: 48 hours pass in moments on the time-skipping server."""
    client = time_env.client
    async with Worker(client, task_queue=task_queue, workflows=[ApprovalWorkflow], activities=[reprice]):
        result = await client.execute_workflow(
            ApprovalWorkflow.run,
            ApprovalRequest("T-48", 9900, deadline_seconds=48 * 3600),
            id=f"approval-T-48-{uuid.uuid4()}",
            task_queue=task_queue,
        )
    assert result == "T-48 expired unapproved at 9900 cents"


async def test_a_decision_just_before_the_deadline_wins(time_env, task_queue):
    client = time_env.client
    async with Worker(client, task_queue=task_queue, workflows=[ApprovalWorkflow], activities=[reprice]):
        handle = await client.start_workflow(
            ApprovalWorkflow.run,
            ApprovalRequest("T-47", 9900, deadline_seconds=48 * 3600),
            id=f"approval-T-47-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        await time_env.sleep(47 * 3600)
        await handle.signal(ApprovalWorkflow.decide, Decision(approved=True, by="ana"))
        assert await handle.result() == "T-47 approved by ana at 9900 cents"


async def test_a_signal_is_recorded_even_with_no_worker_running(client, task_queue):
    """The signal call returns once the server has written the event; no worker needs to run."""
    handle = await client.start_workflow(
        ApprovalWorkflow.run, ApprovalRequest("T-1", 100, 60), id=f"approval-T-1-{uuid.uuid4()}", task_queue=task_queue
    )
    await handle.signal(ApprovalWorkflow.decide, Decision(approved=True, by="ana"))
    assert "EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED" in await event_types(handle)
    await handle.terminate()


async def test_a_rejected_update_leaves_no_trace_in_the_history(client, task_queue):
    """The validator runs before the update is accepted: only the accepted update has events."""
    async with Worker(client, task_queue=task_queue, workflows=[ApprovalWorkflow], activities=[reprice]):
        handle = await client.start_workflow(
            ApprovalWorkflow.run,
            ApprovalRequest("T-2", 1000, 60),
            id=f"approval-T-2-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        assert await handle.execute_update(ApprovalWorkflow.apply_discount, Discount(20)) == 800
        with pytest.raises(WorkflowUpdateFailedError):
            await handle.execute_update(ApprovalWorkflow.apply_discount, Discount(0))
        await handle.signal(ApprovalWorkflow.decide, Decision(approved=True, by="ana"))
        await handle.result()
    events = await event_types(handle)
    assert events.count("EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED") == 1
    assert events.count("EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED") == 1


async def test_the_workflow_lets_a_running_update_finish_before_it_completes(client, task_queue):
    """The decision arrives while a discount is being priced: the workflow waits for
    all_handlers_finished, so the update's caller gets its result and the result has the new total."""
    priced = asyncio.Event()
    release = asyncio.Event()

    @activity.defn(name="reprice")
    async def slow_reprice(repricing: Repricing) -> int:
        priced.set()
        await release.wait()
        return await reprice(repricing)

    async with Worker(client, task_queue=task_queue, workflows=[ApprovalWorkflow], activities=[slow_reprice]):
        handle = await client.start_workflow(
            ApprovalWorkflow.run,
            ApprovalRequest("T-3", 1000, 60),
            id=f"approval-T-3-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        update = asyncio.create_task(handle.execute_update(ApprovalWorkflow.apply_discount, Discount(10)))
        await asyncio.wait_for(priced.wait(), 10)
        await handle.signal(ApprovalWorkflow.decide, Decision(approved=True, by="ana"))
        await asyncio.sleep(1)
        assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING  # waiting for the update
        with pytest.raises(WorkflowUpdateFailedError) as refused:  # decided: no more discounts
            await handle.execute_update(ApprovalWorkflow.apply_discount, Discount(5))
        assert "already decided" in str(refused.value.cause)
        release.set()
        assert await update == 900
        assert await handle.result() == "T-3 approved by ana at 900 cents"

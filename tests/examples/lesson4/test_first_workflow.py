"""examples/lesson4/first_workflow.py against a real Temporal server."""

import uuid

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus
from temporalio.worker import Worker

from examples.lesson4.first_workflow import ACTIVITIES, Order, OrderWorkflow
from tests.support.run_example import assert_output_matches_recorded, run_example


async def test_the_workflow_reserves_then_charges_and_its_query_says_paid(client, task_queue):
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow], activities=ACTIVITIES):
        handle = await client.start_workflow(
            OrderWorkflow.run, Order("T-1", 4200), id=f"order-T-1-{uuid.uuid4()}", task_queue=task_queue
        )
        assert await handle.result() == "order T-1 paid 4200 cents (pay-T-1)"
        assert await handle.query(OrderWorkflow.status) == "paid"
    assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED
    scheduled = [
        e.activity_task_scheduled_event_attributes.activity_type.name
        async for e in handle.fetch_history_events()
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    ]
    assert scheduled == ["reserve_stock", "charge_card"]


async def test_a_start_only_records_the_workflow_until_a_worker_runs_it(client, task_queue):
    """The server runs no workflow code: with no worker on the queue, the run stays RUNNING
    with only its first two events, and the same run completes once a worker polls."""
    handle = await client.start_workflow(
        OrderWorkflow.run, Order("T-2", 100), id=f"order-T-2-{uuid.uuid4()}", task_queue=task_queue
    )
    assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING
    events = [EventType.Name(e.event_type) async for e in handle.fetch_history_events()]
    assert events == ["EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", "EVENT_TYPE_WORKFLOW_TASK_SCHEDULED"]
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow], activities=ACTIVITIES):
        assert await handle.result() == "order T-2 paid 100 cents (pay-T-2)"


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    module = "examples.lesson4.first_workflow"
    assert_output_matches_recorded(module, run_example(module))

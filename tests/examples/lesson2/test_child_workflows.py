"""examples/lesson2/child_workflows.py: one child workflow per order, on the parent's task queue."""

import uuid

from temporalio.client import WorkflowExecutionStatus
from temporalio.worker import Worker

from examples.lesson2.child_workflows import (
    Checkout,
    CheckoutWorkflow,
    Order,
    OrderWorkflow,
    charge_payment,
    create_shipment,
)
from tests.support.run_example import assert_output_matches_recorded, run_example

MODULE = "examples.lesson2.child_workflows"


async def test_each_order_is_a_child_execution_and_a_failed_child_spares_its_siblings(client, task_queue):
    """Each child is a workflow execution of its own, with the id the parent gave it,
    its parent recorded, on the parent's task queue; one child's failure (card
    declined) reaches the parent as ChildWorkflowError and the others complete."""
    checkout = Checkout("T-9", [Order("A", "t@example.com", 100), Order("B", "t@example.com", 200_000)])
    parent_id = f"checkout-{uuid.uuid4()}"
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[CheckoutWorkflow, OrderWorkflow],
        activities=[charge_payment, create_shipment],
    ):
        report = await client.execute_workflow(CheckoutWorkflow.run, checkout, id=parent_id, task_queue=task_queue)
    assert report == ["A shipped: ship-A", "B failed: card declined"]

    child_a = await client.get_workflow_handle(f"{parent_id}-A").describe()
    child_b = await client.get_workflow_handle(f"{parent_id}-B").describe()
    assert child_a.status == WorkflowExecutionStatus.COMPLETED
    assert child_b.status == WorkflowExecutionStatus.FAILED
    assert child_a.parent_id == parent_id
    assert child_a.task_queue == task_queue
    parent = await client.get_workflow_handle(parent_id).describe()
    assert parent.status == WorkflowExecutionStatus.COMPLETED


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    assert_output_matches_recorded(MODULE, run_example(MODULE))

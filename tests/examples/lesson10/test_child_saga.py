"""examples/lesson10/child_saga.py against a real Temporal server.

The failing child undoes its own step, then the parent undoes the child that
had completed; the parent fails with a ChildWorkflowError caused by the
activity's error.
"""

import uuid

import pytest
from temporalio.client import WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import ActivityError, ApplicationError, ChildWorkflowError
from temporalio.worker import Worker

from examples.lesson10.child_saga import Order, OrderWorkflow, PaymentWorkflow, ShippingWorkflow, Shop
from tests.support.run_example import assert_output_matches_recorded, run_example


async def test_the_child_undoes_its_own_steps_then_the_parent_undoes_the_completed_children(client, task_queue):
    shop = Shop()
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[OrderWorkflow, PaymentWorkflow, ShippingWorkflow],
        activities=[shop.charge_payment, shop.refund_payment, shop.book_carrier, shop.cancel_carrier, shop.print_label],
    ):
        workflow_id = f"order-K-1-{uuid.uuid4()}"
        handle = await client.start_workflow(OrderWorkflow.run, Order("K-1"), id=workflow_id, task_queue=task_queue)
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()
    assert shop.log == [
        "charge_payment: charged K-1",
        "book_carrier: carrier booked for K-1",
        "cancel_carrier: carrier booking of K-1 canceled",  # by the child, before it failed
        "refund_payment: refunded K-1",  # by the parent, after the child failed
    ]
    child_error = failure.value.cause
    assert isinstance(child_error, ChildWorkflowError)
    assert isinstance(child_error.cause, ActivityError)
    assert isinstance(child_error.cause.cause, ApplicationError)
    assert child_error.cause.cause.message == "label printer offline"
    # Each child is a workflow of its own, with its own status.
    payment = client.get_workflow_handle(f"{workflow_id}-payment")
    shipping = client.get_workflow_handle(f"{workflow_id}-shipping")
    assert (await payment.describe()).status == WorkflowExecutionStatus.COMPLETED
    assert (await shipping.describe()).status == WorkflowExecutionStatus.FAILED
    assert (await handle.describe()).status == WorkflowExecutionStatus.FAILED


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    module = "examples.lesson10.child_saga"
    assert_output_matches_recorded(module, run_example(module))

"""examples/lesson7/order_api_workflow.py: the order workflow on its own, against the real dev server.

test_order_api.py drives it through the HTTP API; these tests talk to it the way
the API does (start, the getStatus query, the approve and cancel updates), so a
change to the workflow fails here, next to the code, whatever the API does.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.worker import Worker

from examples.lesson7.order_api_workflow import (
    Approval,
    Order,
    OrderApprovalWorkflow,
    OrderItem,
    OrderStatus,
    check_stock,
)


def an_order() -> Order:
    return Order(f"W-{uuid.uuid4().hex[:12]}", "CUST-789", [OrderItem("widget", 2)], 9999)


@pytest.fixture
async def worker(client: Client, task_queue: str) -> AsyncIterator[Worker]:
    async with Worker(
        client, task_queue=task_queue, workflows=[OrderApprovalWorkflow], activities=[check_stock]
    ) as running:
        yield running


async def start(client: Client, task_queue: str, order: Order) -> WorkflowHandle[OrderApprovalWorkflow, OrderStatus]:
    return await client.start_workflow(
        OrderApprovalWorkflow.run, order, id=f"order-{order.order_id}", task_queue=task_queue
    )


async def status_becomes(handle: WorkflowHandle, wanted: str) -> OrderStatus:
    """Query getStatus (at most ~5 s) until the order has the wanted status."""
    for _ in range(200):
        status = await handle.query(OrderApprovalWorkflow.get_status)
        if status.status == wanted:
            return status
        await asyncio.sleep(0.025)
    raise AssertionError(f"never reached {wanted!r}: last seen {status}")


async def test_the_stock_check_then_the_wait_for_approval(client, task_queue, worker):
    order = an_order()
    handle = await start(client, task_queue, order)
    status = await status_becomes(handle, "awaiting_approval")
    assert status == OrderStatus(order.order_id, "awaiting_approval", "stock_checked", None)


async def test_the_query_answers_before_the_first_workflow_task(client, task_queue):
    # @workflow.init runs before any query: with no worker for the activity, the order
    # is answered as received and processing.
    async with Worker(client, task_queue=task_queue, workflows=[OrderApprovalWorkflow]):
        order = an_order()
        handle = await start(client, task_queue, order)
        status = await handle.query(OrderApprovalWorkflow.get_status)
        assert status == OrderStatus(order.order_id, "processing", "received", None)
        await handle.terminate("test over")


async def test_approve_returns_the_status_and_ends_the_workflow(client, task_queue, worker):
    order = an_order()
    handle = await start(client, task_queue, order)
    await status_becomes(handle, "awaiting_approval")
    approved = await handle.execute_update(OrderApprovalWorkflow.approve, Approval("alice"))
    assert approved == OrderStatus(order.order_id, "approved", "stock_checked", "alice")
    assert await handle.result() == approved


async def test_the_approve_validator_refuses_an_order_still_processing(client, task_queue):
    # No worker for the stock check: the order stays in "processing", which cannot be approved.
    async with Worker(client, task_queue=task_queue, workflows=[OrderApprovalWorkflow]):
        order = an_order()
        handle = await start(client, task_queue, order)
        with pytest.raises(WorkflowUpdateFailedError) as refused:
            await handle.execute_update(OrderApprovalWorkflow.approve, Approval("alice"))
        assert str(refused.value.cause) == f"ValueError: order {order.order_id} is processing, not awaiting approval"
        status = await handle.query(OrderApprovalWorkflow.get_status)
        assert (status.status, status.approved_by) == ("processing", None)  # the refusal changed nothing
        canceled = await handle.execute_update(OrderApprovalWorkflow.cancel)  # canceling is allowed
        assert canceled == OrderStatus(order.order_id, "canceled", "received", None)
        await handle.terminate("test over")


@pytest.mark.parametrize("decided", ["approved", "canceled"])
def test_the_cancel_validator_refuses_a_decided_order(decided):
    workflow = OrderApprovalWorkflow.__new__(OrderApprovalWorkflow)
    workflow._status = OrderStatus("A-1", status=decided, stage="stock_checked")
    with pytest.raises(ValueError, match=f"order A-1 is already {decided}"):
        workflow.validate_cancel()


async def test_cancel_update_ends_the_order_canceled(client, task_queue, worker):
    order = an_order()
    handle = await start(client, task_queue, order)
    await status_becomes(handle, "awaiting_approval")
    canceled = await handle.execute_update(OrderApprovalWorkflow.cancel)
    assert canceled.status == "canceled"
    assert (await handle.result()).status == "canceled"
    assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED


async def test_a_cancellation_from_outside_is_reported_by_the_query(client, task_queue, worker):
    # e.g. `temporal workflow cancel`: the workflow records it, and ends canceled.
    handle = await start(client, task_queue, an_order())
    await status_becomes(handle, "awaiting_approval")
    await handle.cancel()
    await status_becomes(handle, "canceled")
    for _ in range(200):
        if (await handle.describe()).status == WorkflowExecutionStatus.CANCELED:
            break
        await asyncio.sleep(0.025)
    assert (await handle.describe()).status == WorkflowExecutionStatus.CANCELED

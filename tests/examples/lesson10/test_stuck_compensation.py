"""examples/lesson10/stuck_compensation.py against a real Temporal server.

The refund fails with a non-retryable error on its first attempt; the saga alerts, waits, tells a
query which undo is stuck, resumes on the operator's update, and then fails with the step's own error.
"""

import asyncio
import uuid

import pytest
from temporalio import activity
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus, WorkflowFailureError, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

from examples.lesson10.stuck_compensation import Order, RefundOrHandOverWorkflow, Resolution, Shop
from tests.support.run_example import assert_output_matches_recorded, run_example


async def test_a_refund_that_keeps_failing_waits_for_an_operator_and_then_the_saga_fails(client, task_queue):
    shop = Shop()
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[RefundOrHandOverWorkflow],
        activities=[shop.charge_payment, shop.create_shipment, shop.refund_payment, shop.alert_operator],
    ):
        handle = await client.start_workflow(
            RefundOrHandOverWorkflow.run, Order("H-1", 4200), id=f"H-1-{uuid.uuid4()}", task_queue=task_queue
        )
        await shop.alerted.wait()
        assert shop.log == ["charge_payment: charged 4200 for H-1", "alert_operator: order H-1 needs a manual refund"]
        stuck = await handle.query(RefundOrHandOverWorkflow.stuck_compensation)
        # Non-retryable: attempt 1 is the only one, although REFUND_RETRY allows 3.
        assert stuck == "refund_payment: card account closed (attempt 1)"
        # The workflow is still running, waiting for the person.
        assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING

        reply = await handle.execute_update(RefundOrHandOverWorkflow.resolve, Resolution("alice", "bank transfer"))
        assert reply == "thanks, alice"
        assert await handle.query(RefundOrHandOverWorkflow.stuck_compensation) is None
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()
    assert isinstance(failure.value.cause.cause, ApplicationError)
    assert failure.value.cause.cause.message == "address rejected"  # the step's error, not the refund's
    assert (await handle.describe()).status == WorkflowExecutionStatus.FAILED

    # One failed refund attempt in the history, then the alert.
    history = await handle.fetch_history()
    refunds = [
        e
        for e in history.events
        if e.HasField("activity_task_failed_event_attributes")
        and "card account closed" in e.activity_task_failed_event_attributes.failure.message
    ]
    assert len(refunds) == 1
    assert refunds[0].activity_task_failed_event_attributes.failure.message == "card account closed (attempt 1)"


class ChargeHeld(Shop):
    """The same shop, with a charge that waits until the test lets it finish."""

    def __init__(self) -> None:
        super().__init__()
        self.charging = asyncio.Event()
        self.may_charge = asyncio.Event()

    @activity.defn(name="charge_payment")
    async def charge_payment(self, order: Order) -> None:
        self.charging.set()
        await self.may_charge.wait()


async def test_the_resolve_update_is_rejected_while_nothing_is_stuck(client, task_queue):
    shop = ChargeHeld()
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[RefundOrHandOverWorkflow],
        activities=[shop.charge_payment, shop.create_shipment, shop.refund_payment, shop.alert_operator],
    ):
        handle = await client.start_workflow(
            RefundOrHandOverWorkflow.run, Order("H-2", 4200), id=f"H-2-{uuid.uuid4()}", task_queue=task_queue
        )
        await shop.charging.wait()  # the saga is charging: nothing is stuck yet
        with pytest.raises(WorkflowUpdateFailedError) as rejected:
            await handle.execute_update(RefundOrHandOverWorkflow.resolve, Resolution("bob", "too early"))
        assert rejected.value.cause.message == "no compensation is waiting for an operator"
        shop.may_charge.set()
        await shop.alerted.wait()  # now the refund is stuck: the same update is accepted
        reply = await handle.execute_update(RefundOrHandOverWorkflow.resolve, Resolution("alice", "bank transfer"))
        assert reply == "thanks, alice"
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    history = await handle.fetch_history()
    accepted = [e for e in history.events if e.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED]
    assert len(accepted) == 1  # the rejected update left no trace in the history


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    module = "examples.lesson10.stuck_compensation"
    assert_output_matches_recorded(module, run_example(module))

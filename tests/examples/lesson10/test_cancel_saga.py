"""examples/lesson10/cancel_saga.py against a real Temporal server.

Canceled during a timer, the saga runs its compensations and ends CANCELED; a
cancellation that arrives during a compensation does not cut it short: the
refund finishes before the release starts.
"""

import uuid
from datetime import timedelta

import pytest
from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import ActivityError, CancelledError
from temporalio.worker import Worker

from examples.lesson10.cancel_saga import CancellableSagaWorkflow, Order, Shop, wait_for
from tests.support.histories import record_history
from tests.support.run_example import assert_output_matches_recorded, run_example


def worker(client: Client, task_queue: str, shop: Shop) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[CancellableSagaWorkflow],
        activities=[
            shop.reserve_inventory,
            shop.charge_payment,
            shop.create_shipment,
            shop.refund_payment,
            shop.release_inventory,
        ],
    )


async def start(client: Client, task_queue: str, order: Order):
    return await client.start_workflow(
        CancellableSagaWorkflow.run, order, id=f"{order.order_id}-{uuid.uuid4()}", task_queue=task_queue
    )


async def test_canceled_during_a_timer_the_saga_compensates_and_ends_canceled(client, task_queue):
    shop = Shop()
    shop.refund_may_finish.set()
    async with worker(client, task_queue, shop):
        handle = await start(client, task_queue, Order("C-1", cooling_off_seconds=3600))
        await wait_for(handle, EventType.EVENT_TYPE_TIMER_STARTED)
        await handle.cancel()
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()
    assert isinstance(failure.value.cause, CancelledError)
    assert (await handle.describe()).status == WorkflowExecutionStatus.CANCELED
    assert shop.log == [
        "reserve_inventory: reserved C-1",
        "charge_payment: charged C-1",
        "refund_payment: refund of C-1 started",
        "refund_payment: refund of C-1 finished",
        "release_inventory: released C-1",
    ]
    assert "create_shipment" not in str(shop.log)  # the timer never fired


async def test_a_cancel_during_a_compensation_lets_it_finish_before_the_next_one(client, task_queue):
    shop = Shop()
    async with worker(client, task_queue, shop):
        handle = await start(client, task_queue, Order("C-2", shipment_fails=True))
        await shop.refund_started.wait()
        await handle.cancel()
        await wait_for(
            handle,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        )
        assert shop.log[-1] == "refund_payment: refund of C-2 started"  # the workflow saw the cancel mid-refund
        shop.refund_may_finish.set()
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()
    assert shop.log[-3:] == [
        "refund_payment: refund of C-2 started",
        "refund_payment: refund of C-2 finished",
        "release_inventory: released C-2",  # only after the refund, not when the cancel came
    ]
    # The saga was failing already: it ends with the step's error.
    assert isinstance(failure.value.cause, ActivityError)
    assert failure.value.cause.cause.message == "address rejected"
    assert (await handle.describe()).status == WorkflowExecutionStatus.FAILED

    run = await record_history("cancel-during-refund", handle)
    rows = {row.name: row for row in run.rows}
    assert rows["refund_payment"].outcome == "completed"  # not canceled: the shield kept it
    assert rows["release_inventory"].scheduled >= rows["refund_payment"].closed


@workflow.defn(name="UnshieldedSagaWorkflow", sandboxed=False)
class UnshieldedSagaWorkflow(CancellableSagaWorkflow):
    """The same saga with a plain await on each undo: what the shield prevents."""

    @workflow.run
    async def run(self, order: Order) -> str:
        return await super().run(order)

    async def undo_to_the_end(self, undo, order: Order) -> None:
        await workflow.execute_activity_method(undo, order, start_to_close_timeout=timedelta(seconds=30))


async def test_without_the_shield_a_cancel_during_the_refund_stops_the_undos(client, task_queue):
    shop = Shop()
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[UnshieldedSagaWorkflow],
        activities=[
            shop.reserve_inventory,
            shop.charge_payment,
            shop.create_shipment,
            shop.refund_payment,
            shop.release_inventory,
        ],
    ):
        handle = await client.start_workflow(
            UnshieldedSagaWorkflow.run,
            Order("U-1", shipment_fails=True),
            id=f"U-1-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        await shop.refund_started.wait()
        await handle.cancel()
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()
        assert (await handle.describe()).status == WorkflowExecutionStatus.CANCELED
        assert isinstance(failure.value.cause, CancelledError)
        # The workflow has ended, and the refund it started is still running.
        assert shop.log[-1] == "refund_payment: refund of U-1 started"
        shop.refund_may_finish.set()
    assert "release_inventory: released U-1" not in shop.log  # the release never ran


@workflow.defn(name="CatchExceptionSaga", sandboxed=False)
class CatchExceptionSaga(CancellableSagaWorkflow):
    """The cancellable saga with `except Exception`: what naming CancelledError fixes."""

    @workflow.run
    async def run(self, order: Order) -> str:
        compensations = []
        try:
            compensations.append(Shop.release_inventory)
            await self.step(Shop.reserve_inventory, order)
            compensations.append(Shop.refund_payment)
            await self.step(Shop.charge_payment, order)
            await workflow.sleep(order.cooling_off_seconds)
        except Exception:
            for undo in reversed(compensations):
                await self.undo_to_the_end(undo, order)
            raise
        return "shipped"


async def test_with_except_exception_a_cancel_during_a_timer_undoes_nothing(client, task_queue):
    shop = Shop()
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[CatchExceptionSaga],
        activities=[shop.reserve_inventory, shop.charge_payment, shop.refund_payment, shop.release_inventory],
    ):
        handle = await client.start_workflow(
            CatchExceptionSaga.run,
            Order("E-1", cooling_off_seconds=3600),
            id=f"E-1-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        await wait_for(handle, EventType.EVENT_TYPE_TIMER_STARTED)
        await handle.cancel()
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()
    assert isinstance(failure.value.cause, CancelledError)
    assert (await handle.describe()).status == WorkflowExecutionStatus.CANCELED
    # asyncio.CancelledError passed by `except Exception`: charged, and never refunded.
    assert shop.log == ["reserve_inventory: reserved E-1", "charge_payment: charged E-1"]


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    module = "examples.lesson10.cancel_saga"
    assert_output_matches_recorded(module, run_example(module))

"""examples/lesson10/parallel_compensation.py against a real Temporal server.

The two independent steps run at the same time, and so do their two
compensations; with return_exceptions=True a failing compensation does not stop
the other one.
"""

import asyncio
import uuid

import pytest
from temporalio import activity
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

from examples.lesson10.parallel_compensation import Order, ParallelSagaWorkflow, Shop
from tested_examples.core.history import parse_history
from tests.support.histories import record_history
from tests.support.run_example import assert_output_matches_recorded, run_example


def worker(client: Client, task_queue: str, shop: Shop) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[ParallelSagaWorkflow],
        activities=[
            shop.reserve_inventory,
            shop.charge_payment,
            shop.create_shipment,
            shop.release_inventory,
            shop.refund_payment,
        ],
    )


async def run_saga(client: Client, task_queue: str, shop: Shop):
    async with worker(client, task_queue, shop):
        handle = await client.start_workflow(
            ParallelSagaWorkflow.run, Order("P-1", 4200), id=f"P-1-{uuid.uuid4()}", task_queue=task_queue
        )
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()
    return handle, failure.value


async def test_independent_steps_and_their_compensations_overlap_in_time(client, task_queue):
    shop = Shop()
    handle, failure = await run_saga(client, task_queue, shop)
    assert shop.held == set()  # both undone
    # Measured by the activities themselves: each call started before the other ended.
    assert shop.overlapped("reserve_inventory", "charge_payment")
    assert shop.overlapped("release_inventory", "refund_payment")
    # The workflow fails with the step's error once everything is undone.
    assert isinstance(failure.cause.cause, ApplicationError)
    assert failure.cause.cause.message == "address rejected"

    # The same, in the server's history, which the page draws.
    run = await record_history("shipment-fails", handle)
    rows = {row.name: row for row in run.rows}
    assert list(rows) == [
        "reserve_inventory",
        "charge_payment",
        "create_shipment",
        "release_inventory",
        "refund_payment",
    ]
    assert rows["create_shipment"].outcome == "failed"
    for a, b in [("reserve_inventory", "charge_payment"), ("release_inventory", "refund_payment")]:
        assert rows[a].scheduled < rows[b].closed and rows[b].scheduled < rows[a].closed, f"{a} and {b} overlap"
    # The undos start only after the failed step: the shipment never ran in parallel with them.
    assert rows["release_inventory"].scheduled >= rows["create_shipment"].closed


class RefundRejected(Shop):
    @activity.defn(name="refund_payment")
    async def refund_payment(self, order: Order) -> None:
        raise ApplicationError("card account closed", non_retryable=True)


async def test_a_failing_compensation_does_not_stop_the_others_and_is_not_hidden(client, task_queue):
    shop = RefundRejected()
    handle, failure = await run_saga(client, task_queue, shop)
    assert shop.held == {"pay-P-1"}  # the refund failed: the money is still taken
    assert "release_inventory" in shop.spans  # the release still ran to its end
    assert isinstance(failure.cause, ApplicationError)
    assert failure.cause.message == "undos failed after address rejected: card account closed"
    assert failure.cause.cause.cause.message == "address rejected"  # the step's error, chained
    assert (await handle.describe()).status == WorkflowExecutionStatus.FAILED


class ReserveFails(Shop):
    @activity.defn(name="reserve_inventory")
    async def reserve_inventory(self, order: Order) -> None:
        await asyncio.sleep(0.05)  # fails while the charge is still running
        raise ApplicationError("out of stock", non_retryable=True)


async def test_when_one_parallel_step_fails_the_undos_wait_for_the_other_step(client, task_queue):
    shop = ReserveFails()
    handle, failure = await run_saga(client, task_queue, shop)
    assert failure.cause.cause.message == "out of stock"
    assert shop.held == set()  # the charge completed, then was refunded
    history = await handle.fetch_history()
    rows = {row.name: row for row in parse_history(history.to_json(), "reserve fails").rows}
    assert rows["reserve_inventory"].outcome == "failed"
    assert rows["charge_payment"].outcome == "completed"
    assert rows["reserve_inventory"].closed < rows["charge_payment"].closed  # it failed first
    # Nothing is undone before the charge has ended: its refund then finds the money.
    assert rows["refund_payment"].scheduled >= rows["charge_payment"].closed
    assert rows["release_inventory"].scheduled >= rows["charge_payment"].closed
    assert "create_shipment" not in rows


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    module = "examples.lesson10.parallel_compensation"
    assert_output_matches_recorded(module, run_example(module))

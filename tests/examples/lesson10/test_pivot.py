"""examples/lesson10/pivot.py against a real Temporal server.

A failed pivot undoes the steps before it; a failure after the pivot is never
compensated: it is retried, beyond the 3 attempts a step before the pivot gets,
until it succeeds.
"""

import uuid

import pytest
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError
from temporalio.worker import Worker

from examples.lesson10.pivot import Order, PivotSagaWorkflow, Shop
from tests.support.run_example import assert_output_matches_recorded, run_example


def worker(client: Client, task_queue: str, shop: Shop) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[PivotSagaWorkflow],
        activities=[
            shop.reserve_inventory,
            shop.release_inventory,
            shop.charge_payment,
            shop.refund_payment,
            shop.create_shipment,
            shop.add_loyalty_points,
        ],
    )


async def test_a_failed_pivot_undoes_the_steps_before_it(client, task_queue):
    shop = Shop()
    async with worker(client, task_queue, shop):
        handle = await client.start_workflow(
            PivotSagaWorkflow.run, Order("V-1", carrier_rejects=True), id=f"V-1-{uuid.uuid4()}", task_queue=task_queue
        )
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    assert shop.log == [
        "reserve_inventory: reserved V-1",
        "charge_payment: charged V-1",
        "refund_payment: refunded V-1",
        "release_inventory: released V-1",
    ]
    assert (await handle.describe()).status == WorkflowExecutionStatus.FAILED


async def test_a_step_after_the_pivot_is_retried_until_it_succeeds_and_nothing_is_undone(time_env, task_queue):
    # 5 failed attempts: more than the 3 a step before the pivot would get. The
    # time-skipping server skips the backoff between them.
    shop = Shop()
    async with worker(time_env.client, task_queue, shop):
        handle = await time_env.client.start_workflow(
            PivotSagaWorkflow.run, Order("V-2", loyalty_outages=5), id=f"V-2-{uuid.uuid4()}", task_queue=task_queue
        )
        assert await handle.result() == "delivered"
    assert shop.log == [
        "reserve_inventory: reserved V-2",
        "charge_payment: charged V-2",
        "create_shipment: V-2 handed to the carrier",
        "add_loyalty_points: points added for V-2",  # on its 6th attempt
    ]
    assert not [line for line in shop.log if line.startswith(("refund", "release"))]


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    module = "examples.lesson10.pivot"
    assert_output_matches_recorded(module, run_example(module))

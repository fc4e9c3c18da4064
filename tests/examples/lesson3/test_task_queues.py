"""examples/lesson3/task_queues.py: an activity runs on the task queue the workflow names."""

import asyncio
import uuid

from temporalio.api.enums.v1 import PendingActivityState
from temporalio.client import WorkflowExecutionStatus
from temporalio.worker import Worker

from examples.lesson3.task_queues import (
    Order,
    OrderWorkflow,
    charge_payment,
    create_shipment,
    reserve_inventory,
)
from tests.support.run_example import assert_output_matches_recorded, run_example

MODULE = "examples.lesson3.task_queues"


async def test_the_charge_waits_in_its_queue_until_a_payment_worker_polls_it(client):
    """With no worker on the payments queue, the charge is SCHEDULED, still on
    attempt 1 with no failure: waiting is not an error. A payment worker then
    runs it, and each activity ran on the queue the workflow chose."""
    run = uuid.uuid4().hex[:8]
    orders, payments = f"lesson3-orders-{run}", f"lesson3-payments-{run}"
    async with Worker(
        client, task_queue=orders, workflows=[OrderWorkflow], activities=[reserve_inventory, create_shipment]
    ):
        handle = await client.start_workflow(
            OrderWorkflow.run, Order("T-1", "t@example.com", 4200, payments), id=f"o-{run}", task_queue=orders
        )
        await asyncio.sleep(3)
        description = await handle.describe()
        [pending] = description.raw_description.pending_activities
        assert pending.activity_type.name == "charge_payment"
        assert pending.state == PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED
        assert pending.attempt == 1 and not pending.last_failure.message
        assert description.status == WorkflowExecutionStatus.RUNNING
        async with Worker(client, task_queue=payments, activities=[charge_payment]):
            assert await handle.result() == [
                "reserve_inventory ran on the orders queue",
                "charge_payment ran on the payments queue",
                "create_shipment ran on the orders queue",
            ]


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    assert_output_matches_recorded(MODULE, run_example(MODULE))

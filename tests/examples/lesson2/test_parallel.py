"""examples/lesson2/parallel.py: the three checks run at the same time, the rest in order."""

import asyncio
import uuid

from temporalio import activity
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

from examples.lesson2.parallel import (
    CHECKS,
    CheckedOrderWorkflow,
    CheckResult,
    Order,
    charge_payment,
    create_shipment,
)
from tests.support.run_example import assert_output_matches_recorded, run_example

MODULE = "examples.lesson2.parallel"


async def test_the_checks_run_at_the_same_time(client, task_queue):
    """Each check waits until all three have started: only a workflow that started
    them together gets past that (one after the other, the first would wait alone,
    time out and fail)."""
    all_started = asyncio.Barrier(len(CHECKS))

    def waits_for_the_others(name: str):
        @activity.defn(name=name)
        async def check(order: Order) -> CheckResult:
            try:
                async with asyncio.timeout(5):
                    await all_started.wait()
            except (TimeoutError, asyncio.BrokenBarrierError):
                await all_started.abort()
                raise ApplicationError(f"{name} ran alone", non_retryable=True) from None
            return CheckResult(name, True)

        return check

    activities = [waits_for_the_others(c.__name__) for c in CHECKS] + [charge_payment, create_shipment]
    async with Worker(client, task_queue=task_queue, workflows=[CheckedOrderWorkflow], activities=activities):
        outcome = await client.execute_workflow(
            CheckedOrderWorkflow.run, Order("T-1", "t@example.com", 4200), id=f"o-{uuid.uuid4()}", task_queue=task_queue
        )
    assert outcome == "checks passed, charged pay-T-1, shipped ship-T-1"


async def test_a_failed_check_stops_the_order_before_the_charge(client, task_queue):
    charged: list[str] = []

    @activity.defn(name="charge_payment")
    async def recording_charge(order: Order) -> str:
        charged.append(order.order_id)
        return "never"

    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[CheckedOrderWorkflow],
        activities=[*CHECKS, recording_charge, create_shipment],
    ):
        outcome = await client.execute_workflow(
            CheckedOrderWorkflow.run,
            Order("T-2", "t@example.com", 250_000),
            id=f"o-{uuid.uuid4()}",
            task_queue=task_queue,
        )
    assert outcome == "rejected: fraud check failed"
    assert charged == []


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    assert_output_matches_recorded(MODULE, run_example(MODULE))

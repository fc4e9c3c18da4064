"""examples/lesson10/deadline.py: an execution timeout runs no compensation;
a deadline inside the workflow does.

The in-workflow deadline is 2 days here, on the time-skipping test server, which
skips the wait; the execution timeout needs the real dev server's clock (5 s).
"""

import gc
import sys
import uuid
from datetime import timedelta

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import ApplicationError
from temporalio.exceptions import TimeoutError as TemporalTimeoutError  # not the built-in one
from temporalio.worker import Worker

from examples.lesson10 import cancel_saga
from examples.lesson10.deadline import DeadlineSagaWorkflow, Order, Shop
from tests.support.run_example import assert_output_matches_recorded, run_example

TWO_DAYS = timedelta(days=2).total_seconds()


def worker(client: Client, task_queue: str, shop: Shop) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[DeadlineSagaWorkflow],
        activities=[shop.charge_payment, shop.refund_payment, shop.create_shipment],
    )


async def activity_types(handle) -> list[str]:
    history = await handle.fetch_history()
    return [
        e.activity_task_scheduled_event_attributes.activity_type.name
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    ]


async def test_a_missed_deadline_inside_the_workflow_refunds_and_fails(time_env, task_queue):
    shop = Shop()
    async with worker(time_env.client, task_queue, shop):
        handle = await time_env.client.start_workflow(
            DeadlineSagaWorkflow.run,
            Order("D-2", pick_deadline_seconds=TWO_DAYS),
            id=f"D-2-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()  # the test server skips the two days
    assert shop.log == ["charge_payment: charged D-2", "refund_payment: refunded D-2"]
    assert shop.charged == set()
    assert isinstance(failure.value.cause, ApplicationError)
    assert failure.value.cause.message == "the warehouse missed the deadline"
    assert (await handle.describe()).status == WorkflowExecutionStatus.FAILED


async def test_a_confirmation_before_the_deadline_ships(time_env, task_queue):
    shop = Shop()
    async with worker(time_env.client, task_queue, shop):
        handle = await time_env.client.start_workflow(
            DeadlineSagaWorkflow.run,
            Order("D-3", pick_deadline_seconds=TWO_DAYS),
            id=f"D-3-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        await handle.signal(DeadlineSagaWorkflow.warehouse_picked)
        assert await handle.result() == "shipped"
    assert shop.log == ["charge_payment: charged D-3", "create_shipment: shipped D-3"]


async def test_an_execution_timeout_runs_no_compensation_even_in_a_saga_that_catches_cancellation(client, task_queue):
    # Lesson 10's cancellable saga catches cancellation around everything, and a
    # cancel makes it compensate (test_cancel_saga.py). Its execution timeout does not:
    # the server closes the run and no workflow code runs again.
    shop = cancel_saga.Shop()
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[cancel_saga.CancellableSagaWorkflow],
        activities=[
            shop.reserve_inventory,
            shop.charge_payment,
            shop.create_shipment,
            shop.refund_payment,
            shop.release_inventory,
        ],
    ):
        handle = await client.start_workflow(
            cancel_saga.CancellableSagaWorkflow.run,
            cancel_saga.Order("T-1", cooling_off_seconds=3600),
            id=f"T-1-{uuid.uuid4()}",
            task_queue=task_queue,
            execution_timeout=timedelta(seconds=5),
        )
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()
    assert isinstance(failure.value.cause, TemporalTimeoutError)
    assert (await handle.describe()).status == WorkflowExecutionStatus.TIMED_OUT
    assert shop.log == ["reserve_inventory: reserved T-1", "charge_payment: charged T-1"]  # nothing undone
    assert await activity_types(handle) == ["reserve_inventory", "charge_payment"]


async def terminate_during_the_timer(client: Client, task_queue: str, saga, monkeypatch) -> list[str]:
    """Terminate the saga while it waits on its timer; return what Python had to ignore."""
    ignored: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: ignored.append(f"{u.exc_type.__name__}: {u.exc_value}"))
    shop = cancel_saga.Shop()
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[saga],
        activities=[shop.reserve_inventory, shop.charge_payment, shop.refund_payment, shop.release_inventory],
    ):
        handle = await client.start_workflow(
            saga.run,
            cancel_saga.Order("T-2", cooling_off_seconds=3600),
            id=f"T-2-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        await cancel_saga.wait_for(handle, EventType.EVENT_TYPE_TIMER_STARTED)
        await handle.terminate("operator pressed terminate")
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    assert (await handle.describe()).status == WorkflowExecutionStatus.TERMINATED
    assert await activity_types(handle) == ["reserve_inventory", "charge_payment"]
    gc.collect()  # the dropped workflow's coroutine, if anything still holds it
    return ignored


async def test_terminate_runs_no_compensation_either(client, task_queue, monkeypatch):
    ignored = await terminate_during_the_timer(client, task_queue, cancel_saga.CancellableSagaWorkflow, monkeypatch)
    assert ignored == [], "the saga caught GeneratorExit: catch (Exception, asyncio.CancelledError)"


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    module = "examples.lesson10.deadline"
    assert_output_matches_recorded(module, run_example(module))

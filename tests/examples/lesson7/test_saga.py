"""examples/lesson7/saga.py against a real Temporal server.

Every activity is the example's own, wrapped to record its calls and
registered under its own name, so the workflow under test is unchanged.
"""

import asyncio
import functools
import itertools
from collections.abc import Callable
from datetime import timedelta

import pytest
from temporalio import activity
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import ActivityError, ApplicationError, CancelledError
from temporalio.worker import Worker

from examples.lesson7 import saga
from examples.lesson7.saga import Order, SagaOrderWorkflow
from tests.support.histories import record_history
from tests.support.run_example import assert_output_matches_recorded, run_example

STEPS = [
    saga.reserve_inventory,
    saga.charge_payment,
    saga.create_shipment,
    saga.add_loyalty_points,
]
COMPENSATIONS = [
    saga.release_inventory,
    saga.refund_payment,
    saga.cancel_shipment,
    saga.remove_loyalty_points,
]


def recorded(real: Callable, calls: list[tuple]) -> Callable:
    """The real activity, under its own name, recording (name, *args) on each attempt."""

    @activity.defn(name=real.__name__)
    # updated=(): copy the signature (arg types), not the activity definition.
    @functools.wraps(real, updated=())
    async def wrapper(*args):
        calls.append((real.__name__, *(a.order_id if isinstance(a, Order) else a for a in args)))
        return await real(*args)

    return wrapper


def worker(client: Client, task_queue: str, activities: list[Callable]) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[SagaOrderWorkflow],
        activities=activities,
    )


async def start_saga(client: Client, task_queue: str, order: Order):
    return await client.start_workflow(
        SagaOrderWorkflow.run,
        order,
        id=f"saga-{order.order_id}-{task_queue}",
        task_queue=task_queue,
        execution_timeout=timedelta(minutes=5),  # failure guard only
    )


async def test_success_runs_every_step_and_no_compensation(client, task_queue):
    calls: list[tuple] = []
    async with worker(client, task_queue, [recorded(a, calls) for a in STEPS + COMPENSATIONS]):
        handle = await start_saga(client, task_queue, Order("OK-1", 4200))
        assert await handle.result() == "ship-OK-1"

    assert calls == [
        ("reserve_inventory", "OK-1"),
        ("charge_payment", "OK-1"),
        ("create_shipment", "OK-1", "pay-OK-1"),
        ("add_loyalty_points", "OK-1"),
    ]


@pytest.mark.parametrize(
    "fail_at, compensations",
    [
        ("reserve_inventory", []),  # nothing was done, nothing to undo
        ("charge_payment", [("release_inventory", "res-F-1")]),
        (
            "create_shipment",
            [("refund_payment", "pay-F-1"), ("release_inventory", "res-F-1")],
        ),
        (
            "add_loyalty_points",
            [
                ("cancel_shipment", "ship-F-1"),
                ("refund_payment", "pay-F-1"),
                ("release_inventory", "res-F-1"),
            ],
        ),
    ],
)
async def test_failure_undoes_the_completed_steps_in_reverse_order(client, task_queue, fail_at, compensations):
    calls: list[tuple] = []
    async with worker(client, task_queue, [recorded(a, calls) for a in STEPS + COMPENSATIONS]):
        handle = await start_saga(client, task_queue, Order("F-1", 4200, fail_at=fail_at))
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()

    forward = [
        ("reserve_inventory", "F-1"),
        ("charge_payment", "F-1"),
        ("create_shipment", "F-1", "pay-F-1"),
        ("add_loyalty_points", "F-1"),
    ]
    failed = [step.__name__ for step in STEPS].index(fail_at)
    # The steps up to the failing one (attempted once: non-retryable), then the undos.
    assert calls == [*forward[: failed + 1], *compensations]

    # The workflow fails with the step's own error, not with anything from the undo.
    assert (await handle.describe()).status == WorkflowExecutionStatus.FAILED
    assert isinstance(failure.value.cause, ActivityError)
    assert failure.value.cause.activity_type == fail_at
    assert isinstance(failure.value.cause.cause, ApplicationError)
    assert failure.value.cause.cause.type == "StepFailed"
    assert failure.value.cause.cause.message == f"{fail_at} failed"


async def test_recorded_failure_at_the_last_step_undoes_in_reverse(client, task_queue):
    """The timeline of Lesson 7's saga: the steps, the failed one, then the undos one after the other."""
    async with worker(client, task_queue, STEPS + COMPENSATIONS):
        handle = await start_saga(client, task_queue, Order("S-1003", 7500, fail_at="add_loyalty_points"))
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    run = await record_history("loyalty-fails", handle)

    assert run.outcome == "failed"
    assert [(row.name, row.outcome) for row in run.rows] == [
        ("reserve_inventory", "completed"),
        ("charge_payment", "completed"),
        ("create_shipment", "completed"),
        ("add_loyalty_points", "failed"),
        ("cancel_shipment", "completed"),
        ("refund_payment", "completed"),
        ("release_inventory", "completed"),
    ]
    [failed] = [row for row in run.rows if row.outcome == "failed"]
    assert [(a.number, a.outcome, a.recorded) for a in failed.attempts] == [(1, "failed", True)], "non-retryable"
    for before, after in itertools.pairwise(run.rows):
        assert after.scheduled >= before.closed, f"{after.name} waited for {before.name}: one at a time"


async def test_compensation_that_fails_once_is_retried_and_refunds_once(time_env, task_queue, capsys):
    # The refund goes through, but its answer is lost (the worker sees an error):
    # Temporal retries it, and the idempotent refund does nothing the second time.
    # The time-skipping server skips the 1 s backoff before the retry.
    calls: list[tuple] = []

    @activity.defn(name="refund_payment")
    async def refund_with_lost_answer(payment_id: str) -> None:
        calls.append(("refund_payment", payment_id, activity.info().attempt))
        await saga.refund_payment(payment_id)
        if activity.info().attempt == 1:
            raise ApplicationError("connection reset before the answer arrived")

    activities = [
        *(recorded(a, calls) for a in STEPS + COMPENSATIONS if a is not saga.refund_payment),
        refund_with_lost_answer,
    ]
    async with worker(time_env.client, task_queue, activities):
        handle = await start_saga(time_env.client, task_queue, Order("T-1", 4200, fail_at="create_shipment"))
        with pytest.raises(WorkflowFailureError):
            await handle.result()

    assert calls[3:] == [
        ("refund_payment", "pay-T-1", 1),
        ("refund_payment", "pay-T-1", 2),  # retried by Temporal
        ("release_inventory", "res-T-1"),  # only after the refund finally succeeded
    ]
    assert saga.undone.count("pay-T-1") == 1  # refunded once in effect
    printed = capsys.readouterr().out
    assert "  refund_payment: pay-T-1\n" in printed
    assert "  refund_payment: pay-T-1 (already undone, nothing to do)\n" in printed


async def test_cancelling_the_workflow_undoes_the_completed_steps(client, task_queue):
    calls: list[tuple] = []
    loyalty_started = asyncio.Event()

    @activity.defn(name="add_loyalty_points")
    async def hangs(order: Order) -> None:
        calls.append(("add_loyalty_points", order.order_id))
        loyalty_started.set()
        await asyncio.Event().wait()  # until the worker shuts down and cancels it

    activities = [
        *(recorded(a, calls) for a in STEPS + COMPENSATIONS if a is not saga.add_loyalty_points),
        hangs,
    ]
    async with worker(client, task_queue, activities):
        handle = await start_saga(client, task_queue, Order("C-1", 4200))
        await asyncio.wait_for(loyalty_started.wait(), timeout=10)
        await handle.cancel()
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()

    assert (await handle.describe()).status == WorkflowExecutionStatus.CANCELED
    assert isinstance(failure.value.cause, CancelledError)
    assert calls == [
        ("reserve_inventory", "C-1"),
        ("charge_payment", "C-1"),
        ("create_shipment", "C-1", "pay-C-1"),
        ("add_loyalty_points", "C-1"),  # in flight when cancelled: not undone
        ("cancel_shipment", "ship-C-1"),
        ("refund_payment", "pay-C-1"),
        ("release_inventory", "res-C-1"),
    ]


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    # As a learner runs it: with no TEMPORAL_ADDRESS it starts its own dev server
    # (or, when the suite itself targets a cluster, it inherits TEMPORAL_ADDRESS).
    module = "examples.lesson7.saga"
    assert_output_matches_recorded(module, run_example(module))


async def test_every_compensation_undoes_once_even_the_last_steps(monkeypatch):
    """remove_loyalty_points never runs in the saga above (no step follows the loyalty
    step to fail), so it is tested on its own: it undoes once, and a retry is a no-op."""
    from temporalio.testing import ActivityEnvironment

    monkeypatch.setattr(saga, "undone", [])
    env = ActivityEnvironment()
    await env.run(saga.remove_loyalty_points, "A-1")
    await env.run(saga.remove_loyalty_points, "A-1")
    assert saga.undone == ["A-1"]

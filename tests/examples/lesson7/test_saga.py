"""examples/lesson7/saga.py against a real Temporal server.

The activities are the example's own (``SagaActivities``), one instance per
test; each test asserts on what they printed (``shop.log``) and on what the
services hold at the end (``shop.done``).
"""

import itertools
import uuid
from datetime import timedelta

import pytest
from temporalio import activity
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError, WorkflowHandle
from temporalio.exceptions import ActivityError, ApplicationError, CancelledError
from temporalio.worker import Worker

from examples.lesson7.saga import Order, SagaActivities, SagaOrderWorkflow
from tests.support.histories import record_history
from tests.support.run_example import assert_output_matches_recorded, run_example

ACTIVITIES = [
    "reserve_inventory",
    "charge_payment",
    "create_shipment",
    "add_loyalty_points",
    "release_inventory",
    "refund_payment",
    "cancel_shipment",
    "remove_loyalty_points",
]


def worker(client: Client, task_queue: str, shop: SagaActivities) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[SagaOrderWorkflow],
        activities=[getattr(shop, name) for name in ACTIVITIES],
    )


async def start_saga(client: Client, task_queue: str, order: Order) -> WorkflowHandle:
    return await client.start_workflow(
        SagaOrderWorkflow.run,
        order,
        id=f"saga-{order.order_id}-{uuid.uuid4()}",
        task_queue=task_queue,
        execution_timeout=timedelta(minutes=5),  # failure guard only
    )


FORWARD = [
    "reserve_inventory: res-F-1",
    "charge_payment: pay-F-1",
    "create_shipment: ship-F-1 (paid by pay-F-1)",
    "add_loyalty_points: 42 points for F-1",
]


async def test_success_runs_every_step_and_no_compensation(client, task_queue):
    shop = SagaActivities()
    async with worker(client, task_queue, shop):
        handle = await start_saga(client, task_queue, Order("F-1", 4200))
        assert await handle.result() == "ship-F-1"
    assert shop.log == FORWARD
    assert shop.done == {"res-F-1", "pay-F-1", "ship-F-1", "points-F-1"}


@pytest.mark.parametrize(
    ("fail_at", "compensations"),
    [
        # The failed step's own undo runs first: it finds nothing to undo.
        ("reserve_inventory", ["release_inventory: res-F-1 (nothing to undo)"]),
        (
            "charge_payment",
            ["refund_payment: pay-F-1 (nothing to undo)", "release_inventory: res-F-1"],
        ),
        (
            "create_shipment",
            [
                "cancel_shipment: ship-F-1 (nothing to undo)",
                "refund_payment: pay-F-1",
                "release_inventory: res-F-1",
            ],
        ),
        (
            "add_loyalty_points",
            [
                "remove_loyalty_points: points-F-1 (nothing to undo)",
                "cancel_shipment: ship-F-1",
                "refund_payment: pay-F-1",
                "release_inventory: res-F-1",
            ],
        ),
    ],
)
async def test_failure_undoes_the_steps_in_reverse_order(client, task_queue, fail_at, compensations):
    shop = SagaActivities()
    async with worker(client, task_queue, shop):
        handle = await start_saga(client, task_queue, Order("F-1", 4200, fail_at=fail_at))
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()

    failed = [line.split(":")[0] for line in FORWARD].index(fail_at)
    # The steps before the failing one, the failing one (once: non-retryable), the undos.
    assert shop.log == [*FORWARD[:failed], f"{fail_at}: FAILED", *compensations]
    assert shop.done == set()  # everything undone

    # The workflow fails with the step's own error, not with anything from the undo.
    assert (await handle.describe()).status == WorkflowExecutionStatus.FAILED
    assert isinstance(failure.value.cause, ActivityError)
    assert failure.value.cause.activity_type == fail_at
    assert isinstance(failure.value.cause.cause, ApplicationError)
    assert failure.value.cause.cause.type == "StepFailed"
    assert failure.value.cause.cause.message == f"{fail_at} failed"


async def test_recorded_failure_at_the_last_step_undoes_in_reverse(client, task_queue):
    """The timeline of Lesson 7's saga: the steps, the failed one, then the undos one after the other."""
    async with worker(client, task_queue, SagaActivities()):
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
        ("remove_loyalty_points", "completed"),  # pushed before its step: finds nothing to undo
        ("cancel_shipment", "completed"),
        ("refund_payment", "completed"),
        ("release_inventory", "completed"),
    ]
    [failed] = [row for row in run.rows if row.outcome == "failed"]
    assert [(a.number, a.outcome, a.recorded) for a in failed.attempts] == [(1, "failed", True)], "non-retryable"
    for before, after in itertools.pairwise(run.rows):
        assert after.scheduled >= before.closed, f"{after.name} waited for {before.name}: one at a time"


class ChargeWithLostAnswers(SagaActivities):
    """The provider charges on every attempt (deduplicated by the order id), but
    the answer never comes back: to Temporal, each attempt failed."""

    @activity.defn(name="charge_payment")
    async def charge_payment(self, order: Order) -> str:
        await super().charge_payment(order)
        raise ApplicationError("connection reset before the answer arrived")


async def test_a_step_whose_effect_happened_but_whose_answer_was_lost_is_undone(time_env, task_queue):
    # STEP_RETRY gives up after 3 attempts; the time-skipping server skips the backoff.
    shop = ChargeWithLostAnswers()
    async with worker(time_env.client, task_queue, shop):
        handle = await start_saga(time_env.client, task_queue, Order("L-1", 4200))
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    assert shop.log == [
        "reserve_inventory: res-L-1",
        "charge_payment: pay-L-1",
        "charge_payment: pay-L-1",
        "charge_payment: pay-L-1",
        "refund_payment: pay-L-1",  # the charge that "failed" is refunded
        "release_inventory: res-L-1",
    ]
    assert shop.done == set()


class RefundWithLostAnswer(SagaActivities):
    @activity.defn(name="refund_payment")
    async def refund_payment(self, order: Order) -> None:
        await super().refund_payment(order)
        if activity.info().attempt == 1:
            raise ApplicationError("connection reset before the answer arrived")


async def test_compensation_that_fails_once_is_retried_and_refunds_once(time_env, task_queue):
    # The refund goes through, but its answer is lost: Temporal retries it, and the
    # idempotent refund does nothing the second time. The time-skipping server
    # skips the 1 s backoff before the retry.
    shop = RefundWithLostAnswer()
    async with worker(time_env.client, task_queue, shop):
        handle = await start_saga(time_env.client, task_queue, Order("T-1", 4200, fail_at="create_shipment"))
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    assert shop.log[3:] == [
        "cancel_shipment: ship-T-1 (nothing to undo)",
        "refund_payment: pay-T-1",
        "refund_payment: pay-T-1 (nothing to undo)",  # the retry by Temporal
        "release_inventory: res-T-1",  # only after the refund finally succeeded
    ]


async def wait_for_event(handle: WorkflowHandle, event_type: EventType.ValueType) -> None:
    # Long-polls the history: returns when the server records the event.
    async for event in handle.fetch_history_events(wait_new_event=True):
        if event.event_type == event_type:
            return


async def test_canceling_during_a_timer_undoes_the_completed_steps(client, task_queue):
    # While the workflow waits on a timer, cancellation arrives as
    # asyncio.CancelledError: only `except (Exception, asyncio.CancelledError)`
    # (not `except Exception`) runs the undos then.
    shop = SagaActivities()
    async with worker(client, task_queue, shop):
        handle = await start_saga(client, task_queue, Order("C-1", 4200, cooling_off_seconds=3600))
        await wait_for_event(handle, EventType.EVENT_TYPE_TIMER_STARTED)
        await handle.cancel()
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()

    assert (await handle.describe()).status == WorkflowExecutionStatus.CANCELED
    assert isinstance(failure.value.cause, CancelledError)
    assert shop.log == [
        "reserve_inventory: res-C-1",
        "charge_payment: pay-C-1",
        "refund_payment: pay-C-1",
        "release_inventory: res-C-1",
    ]
    assert shop.done == set()


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    # As a learner runs it: with no TEMPORAL_ADDRESS it starts its own dev server
    # (or, when the suite itself targets a cluster, it inherits TEMPORAL_ADDRESS).
    module = "examples.lesson7.saga"
    assert_output_matches_recorded(module, run_example(module))

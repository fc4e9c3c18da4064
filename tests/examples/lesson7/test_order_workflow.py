"""examples/lesson7/order_workflow.py against a real Temporal server.

Test doubles are registered under the real activity names, so the workflow
under test is the example's, unchanged.
"""

import asyncio
import functools
from collections.abc import Callable
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError, WorkflowHandle
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import Worker

# This module defines workflows, so the sandbox re-imports it: let the non-Temporal
# imports through instead of re-running them inside the sandbox.
with workflow.unsafe.imports_passed_through():
    import pytest

    from examples.lesson7.order_workflow import (
        NOTIFICATIONS,
        Order,
        OrderResult,
        OrderWorkflow,
        Shipment,
        charge_payment,
        create_shipment,
        notify_slack_channel,
        reserve_inventory,
        validate_order,
    )
    from tests.support.run_example import assert_output_matches_recorded, run_example

CRITICAL_PATH = [validate_order, reserve_inventory, charge_payment, create_shipment]
NOTIFICATION_NAMES = [n.__name__ for n in NOTIFICATIONS]


def recorded(real: Callable, calls: list[tuple]) -> Callable:
    """The real activity, under its own name, recording (name, *args) on each attempt."""

    @activity.defn(name=real.__name__)
    # updated=(): copy the signature (arg types), not the activity definition.
    @functools.wraps(real, updated=())
    async def wrapper(*args):
        name = activity.info().activity_type
        (arg,) = args  # one dataclass per activity
        if isinstance(arg, Shipment):
            calls.append((name, arg.order.order_id, arg.payment_id))
        else:
            calls.append((name, arg.order_id))
        return await real(*args)

    return wrapper


def all_recorded(calls: list[tuple]) -> list[Callable]:
    return [recorded(a, calls) for a in [*CRITICAL_PATH, *NOTIFICATIONS]]


async def start_order(client: Client, task_queue: str, order: Order):
    return await client.start_workflow(
        OrderWorkflow.run,
        order,
        id=f"order-{order.order_id}-{task_queue}",
        task_queue=task_queue,
        # Failure guard: a workflow that would retry for ever is stopped after an
        # hour (a few seconds of real time on the time-skipping server).
        execution_timeout=timedelta(hours=1),
    )


async def test_happy_path_ships_and_sends_every_notification(client, task_queue):
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[OrderWorkflow],
        activities=[*CRITICAL_PATH, *NOTIFICATIONS],
    ):
        handle = await start_order(client, task_queue, Order("T-1", "t@example.com", 4200))
        result = await handle.result()

    assert result == OrderResult(
        order_id="T-1",
        reservation_id="res-T-1",
        payment_id="pay-T-1",
        shipment_id="ship-T-1",
        notifications_sent=NOTIFICATION_NAMES,
        notifications_failed={},
    )
    assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED


async def test_critical_path_runs_in_order_before_any_notification(client, task_queue):
    calls: list[tuple] = []
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[OrderWorkflow],
        activities=all_recorded(calls),
    ):
        handle = await start_order(client, task_queue, Order("T-2", "t@example.com", 4200))
        await handle.result()

    assert calls[:4] == [
        ("validate_order", "T-2"),
        ("reserve_inventory", "T-2"),
        ("charge_payment", "T-2"),
        # create_shipment got the payment id from the step before it:
        ("create_shipment", "T-2", "pay-T-2"),
    ]
    assert sorted(name for name, *_ in calls[4:]) == sorted(NOTIFICATION_NAMES)


async def test_notifications_run_at_the_same_time(client, task_queue):
    # Each notification waits until all four have started. That only happens if
    # the workflow started them together: run one after the other, the first
    # would wait alone, time out and break the barrier for the others.
    all_started = asyncio.Barrier(len(NOTIFICATIONS))

    def waits_for_the_others(name: str) -> Callable:
        @activity.defn(name=name)
        async def notification(order: Order) -> None:
            try:
                async with asyncio.timeout(5):  # failure guard only
                    await all_started.wait()
            except (TimeoutError, asyncio.BrokenBarrierError):
                await all_started.abort()
                raise ApplicationError(f"{name} ran without the others", non_retryable=True) from None

        return notification

    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[OrderWorkflow],
        activities=[
            *CRITICAL_PATH,
            *(waits_for_the_others(n) for n in NOTIFICATION_NAMES),
        ],
    ):
        handle = await start_order(client, task_queue, Order("T-3", "t@example.com", 4200))
        result = await handle.result()

    assert result.notifications_failed == {}
    assert result.notifications_sent == NOTIFICATION_NAMES


async def test_failing_notification_is_retried_three_times_and_the_order_completes(time_env, task_queue):
    # The time-skipping server skips the 1 s + 2 s backoff between the attempts.
    client = time_env.client
    slack_attempts: list[int] = []

    @activity.defn(name="notify_slack_channel")
    async def counting_slack(order: Order) -> None:
        slack_attempts.append(activity.info().attempt)
        await notify_slack_channel(order)  # the example's: fails as the order asks

    activities = [
        *CRITICAL_PATH,
        *(n for n in NOTIFICATIONS if n is not notify_slack_channel),
        counting_slack,
    ]
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow], activities=activities):
        order = Order("T-4", "t@example.com", 4200, fail_notifications=["notify_slack_channel"])
        handle = await start_order(client, task_queue, order)
        result = await handle.result()

    assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED
    assert result.shipment_id == "ship-T-4"
    assert result.notifications_failed == {"notify_slack_channel": "service unavailable (attempt 3)"}
    assert result.notifications_sent == [n for n in NOTIFICATION_NAMES if n != "notify_slack_channel"]
    assert slack_attempts == [1, 2, 3]  # maximum_attempts=3, then it gave up


async def test_failure_on_the_critical_path_fails_the_order_and_sends_nothing(client, task_queue):
    calls: list[tuple] = []

    @activity.defn(name="charge_payment")
    async def declined(order: Order) -> str:
        calls.append(("charge_payment", order.order_id))
        raise ApplicationError("card declined", type="PaymentDeclined", non_retryable=True)

    activities = [
        recorded(validate_order, calls),
        recorded(reserve_inventory, calls),
        declined,
        recorded(create_shipment, calls),
        *(recorded(n, calls) for n in NOTIFICATIONS),
    ]
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow], activities=activities):
        handle = await start_order(client, task_queue, Order("T-5", "t@example.com", 4200))
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()

    assert (await handle.describe()).status == WorkflowExecutionStatus.FAILED
    assert isinstance(failure.value.cause, ActivityError)
    assert isinstance(failure.value.cause.cause, ApplicationError)
    assert failure.value.cause.cause.type == "PaymentDeclined"
    assert calls == [
        ("validate_order", "T-5"),
        ("reserve_inventory", "T-5"),
        ("charge_payment", "T-5"),
    ]


async def test_invalid_order_fails_validation_without_retrying(client, task_queue):
    calls: list[tuple] = []
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[OrderWorkflow],
        activities=all_recorded(calls),
    ):
        handle = await start_order(client, task_queue, Order("T-6", "t@example.com", 0))
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()

    assert failure.value.cause.cause.type == "InvalidOrder"
    # non_retryable: one attempt, and nothing after it.
    assert calls == [("validate_order", "T-6")]


# ---------------------------------------------------------------- what the page says Temporal does


@workflow.defn
class NoTimeoutWorkflow:
    @workflow.run
    async def run(self, order: Order) -> None:
        await workflow.execute_activity(validate_order, order)  # no timeout


@workflow.defn
class FireAndForgetWorkflow:
    @workflow.run
    async def run(self, order: Order) -> None:
        # Scheduled, never awaited: the workflow fails in the same workflow task.
        workflow.start_activity(validate_order, order, start_to_close_timeout=timedelta(seconds=10))
        raise ApplicationError("the order failed", non_retryable=True)


async def first_event(handle: WorkflowHandle, event_type: EventType.ValueType):
    """Long-polls the history until the server records an event of this type."""
    async for event in handle.fetch_history_events(wait_new_event=True):
        if event.event_type == event_type:
            return event
    raise AssertionError(f"the workflow closed without {EventType.Name(event_type)}")


async def test_an_activity_call_without_a_timeout_fails_the_workflow_task_and_the_workflow_keeps_running(
    client, task_queue
):
    calls: list[tuple] = []
    async with Worker(
        client, task_queue=task_queue, workflows=[NoTimeoutWorkflow], activities=[recorded(validate_order, calls)]
    ):
        handle = await client.start_workflow(
            NoTimeoutWorkflow.run,
            Order("N-1", "n@example.com", 100),
            id=f"no-timeout-{task_queue}",
            task_queue=task_queue,
        )
        failed = await first_event(handle, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
        message = failed.workflow_task_failed_event_attributes.failure.message
        assert message == "Activity must have start_to_close_timeout or schedule_to_close_timeout"
        assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING
        await handle.terminate("test over")
    assert calls == []  # the activity was never scheduled


async def test_an_activity_scheduled_but_not_awaited_when_the_workflow_ends_never_runs(client, task_queue):
    calls: list[tuple] = []
    async with Worker(
        client, task_queue=task_queue, workflows=[FireAndForgetWorkflow], activities=[recorded(validate_order, calls)]
    ):
        handle = await client.start_workflow(
            FireAndForgetWorkflow.run,
            Order("G-1", "g@example.com", 100),
            id=f"forget-{task_queue}",
            task_queue=task_queue,
        )
        with pytest.raises(WorkflowFailureError):
            await handle.result()
        types = [event.event_type async for event in handle.fetch_history_events()]
    assert EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED in types  # scheduled ...
    assert EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED not in types  # ... never started
    assert types[-1] == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED
    assert calls == []


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    # As a learner runs it: with no TEMPORAL_ADDRESS it starts its own dev server
    # (or, when the suite itself targets a cluster, it inherits TEMPORAL_ADDRESS).
    module = "examples.lesson7.order_workflow"
    assert_output_matches_recorded(module, run_example(module))

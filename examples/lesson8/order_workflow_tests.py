"""Lesson 8, quiz question 5: workflow tests with mocked activities, with time skipping.

The time-skipping test server is a real Temporal server process (started from
the installed ``temporal-test-server`` binary, offline, in about 0.1 s) whose
clock jumps ahead whenever every workflow is waiting on a timer: the
30-minute cancel window of OrderWorkflow passes in milliseconds.

The activities are mocked the Python way: fakes registered under the same
activity names, passed to the test's worker instead of the real ones.

Run it: python -m examples.lesson8.order_workflow_tests
    (or: pytest examples/lesson8/order_workflow_tests.py)
"""

import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import pytest
from temporalio import activity, workflow
from temporalio.client import WorkflowFailureError
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import installed_binary
    from examples.lesson8.order_workflow import Order, OrderWorkflow


# region: env-fixture
@pytest.fixture(scope="module")
async def env() -> AsyncIterator[WorkflowEnvironment]:
    async with await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=installed_binary("temporal-test-server")
    ) as env:
        yield env


# endregion: env-fixture


# region: fake-activities
def fake_activities(
    calls: list[tuple[str, object]], *, charge_error: Exception | None = None
) -> list[Callable[..., Awaitable[object]]]:
    """Fakes with the real activities' names; each records its call in `calls`."""

    @activity.defn(name="validate_order")
    async def validate_order(order: Order) -> None:
        calls.append(("validate_order", order.id))

    @activity.defn(name="reserve_inventory")
    async def reserve_inventory(order: Order) -> str:
        calls.append(("reserve_inventory", order.id))
        return "reservation-123"

    @activity.defn(name="charge_payment")
    async def charge_payment(order: Order) -> str:
        calls.append(("charge_payment", order.id))
        if charge_error:
            raise charge_error
        return "payment-456"

    @activity.defn(name="create_shipment")
    async def create_shipment(order: Order) -> str:
        calls.append(("create_shipment", order.id))
        return "shipment-789"

    @activity.defn(name="release_inventory")
    async def release_inventory(reservation_id: str) -> None:
        calls.append(("release_inventory", reservation_id))

    return [
        validate_order,
        reserve_inventory,
        charge_payment,
        create_shipment,
        release_inventory,
    ]


# endregion: fake-activities


ORDER = Order("order-123", "customer-456", 9999, ["book"])


# region: test-success
async def test_order_succeeds_with_every_activity_mocked(
    env: WorkflowEnvironment,
) -> None:
    calls: list[tuple[str, object]] = []
    task_queue = f"test-{uuid.uuid4()}"
    async with Worker(
        env.client,
        task_queue=task_queue,
        workflows=[OrderWorkflow],
        activities=fake_activities(calls),
    ):
        result = await env.client.execute_workflow(
            OrderWorkflow.run, ORDER, id=f"order-{uuid.uuid4()}", task_queue=task_queue
        )

    assert result.status == "completed"
    assert (result.payment_id, result.shipment_id) == ("payment-456", "shipment-789")
    # Every step ran once, in order (the 30-minute window was skipped, not waited).
    assert [name for name, _ in calls] == [
        "validate_order",
        "reserve_inventory",
        "charge_payment",
        "create_shipment",
    ]


# endregion: test-success


# region: test-payment-fails
async def test_payment_failure_releases_the_reservation(
    env: WorkflowEnvironment,
) -> None:
    calls: list[tuple[str, object]] = []
    declined = ApplicationError(
        "insufficient funds", type="PaymentDeclined", non_retryable=True
    )
    task_queue = f"test-{uuid.uuid4()}"
    activities = fake_activities(calls, charge_error=declined)
    async with Worker(
        env.client,
        task_queue=task_queue,
        workflows=[OrderWorkflow],
        activities=activities,
    ):
        with pytest.raises(WorkflowFailureError) as failure:
            await env.client.execute_workflow(
                OrderWorkflow.run,
                ORDER,
                id=f"order-{uuid.uuid4()}",
                task_queue=task_queue,
            )

    # The workflow failed with the payment's error...
    assert isinstance(failure.value.cause, ActivityError)
    assert isinstance(failure.value.cause.cause, ApplicationError)
    assert failure.value.cause.cause.message == "insufficient funds"
    # ...after compensating with the reservation id that reserve_inventory returned.
    assert calls[-1] == ("release_inventory", "reservation-123")
    assert ("create_shipment", ORDER.id) not in calls


# endregion: test-payment-fails


# region: test-cancel-signal
async def test_cancel_signal_during_the_window_cancels_the_order(
    env: WorkflowEnvironment,
) -> None:
    calls: list[tuple[str, object]] = []
    task_queue = f"test-{uuid.uuid4()}"
    async with Worker(
        env.client,
        task_queue=task_queue,
        workflows=[OrderWorkflow],
        activities=fake_activities(calls),
    ):
        handle = await env.client.start_workflow(
            OrderWorkflow.run, ORDER, id=f"order-{uuid.uuid4()}", task_queue=task_queue
        )
        # Go's RegisterDelayedCallback: move the clock 10 minutes (of the
        # 30-minute window) forward, then send the signal.
        await env.sleep(timedelta(minutes=10))
        await handle.signal(OrderWorkflow.cancel)
        result = await handle.result()

    assert result.status == "canceled"
    assert calls == [("validate_order", ORDER.id)]  # nothing reserved, nothing charged


# endregion: test-cancel-signal


if __name__ == "__main__":
    # -p no:cacheprovider: leave no .pytest_cache behind;
    # -qq -rp: one line per passed test.
    sys.exit(pytest.main([__file__, "-p", "no:cacheprovider", "-qq", "-rp"]))

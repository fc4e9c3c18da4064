"""Lesson 7, quiz question 2: a saga undoes the steps in reverse order.

Before each step, the workflow pushes that step's compensation (its "undo") on
a stack. When a later step fails, or the workflow is canceled, it pops and runs
them: the last thing done is the first thing undone.

Run it: python -m examples.lesson7.saga
"""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import WorkflowFailureError
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

# The workflow sandbox re-imports this file; let it reuse our own modules as they are.
with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client


@dataclass
class Order:
    order_id: str
    total_cents: int
    # The name of the step that should fail, to watch the saga undo the others.
    fail_at: str | None = None
    # Seconds between payment and shipment in which the customer may cancel.
    cooling_off_seconds: int = 0


# Simulated services: instead of calling the real inventory service, payment
# provider, carrier and loyalty program, the activities print what they do.
# Every id comes from the order id, so an undo knows what to undo before its
# step has returned anything.
class SagaActivities:
    def __init__(self) -> None:
        self.done: set[str] = set()  # what the services hold right now
        self.log: list[str] = []  # every call, as printed

    def report(self, what: str) -> None:
        line = f"{activity.info().activity_type}: {what}"
        self.log.append(line)
        print(f"  {line}")

    def fail_if_asked(self, order: Order) -> None:
        if order.fail_at == activity.info().activity_type:
            self.report("FAILED")
            # non_retryable: a declined card or a rejected address does not get
            # better by retrying, so the saga undoes the other steps at once.
            raise ApplicationError(
                f"{order.fail_at} failed", type="StepFailed", non_retryable=True
            )

    @activity.defn
    async def reserve_inventory(self, order: Order) -> str:
        self.fail_if_asked(order)
        self.done.add(f"res-{order.order_id}")
        self.report(f"res-{order.order_id}")
        return f"res-{order.order_id}"

    @activity.defn
    async def charge_payment(self, order: Order) -> str:
        self.fail_if_asked(order)
        self.done.add(f"pay-{order.order_id}")
        self.report(f"pay-{order.order_id}")
        return f"pay-{order.order_id}"

    @activity.defn
    async def create_shipment(self, order: Order) -> str:
        self.fail_if_asked(order)
        self.done.add(f"ship-{order.order_id}")
        self.report(f"ship-{order.order_id} (paid by pay-{order.order_id})")
        return f"ship-{order.order_id}"

    @activity.defn
    async def add_loyalty_points(self, order: Order) -> None:
        self.fail_if_asked(order)
        self.done.add(f"points-{order.order_id}")
        self.report(f"{order.total_cents // 100} points for {order.order_id}")

    # region: idempotent-compensation
    # An undo runs even when its step failed (the step's effect may have
    # happened, and only its answer was lost), and Temporal retries an undo
    # whose answer it did not get. So an undo checks what is there: it undoes
    # only what exists, and a second call finds nothing left to do.
    def undo(self, what: str) -> None:
        if what not in self.done:
            self.report(f"{what} (nothing to undo)")
            return
        self.done.remove(what)
        self.report(what)

    @activity.defn
    async def refund_payment(self, order: Order) -> None:
        self.undo(f"pay-{order.order_id}")

    # endregion: idempotent-compensation

    @activity.defn
    async def release_inventory(self, order: Order) -> None:
        self.undo(f"res-{order.order_id}")

    @activity.defn
    async def cancel_shipment(self, order: Order) -> None:
        self.undo(f"ship-{order.order_id}")

    @activity.defn
    async def remove_loyalty_points(self, order: Order) -> None:
        self.undo(f"points-{order.order_id}")


# region: retry-policies
STEP_TIMEOUT = timedelta(seconds=10)

# A step that keeps failing must give up in the end, or the saga never gets to
# undo anything: the default retry policy retries forever.
STEP_RETRY = RetryPolicy(maximum_attempts=3)

# An undo must not give up: no maximum_attempts (retry until it succeeds; fix
# the bug or wait for the outage to end). That is why undos are idempotent.
COMPENSATION_RETRY = RetryPolicy(maximum_interval=timedelta(seconds=30))
# endregion: retry-policies

Step = Callable[[SagaActivities, Order], Awaitable[object]]
Undo = Callable[[SagaActivities, Order], Awaitable[None]]


@workflow.defn
class SagaOrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        # region: saga
        compensations: list[Undo] = []  # a stack: last in, first out

        async def step(do: Step, undo: Undo) -> None:
            # Push the undo BEFORE the step: a step can fail after its effect
            # happened (its answer was lost), and that effect must be undone too.
            compensations.append(undo)
            await workflow.execute_activity_method(
                do, order, start_to_close_timeout=STEP_TIMEOUT, retry_policy=STEP_RETRY
            )

        try:
            await step(
                SagaActivities.reserve_inventory, SagaActivities.release_inventory
            )
            await step(SagaActivities.charge_payment, SagaActivities.refund_payment)
            if order.cooling_off_seconds:  # the customer may still cancel
                await workflow.sleep(order.cooling_off_seconds)
            await step(SagaActivities.create_shipment, SagaActivities.cancel_shipment)
            await step(
                SagaActivities.add_loyalty_points, SagaActivities.remove_loyalty_points
            )
        except (Exception, asyncio.CancelledError):
            # Canceling the workflow while it waits on a timer raises
            # asyncio.CancelledError, which is not an Exception: name it. (While an
            # activity runs, it arrives as an ActivityError instead.) Not
            # BaseException: that also catches the GeneratorExit Python throws into
            # a workflow the worker drops (Lesson 10).
            # region: compensate
            for undo in reversed(compensations):
                # Await each undo before starting the next one, and all of them
                # before the workflow ends. An activity that is only started
                # (Go: ExecuteActivity without .Get(); Python: start_activity
                # without await) when the workflow returns never runs: closing
                # the workflow drops the activities it has not waited for.
                await workflow.execute_activity_method(
                    undo,
                    order,
                    start_to_close_timeout=STEP_TIMEOUT,
                    retry_policy=COMPENSATION_RETRY,
                )
            # endregion: compensate
            raise  # fail (or end canceled) with the original error
        # endregion: saga
        return f"ship-{order.order_id}"


async def main() -> None:
    # Two orders fail on purpose: the worker logs each failed step in one line.
    expect_failures(ApplicationError)
    orders = [
        Order("S-1001", 4200),
        Order("S-1002", 1999, fail_at="create_shipment"),
        Order("S-1003", 7500, fail_at="add_loyalty_points"),
    ]
    shop = SagaActivities()  # one per worker: it holds the services' state
    async with temporal_client() as client:
        task_queue = f"lesson7-saga-{uuid.uuid4()}"
        activities = [
            shop.reserve_inventory, shop.charge_payment, shop.create_shipment,
            shop.add_loyalty_points, shop.release_inventory, shop.refund_payment,
            shop.cancel_shipment, shop.remove_loyalty_points,
        ]  # fmt: skip
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[SagaOrderWorkflow],
            activities=activities,
        ):
            for order in orders:
                print(f"Order {order.order_id} (fail_at={order.fail_at})")
                handle = await client.start_workflow(
                    SagaOrderWorkflow.run,
                    order,
                    id=f"saga-{order.order_id}-{uuid.uuid4()}",
                    task_queue=task_queue,
                )
                try:
                    await handle.result()
                    print("  => workflow COMPLETED")
                except WorkflowFailureError as err:
                    # err.cause: the ActivityError; its cause: the step's own error.
                    step_error = err.cause.__cause__
                    status = (await handle.describe()).status
                    print(f"  => workflow {status and status.name}: {step_error}")


if __name__ == "__main__":
    asyncio.run(main())

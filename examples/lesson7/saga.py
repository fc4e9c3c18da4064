"""Lesson 7, quiz question 2: a saga undoes the completed steps in reverse order.

Each step that succeeds pushes its compensation (its "undo") on a stack. When a
later step fails, or the workflow is cancelled, the workflow pops and runs
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


# Simulated activities: they print what they do instead of calling the real
# inventory service, payment provider, carrier and loyalty program.


def report(what: str) -> None:
    print(f"  {activity.info().activity_type}: {what}")


def fail_if_asked(order: Order) -> None:
    if order.fail_at == activity.info().activity_type:
        report("FAILED")
        # non_retryable: a declined card or a rejected address does not get
        # better by retrying, so the saga undoes the other steps at once.
        raise ApplicationError(
            f"{order.fail_at} failed", type="StepFailed", non_retryable=True
        )


@activity.defn
async def reserve_inventory(order: Order) -> str:
    fail_if_asked(order)
    reservation_id = f"res-{order.order_id}"
    report(reservation_id)
    return reservation_id


@activity.defn
async def charge_payment(order: Order) -> str:
    fail_if_asked(order)
    payment_id = f"pay-{order.order_id}"
    report(payment_id)
    return payment_id


@activity.defn
async def create_shipment(order: Order, payment_id: str) -> str:
    fail_if_asked(order)
    shipment_id = f"ship-{order.order_id}"
    report(f"{shipment_id} (paid by {payment_id})")
    return shipment_id


@activity.defn
async def add_loyalty_points(order: Order) -> None:
    fail_if_asked(order)
    report(f"{order.total_cents // 100} points for {order.order_id}")


# region: idempotent-compensation
# What the services have really undone. Temporal retries an activity whose
# result it did not receive, so the same undo can arrive twice: applying it
# only once makes that retry harmless (an idempotent compensation).
undone: list[str] = []


def undo_once(what: str) -> None:
    if what in undone:
        report(f"{what} (already undone, nothing to do)")
        return
    undone.append(what)
    report(what)


@activity.defn
async def refund_payment(payment_id: str) -> None:
    undo_once(payment_id)


# endregion: idempotent-compensation


@activity.defn
async def release_inventory(reservation_id: str) -> None:
    undo_once(reservation_id)


@activity.defn
async def cancel_shipment(shipment_id: str) -> None:
    undo_once(shipment_id)


@activity.defn
async def remove_loyalty_points(order_id: str) -> None:
    undo_once(order_id)


# region: retry-policies
STEP_TIMEOUT = timedelta(seconds=10)

# A step that keeps failing must give up in the end, or the saga never gets to
# undo anything: the default retry policy retries forever.
STEP_RETRY = RetryPolicy(maximum_attempts=3)

# An undo must not give up: no maximum_attempts (retry until it succeeds; fix
# the bug or wait for the outage to end). That is why undos are idempotent.
COMPENSATION_RETRY = RetryPolicy(maximum_interval=timedelta(seconds=30))
# endregion: retry-policies

Compensation = tuple[Callable[[str], Awaitable[None]], str]


@workflow.defn
class SagaOrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        # region: saga
        compensations: list[Compensation] = []  # a stack: last in, first out
        try:
            reservation_id = await workflow.execute_activity(
                reserve_inventory,
                order,
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=STEP_RETRY,
            )
            # Push the undo right after its step succeeded.
            compensations.append((release_inventory, reservation_id))

            payment_id = await workflow.execute_activity(
                charge_payment,
                order,
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=STEP_RETRY,
            )
            compensations.append((refund_payment, payment_id))

            shipment_id = await workflow.execute_activity(
                create_shipment,
                args=[order, payment_id],
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=STEP_RETRY,
            )
            compensations.append((cancel_shipment, shipment_id))

            await workflow.execute_activity(
                add_loyalty_points,
                order,
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=STEP_RETRY,
            )
            compensations.append((remove_loyalty_points, order.order_id))
        except BaseException:
            # BaseException, not Exception: a cancelled order must be undone too,
            # and cancelling a workflow can raise asyncio.CancelledError, which is
            # not an Exception. (While an activity runs, it arrives as an
            # ActivityError instead; re-raising either ends the workflow CANCELED.)
            # region: compensate
            for compensate, arg in reversed(compensations):
                # Await each undo before starting the next one, and all of them
                # before the workflow ends. An activity that is only started
                # (Go: ExecuteActivity without .Get(); Python: start_activity
                # without await) when the workflow returns never runs: closing
                # the workflow drops the activities it has not waited for.
                await workflow.execute_activity(
                    compensate,
                    arg,
                    start_to_close_timeout=STEP_TIMEOUT,
                    retry_policy=COMPENSATION_RETRY,
                )
            # endregion: compensate
            raise  # fail (or end cancelled) with the original error
        # endregion: saga
        return shipment_id


async def main() -> None:
    # Two orders fail on purpose: the worker logs each failed step in one line.
    expect_failures(ApplicationError)
    orders = [
        Order("S-1001", 4200),
        Order("S-1002", 1999, fail_at="create_shipment"),
        Order("S-1003", 7500, fail_at="add_loyalty_points"),
    ]
    async with temporal_client() as client:
        task_queue = f"lesson7-saga-{uuid.uuid4()}"
        activities = [
            reserve_inventory, charge_payment, create_shipment, add_loyalty_points,
            release_inventory, refund_payment, cancel_shipment, remove_loyalty_points,
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
                    status = (await handle.describe()).status
                    print(f"  => workflow {status.name}: {err.cause.cause}")


if __name__ == "__main__":
    asyncio.run(main())

"""Lesson 10: a saga over child workflows.

The order workflow runs each service's part as a child workflow. A child that
fails undoes its own steps first (it is a small saga itself); the parent then
undoes the children that had completed, in reverse order.

Run it: python -m examples.lesson10.child_saga
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

with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client


@dataclass
class Order:
    order_id: str


class Shop:
    def __init__(self) -> None:
        self.log: list[str] = []

    def report(self, what: str) -> None:
        line = f"{activity.info().activity_type}: {what}"
        self.log.append(line)
        print(f"  {line}")

    @activity.defn
    async def charge_payment(self, order: Order) -> None:
        self.report(f"charged {order.order_id}")

    @activity.defn
    async def refund_payment(self, order: Order) -> None:
        self.report(f"refunded {order.order_id}")

    @activity.defn
    async def book_carrier(self, order: Order) -> None:
        self.report(f"carrier booked for {order.order_id}")

    @activity.defn
    async def cancel_carrier(self, order: Order) -> None:
        self.report(f"carrier booking of {order.order_id} canceled")

    @activity.defn
    async def print_label(self, order: Order) -> None:
        raise ApplicationError("label printer offline", non_retryable=True)


Activity = Callable[[Shop, Order], Awaitable[None]]


async def call(fn: Activity, order: Order, retry: RetryPolicy) -> None:
    await workflow.execute_activity_method(
        fn, order, start_to_close_timeout=timedelta(seconds=10), retry_policy=retry
    )


NO_RETRY = RetryPolicy(maximum_attempts=1)  # steps: fail at once, for the demo
UNDO_RETRY = RetryPolicy()  # undos: retry until they succeed


@workflow.defn
class PaymentWorkflow:
    @workflow.run
    async def run(self, order: Order) -> None:
        await call(Shop.charge_payment, order, NO_RETRY)


# region: child
@workflow.defn
class ShippingWorkflow:
    """A saga of its own: it undoes its own steps before it fails."""

    @workflow.run
    async def run(self, order: Order) -> None:
        try:
            await call(Shop.book_carrier, order, NO_RETRY)
            await call(Shop.print_label, order, NO_RETRY)
        except (Exception, asyncio.CancelledError):
            await call(Shop.cancel_carrier, order, UNDO_RETRY)
            raise


# endregion: child


# region: parent
@workflow.defn
class OrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> None:
        parent_id = workflow.info().workflow_id
        compensations: list[Activity] = []
        try:
            await workflow.execute_child_workflow(
                PaymentWorkflow.run, order, id=f"{parent_id}-payment"
            )
            compensations.append(Shop.refund_payment)
            await workflow.execute_child_workflow(
                ShippingWorkflow.run, order, id=f"{parent_id}-shipping"
            )
        except (Exception, asyncio.CancelledError):
            # A failed child has cleaned up after itself: the parent undoes
            # only the children that completed, last first.
            for undo in reversed(compensations):
                await call(undo, order, UNDO_RETRY)
            raise


# endregion: parent


async def main() -> None:
    expect_failures(ApplicationError)  # the offline printer, in one line
    shop = Shop()
    async with temporal_client() as client:
        task_queue = f"lesson10-children-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[OrderWorkflow, PaymentWorkflow, ShippingWorkflow],
            activities=[
                shop.charge_payment,
                shop.refund_payment,
                shop.book_carrier,
                shop.cancel_carrier,
                shop.print_label,
            ],
        ):
            try:
                await client.execute_workflow(
                    OrderWorkflow.run,
                    Order("K-1"),
                    id=f"order-K-1-{uuid.uuid4()}",
                    task_queue=task_queue,
                )
            except WorkflowFailureError as err:
                # The chain of causes: the child's failure, the activity's
                # failure in the child, the activity's own error.
                chain: list[str] = []
                cause: BaseException | None = err.cause
                while cause:
                    chain.append(f"{type(cause).__name__}: {cause}")
                    cause = cause.__cause__
                print("workflow FAILED:", "\n  <- ".join(chain))


if __name__ == "__main__":
    asyncio.run(main())

"""Lesson 10: the pivot step, after which the saga only goes forward.

Before the pivot, every step has an undo. The pivot itself (here: the parcel
leaves with the carrier) cannot be undone. After it, the saga never
compensates: the remaining steps are retried until they succeed.

Run it: python -m examples.lesson10.pivot
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
    carrier_rejects: bool = False
    loyalty_outages: int = 0  # failed attempts before the loyalty service is back


class Shop:
    def __init__(self) -> None:
        self.log: list[str] = []

    def report(self, what: str) -> None:
        line = f"{activity.info().activity_type}: {what}"
        self.log.append(line)
        print(f"  {line}")

    @activity.defn
    async def reserve_inventory(self, order: Order) -> None:
        self.report(f"reserved {order.order_id}")

    @activity.defn
    async def release_inventory(self, order: Order) -> None:
        self.report(f"released {order.order_id}")

    @activity.defn
    async def charge_payment(self, order: Order) -> None:
        self.report(f"charged {order.order_id}")

    @activity.defn
    async def refund_payment(self, order: Order) -> None:
        self.report(f"refunded {order.order_id}")

    @activity.defn
    async def create_shipment(self, order: Order) -> None:
        if order.carrier_rejects:
            raise ApplicationError("carrier rejected the parcel", non_retryable=True)
        self.report(f"{order.order_id} handed to the carrier")

    @activity.defn
    async def add_loyalty_points(self, order: Order) -> None:
        if activity.info().attempt <= order.loyalty_outages:
            raise ApplicationError("loyalty service unavailable")  # transient
        self.report(f"points added for {order.order_id}")


Activity = Callable[[Shop, Order], Awaitable[None]]
TIMEOUT = timedelta(seconds=10)
STEP_RETRY = RetryPolicy(maximum_attempts=3)  # give up, then compensate
# After the pivot: no maximum_attempts, retry until it succeeds.
FORWARD_RETRY = RetryPolicy(initial_interval=timedelta(milliseconds=200))


@workflow.defn
class PivotSagaWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        # region: saga
        def call(fn: Activity, retry: RetryPolicy) -> Awaitable[None]:
            return workflow.execute_activity_method(
                fn, order, start_to_close_timeout=TIMEOUT, retry_policy=retry
            )

        compensations: list[Activity] = []
        try:
            # Compensatable steps: each with its undo.
            compensations.append(Shop.release_inventory)
            await call(Shop.reserve_inventory, STEP_RETRY)
            compensations.append(Shop.refund_payment)
            await call(Shop.charge_payment, STEP_RETRY)
            # The pivot: it either fails (and is undone with the rest) or
            # succeeds, and from then on there is no way back.
            await call(Shop.create_shipment, STEP_RETRY)  # highlight
        except (Exception, asyncio.CancelledError):
            for undo in reversed(compensations):
                await call(undo, RetryPolicy())
            raise
        # Retriable steps: outside the try, never compensated, retried until
        # they succeed.
        await call(Shop.add_loyalty_points, FORWARD_RETRY)  # highlight
        # endregion: saga
        return "delivered"


async def main() -> None:
    expect_failures(ApplicationError)
    shop = Shop()
    async with temporal_client() as client:
        task_queue = f"lesson10-pivot-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[PivotSagaWorkflow],
            activities=[
                shop.reserve_inventory,
                shop.release_inventory,
                shop.charge_payment,
                shop.refund_payment,
                shop.create_shipment,
                shop.add_loyalty_points,
            ],
        ):
            for order in [
                Order("V-1", carrier_rejects=True),  # the pivot fails
                Order("V-2", loyalty_outages=2),  # a step after it fails twice
            ]:
                print(f"Order {order.order_id}")
                try:
                    result = await client.execute_workflow(
                        PivotSagaWorkflow.run,
                        order,
                        id=f"pivot-{order.order_id}-{uuid.uuid4()}",
                        task_queue=task_queue,
                    )
                    print(f"  => workflow COMPLETED: {result}")
                except WorkflowFailureError as err:
                    print(f"  => workflow FAILED: {err.cause.__cause__}")


if __name__ == "__main__":
    asyncio.run(main())

"""Lesson 10: register a compensation BEFORE its step, not after.

The payment provider takes the money, then the connection drops before its
answer arrives: to Temporal the charge failed. A saga that registers the refund
only after the charge returned never refunds it. One that registers the refund
before calling the charge does, and the ledger ends at zero.

Run it: python -m examples.lesson10.register_before
"""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

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
    total_cents: int


# Simulated services. `ledger` is what the payment provider holds per order.
class Shop:
    def __init__(self) -> None:
        self.ledger: dict[str, int] = {}
        self.reserved: set[str] = set()
        self.log: list[str] = []

    def report(self, what: str) -> None:
        line = f"{activity.info().activity_type}: {what}"
        self.log.append(line)
        print(f"  {line}")

    @activity.defn
    async def reserve_inventory(self, order: Order) -> None:
        self.reserved.add(order.order_id)
        self.report(f"reserved {order.order_id}")

    @activity.defn
    async def release_inventory(self, order: Order) -> None:
        self.reserved.discard(order.order_id)
        self.report(f"released {order.order_id}")

    # region: charge
    @activity.defn
    async def charge_payment(self, order: Order) -> None:
        self.ledger[order.order_id] = order.total_cents  # the money is taken...
        self.report(f"charged {order.total_cents} for {order.order_id}")
        # ...and the answer is lost on its way back: Temporal sees a failure.
        raise ApplicationError("connection reset before the answer arrived")

    # A refund must accept "nothing to undo": it may run for a charge that
    # never happened.
    @activity.defn
    async def refund_payment(self, order: Order) -> None:
        refunded = self.ledger.pop(order.order_id, 0)
        self.report(f"refunded {refunded} for {order.order_id}")

    # endregion: charge


Undo = Callable[[Shop, Order], Awaitable[None]]
SagaRun = Callable[[Any, Order], Awaitable[None]]


async def call(fn: Undo, order: Order) -> None:
    """Run one activity of the saga (workflow code: it runs inside a workflow)."""
    await workflow.execute_activity_method(
        fn,
        order,
        start_to_close_timeout=timedelta(seconds=10),
        retry_policy=RetryPolicy(maximum_attempts=1),  # one attempt: a short demo
    )


@workflow.defn
class RegisterAfterWorkflow:
    @workflow.run
    async def run(self, order: Order) -> None:
        compensations: list[Undo] = []
        try:
            await call(Shop.reserve_inventory, order)
            compensations.append(Shop.release_inventory)
            await call(Shop.charge_payment, order)
            compensations.append(Shop.refund_payment)  # too late # highlight
        except (Exception, asyncio.CancelledError):
            for undo in reversed(compensations):
                await call(undo, order)
            raise


@workflow.defn
class RegisterBeforeWorkflow:
    @workflow.run
    async def run(self, order: Order) -> None:
        compensations: list[Undo] = []
        try:
            compensations.append(Shop.release_inventory)
            await call(Shop.reserve_inventory, order)
            compensations.append(Shop.refund_payment)  # before the charge # highlight
            await call(Shop.charge_payment, order)
        except (Exception, asyncio.CancelledError):
            for undo in reversed(compensations):
                await call(undo, order)
            raise


async def main() -> None:
    expect_failures(ApplicationError)  # the lost answers, logged in one line
    shop = Shop()
    async with temporal_client() as client:
        task_queue = f"lesson10-register-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[RegisterAfterWorkflow, RegisterBeforeWorkflow],
            activities=[
                shop.reserve_inventory,
                shop.release_inventory,
                shop.charge_payment,
                shop.refund_payment,
            ],
        ):
            runs: list[tuple[str, SagaRun, Order]] = [
                ("after", RegisterAfterWorkflow.run, Order("A-1", 4200)),
                ("before", RegisterBeforeWorkflow.run, Order("B-1", 4200)),
            ]
            for when, run, order in runs:
                print(f"Refund registered {when} the charge, order {order.order_id}")
                try:
                    await client.execute_workflow(
                        run, order, id=f"{order.order_id}-{uuid.uuid4()}",
                        task_queue=task_queue,
                    )  # fmt: skip
                except WorkflowFailureError:
                    left = shop.ledger.get(order.order_id, 0)
                    print(f"  => workflow FAILED; still charged: {left}")


if __name__ == "__main__":
    asyncio.run(main())

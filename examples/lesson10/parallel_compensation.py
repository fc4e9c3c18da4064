"""Lesson 10: steps that do not depend on each other run in parallel, and so
do their compensations.

Reserving the stock and charging the card are independent, so the saga starts
both at once. When the shipment fails, it releases and refunds at once too,
with asyncio.gather(..., return_exceptions=True): every compensation runs to
its end, even if another one fails.

Run it: python -m examples.lesson10.parallel_compensation
"""

import asyncio
import time
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
    total_cents: int


# Simulated services; each call takes a moment, so that the overlap shows.
class Shop:
    def __init__(self) -> None:
        self.held: set[str] = set()  # what the services hold right now
        self.spans: dict[str, tuple[float, float]] = {}  # start, end of each call

    async def work(self, add: str | None = None, remove: str | None = None) -> None:
        start = time.monotonic()
        await asyncio.sleep(0.3)
        if add:
            self.held.add(add)
        if remove:
            self.held.discard(remove)
        self.spans[activity.info().activity_type] = (start, time.monotonic())

    @activity.defn
    async def reserve_inventory(self, order: Order) -> None:
        await self.work(add=f"res-{order.order_id}")

    @activity.defn
    async def charge_payment(self, order: Order) -> None:
        await self.work(add=f"pay-{order.order_id}")

    @activity.defn
    async def create_shipment(self, order: Order) -> None:
        raise ApplicationError("address rejected", non_retryable=True)

    @activity.defn
    async def release_inventory(self, order: Order) -> None:
        await self.work(remove=f"res-{order.order_id}")

    @activity.defn
    async def refund_payment(self, order: Order) -> None:
        await self.work(remove=f"pay-{order.order_id}")

    def overlapped(self, a: str, b: str) -> bool:
        (a_start, a_end), (b_start, b_end) = self.spans[a], self.spans[b]
        return a_start < b_end and b_start < a_end


Activity = Callable[[Shop, Order], Awaitable[None]]
TIMEOUT = timedelta(seconds=10)


@workflow.defn
class ParallelSagaWorkflow:
    @workflow.run
    async def run(self, order: Order) -> None:
        # region: saga
        def start(fn: Activity, retry: RetryPolicy) -> Awaitable[None]:
            return workflow.execute_activity_method(
                fn, order, start_to_close_timeout=TIMEOUT, retry_policy=retry
            )

        no_retry = RetryPolicy(maximum_attempts=1)
        compensations: list[Activity] = []
        try:
            # Independent steps: register both undos, then run both at once, and
            # let both end before undoing anything (return_exceptions=True).
            compensations += [Shop.release_inventory, Shop.refund_payment]
            for outcome in await asyncio.gather(
                start(Shop.reserve_inventory, no_retry),
                start(Shop.charge_payment, no_retry),
                return_exceptions=True,
            ):
                if isinstance(outcome, BaseException):
                    raise outcome
            await start(Shop.create_shipment, no_retry)
        except (Exception, asyncio.CancelledError) as err:
            # Independent undos: all at once. return_exceptions=True waits for
            # every one of them and hands back their errors instead of raising.
            results = await asyncio.gather(  # highlight
                *(start(undo, RetryPolicy()) for undo in compensations),  # highlight
                return_exceptions=True,  # highlight
            )  # highlight
            failed = [r for r in results if isinstance(r, BaseException)]
            if failed:  # never drop a failed undo in silence: say which, and why
                why = "; ".join(str(e.__cause__ or e) for e in failed)
                raise ApplicationError(
                    f"undos failed after {err.__cause__ or err}: {why}"
                ) from err
            raise
        # endregion: saga


async def main() -> None:
    expect_failures(ApplicationError)  # the rejected address, in one line
    shop = Shop()
    async with temporal_client() as client:
        task_queue = f"lesson10-parallel-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[ParallelSagaWorkflow],
            activities=[
                shop.reserve_inventory,
                shop.charge_payment,
                shop.create_shipment,
                shop.release_inventory,
                shop.refund_payment,
            ],
        ):
            try:
                await client.execute_workflow(
                    ParallelSagaWorkflow.run,
                    Order("P-1", 4200),
                    id=f"parallel-P-1-{uuid.uuid4()}",
                    task_queue=task_queue,
                )
            except WorkflowFailureError as err:
                print(f"workflow FAILED: {err.cause.__cause__}")
    both = shop.overlapped("reserve_inventory", "charge_payment")
    print(f"reserve and charge ran at the same time: {both}")
    both = shop.overlapped("release_inventory", "refund_payment")
    print(f"release and refund ran at the same time: {both}")
    print(f"still held after the saga: {sorted(shop.held) or 'nothing'}")


if __name__ == "__main__":
    asyncio.run(main())

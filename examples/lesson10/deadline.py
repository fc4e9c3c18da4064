"""Lesson 10: a saga's business deadline belongs inside the workflow.

Order D-1 relies on the execution timeout: when it expires, the server closes
the run (TIMED_OUT) and no workflow code runs again, so nothing is undone and
the money stays taken. Order D-2 has its deadline in the workflow: when the
warehouse has not confirmed in time, the saga compensates and fails.

Run it: python -m examples.lesson10.deadline
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from temporalio import activity, workflow
from temporalio.client import WorkflowFailureError, WorkflowHandle
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class Order:
    order_id: str
    # Seconds the warehouse has to confirm the order; None: no deadline.
    pick_deadline_seconds: float | None = None


class Shop:
    def __init__(self) -> None:
        self.charged: set[str] = set()
        self.log: list[str] = []

    def report(self, what: str) -> None:
        line = f"{activity.info().activity_type}: {what}"
        self.log.append(line)
        print(f"  {line}")

    @activity.defn
    async def charge_payment(self, order: Order) -> None:
        self.charged.add(order.order_id)
        self.report(f"charged {order.order_id}")

    @activity.defn
    async def refund_payment(self, order: Order) -> None:
        self.charged.discard(order.order_id)
        self.report(f"refunded {order.order_id}")

    @activity.defn
    async def create_shipment(self, order: Order) -> None:
        self.report(f"shipped {order.order_id}")


TIMEOUT = timedelta(seconds=10)


@workflow.defn
class DeadlineSagaWorkflow:
    def __init__(self) -> None:
        self.picked = False

    @workflow.signal
    def warehouse_picked(self) -> None:
        self.picked = True

    @workflow.run
    async def run(self, order: Order) -> str:
        await workflow.execute_activity_method(
            Shop.charge_payment, order, start_to_close_timeout=TIMEOUT
        )
        # region: deadline
        try:
            # Wait for the warehouse, but no longer than the deadline.
            await workflow.wait_condition(
                lambda: self.picked, timeout=order.pick_deadline_seconds
            )
        except TimeoutError:  # asyncio.TimeoutError: the deadline passed first
            await workflow.execute_activity_method(
                Shop.refund_payment, order, start_to_close_timeout=TIMEOUT
            )
            raise ApplicationError("the warehouse missed the deadline") from None
        # endregion: deadline
        await workflow.execute_activity_method(
            Shop.create_shipment, order, start_to_close_timeout=TIMEOUT
        )
        return "shipped"


async def main() -> None:
    shop = Shop()
    async with temporal_client() as client:
        task_queue = f"lesson10-deadline-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[DeadlineSagaWorkflow],
            activities=[shop.charge_payment, shop.refund_payment, shop.create_shipment],
        ):
            # region: main
            print("D-1: deadline as the execution timeout (5 s)")
            d1 = await client.start_workflow(
                DeadlineSagaWorkflow.run,
                Order("D-1"),  # no deadline inside: it waits for ever
                id=f"deadline-D-1-{uuid.uuid4()}",
                task_queue=task_queue,
                execution_timeout=timedelta(seconds=5),  # highlight
            )
            await report_end(d1)
            print("D-2: deadline inside the workflow (2 s)")
            d2 = await client.start_workflow(
                DeadlineSagaWorkflow.run,
                Order("D-2", pick_deadline_seconds=2),  # highlight
                id=f"deadline-D-2-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            await report_end(d2)
            # endregion: main
    print(f"still charged: {sorted(shop.charged) or 'nobody'}")


async def report_end(handle: WorkflowHandle[Any, Any]) -> None:
    try:
        await handle.result()
    except WorkflowFailureError as err:
        status = (await handle.describe()).status
        print(f"  => workflow {status and status.name}: {err.cause}")


if __name__ == "__main__":
    asyncio.run(main())

"""Lesson 2: steps that do not depend on each other run at the same time.

Before an order is charged, three checks run: fraud, stock and address. None
needs another's result, so the workflow starts all three at once and waits
for them together; the charge and the shipment, which do depend on what came
before, follow one after the other.

Run it: python -m examples.lesson2.parallel
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class Order:
    order_id: str
    customer_email: str
    total_cents: int


@dataclass
class CheckResult:
    check: str
    passed: bool


@activity.defn
async def check_fraud(order: Order) -> CheckResult:
    await asyncio.sleep(0.5)  # a call to the fraud service
    return CheckResult("fraud", order.total_cents < 100_000)


@activity.defn
async def check_stock(order: Order) -> CheckResult:
    await asyncio.sleep(0.5)  # ... the inventory service
    return CheckResult("stock", True)


@activity.defn
async def check_address(order: Order) -> CheckResult:
    await asyncio.sleep(0.5)  # ... the address validation service
    return CheckResult("address", True)


@activity.defn
async def charge_payment(order: Order) -> str:
    return f"pay-{order.order_id}"


@activity.defn
async def create_shipment(order: Order) -> str:
    return f"ship-{order.order_id}"


CHECKS = [check_fraud, check_stock, check_address]


@workflow.defn
class CheckedOrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        # region: parallel
        # Parallel: asyncio.gather starts the three activities together and
        # waits until all of them have finished (a failure raises at once).
        results = await asyncio.gather(
            *(
                workflow.execute_activity(
                    check, order, start_to_close_timeout=timedelta(seconds=10)
                )
                for check in CHECKS
            )
        )
        failed = [result.check for result in results if not result.passed]
        if failed:
            return f"rejected: {', '.join(failed)} check failed"
        # endregion: parallel

        # region: sequential
        # Sequential: the shipment needs the payment to have gone through.
        payment_id = await workflow.execute_activity(
            charge_payment, order, start_to_close_timeout=timedelta(seconds=10)
        )
        shipment_id = await workflow.execute_activity(
            create_shipment, order, start_to_close_timeout=timedelta(seconds=10)
        )
        return f"checks passed, charged {payment_id}, shipped {shipment_id}"
        # endregion: sequential


async def main() -> None:
    orders = [
        Order("A-1001", "ada@example.com", 4200),
        Order("A-1002", "eve@example.com", 250_000),  # too big: the fraud check says no
    ]
    async with temporal_client() as client:
        task_queue = f"lesson2-parallel-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[CheckedOrderWorkflow],
            activities=[*CHECKS, charge_payment, create_shipment],
        ):
            for order in orders:
                outcome = await client.execute_workflow(
                    CheckedOrderWorkflow.run,
                    order,
                    id=f"order-{order.order_id}-{uuid.uuid4()}",
                    task_queue=task_queue,
                )
                print(f"Order {order.order_id}: {outcome}")


if __name__ == "__main__":
    asyncio.run(main())

"""Lesson 2: a first workflow and its activities, start to finish.

The order workflow validates the order, reserves the stock, charges the card
and ships the parcel, one step after the other. The script starts a worker
that runs the workflow and its activities, asks Temporal to run the workflow,
and prints its result.

Run it: python -m examples.lesson2.first_workflow
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

# The workflow sandbox re-imports this file; let it reuse our own modules as they are.
with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


# region: data
# One dataclass per argument and result: a field added later changes no
# signature. Money is in integer cents, never a float.
@dataclass
class Order:
    order_id: str
    customer_email: str
    total_cents: int


@dataclass
class OrderResult:
    order_id: str
    reservation_id: str
    payment_id: str
    shipment_id: str


# endregion: data


# region: activities
@activity.defn
async def validate_order(order: Order) -> None:
    if order.total_cents <= 0:
        # A business error: retrying cannot fix it, so don't.
        raise ApplicationError(
            f"order {order.order_id} has nothing to pay", non_retryable=True
        )


@activity.defn
async def reserve_inventory(order: Order) -> str:
    return f"res-{order.order_id}"  # a real one calls the inventory service


@activity.defn
async def charge_payment(order: Order) -> str:
    return f"pay-{order.order_id}"  # ... the payment provider


@activity.defn
async def create_shipment(order: Order) -> str:
    return f"ship-{order.order_id}"  # ... the carrier


# endregion: activities


# region: workflow
@workflow.defn
class OrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> OrderResult:
        # Each step is an activity. `await` waits until it has succeeded; a
        # failed step raises ActivityError, which fails the workflow here.
        await workflow.execute_activity(
            validate_order, order, start_to_close_timeout=timedelta(seconds=10)
        )
        reservation_id = await workflow.execute_activity(
            reserve_inventory, order, start_to_close_timeout=timedelta(seconds=10)
        )
        payment_id = await workflow.execute_activity(
            charge_payment, order, start_to_close_timeout=timedelta(seconds=10)
        )
        shipment_id = await workflow.execute_activity(
            create_shipment, order, start_to_close_timeout=timedelta(seconds=10)
        )
        return OrderResult(order.order_id, reservation_id, payment_id, shipment_id)


# endregion: workflow


async def main() -> None:
    async with temporal_client() as client:
        # region: worker-and-start
        task_queue = f"lesson2-orders-{uuid.uuid4()}"
        # The worker polls the task queue and runs what is registered on it.
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[OrderWorkflow],
            activities=[
                validate_order,
                reserve_inventory,
                charge_payment,
                create_shipment,
            ],
        ):
            order = Order("A-1001", "ada@example.com", 4200)
            # Start the workflow and wait for its result.
            result = await client.execute_workflow(
                OrderWorkflow.run,
                order,
                id=f"order-{order.order_id}-{uuid.uuid4()}",
                task_queue=task_queue,
            )
        # endregion: worker-and-start
        print(f"Order {result.order_id} completed:")
        print(f"  reserved {result.reservation_id}")
        print(f"  charged {result.payment_id}")
        print(f"  shipped {result.shipment_id}")


if __name__ == "__main__":
    asyncio.run(main())

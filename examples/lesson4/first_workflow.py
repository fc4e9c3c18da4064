"""Lesson 4: start an order workflow, wait for its result, run another in one call.

The order workflow reserves the stock, then charges the card; a query reads
how far it got. The other modules of this lesson reuse it.

Run it: python -m examples.lesson4.first_workflow
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.worker import Worker

# The workflow sandbox re-imports this file; let it reuse our own modules as they are.
with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


# region: order
@dataclass
class Order:
    order_id: str
    total_cents: int  # money in integer cents, never a float


@activity.defn
async def reserve_stock(order: Order) -> str:
    return f"res-{order.order_id}"  # stand-in for the inventory service


@activity.defn
async def charge_card(order: Order) -> str:
    return f"pay-{order.order_id}"  # stand-in for the payment provider


@workflow.defn
class OrderWorkflow:
    def __init__(self) -> None:
        self._status = "received"

    @workflow.run
    async def run(self, order: Order) -> str:
        await workflow.execute_activity(
            reserve_stock, order, start_to_close_timeout=timedelta(seconds=10)
        )
        self._status = "stock reserved"
        payment_id = await workflow.execute_activity(
            charge_card, order, start_to_close_timeout=timedelta(seconds=10)
        )
        self._status = "paid"
        return f"order {order.order_id} paid {order.total_cents} cents ({payment_id})"

    @workflow.query
    def status(self) -> str:
        return self._status


ACTIVITIES = [reserve_stock, charge_card]
# endregion: order


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"lesson4-orders-{uuid.uuid4()}"
        # region: worker
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[OrderWorkflow],
            activities=ACTIVITIES,
        ):
            # endregion: worker
            # region: start
            handle = await client.start_workflow(
                OrderWorkflow.run,
                Order("A-1001", 4200),
                id="order-A-1001",  # your id: one per order
                task_queue=task_queue,  # where the workers of this workflow poll
            )
            print(f"started {handle.id}")
            print(await handle.result())  # waits until the workflow completes
            # endregion: start

            # region: execute
            result = await client.execute_workflow(  # start, then wait: one call
                OrderWorkflow.run,
                Order("A-1002", 1999),
                id="order-A-1002",
                task_queue=task_queue,
            )
            print(result)
            # endregion: execute


if __name__ == "__main__":
    asyncio.run(main())

"""Lesson 3: route work to task queues, and see what waits when no one listens.

The order workflow and most of its activities run on the orders task queue;
the charge goes to a payments task queue, polled only by the payment workers
(in a real system: the only machines allowed to hold the payment provider's
key). The script first starts an order while no payment worker is running:
nothing fails, the charge waits in its queue. Then a payment worker starts,
and the order completes.

Run it: python -m examples.lesson3.task_queues
"""

import asyncio
import itertools
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.api.enums.v1 import PendingActivityState
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class Order:
    order_id: str
    customer_email: str
    total_cents: int
    payments_queue: str  # the task queue of the payment workers


def queue_name(task_queue: str) -> str:
    return task_queue.split("-")[1]  # "lesson3-payments-<uuid>" -> "payments"


@activity.defn
async def reserve_inventory(order: Order) -> str:
    return (
        f"reserve_inventory ran on the {queue_name(activity.info().task_queue)} queue"
    )


@activity.defn
async def charge_payment(order: Order) -> str:
    return f"charge_payment ran on the {queue_name(activity.info().task_queue)} queue"


@activity.defn
async def create_shipment(order: Order) -> str:
    return f"create_shipment ran on the {queue_name(activity.info().task_queue)} queue"


# region: workflow
@workflow.defn
class OrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> list[str]:
        timeout = timedelta(seconds=10)
        # No task_queue: the activity goes to the workflow's own task queue.
        reserved = await workflow.execute_activity(
            reserve_inventory, order, start_to_close_timeout=timeout
        )
        # The charge goes to the payment workers' queue.
        charged = await workflow.execute_activity(
            charge_payment,
            order,
            task_queue=order.payments_queue,
            start_to_close_timeout=timeout,
        )
        shipped = await workflow.execute_activity(
            create_shipment, order, start_to_close_timeout=timeout
        )
        return [reserved, charged, shipped]


# endregion: workflow


async def main() -> None:
    async with temporal_client() as client:
        # region: workers
        run_id = uuid.uuid4()
        orders_queue, payments_queue = (
            f"lesson3-orders-{run_id}",
            f"lesson3-payments-{run_id}",
        )
        order = Order("A-1001", "ada@example.com", 4200, payments_queue)
        # The order workers: the workflow and the activities that are not payments.
        async with Worker(
            client,
            task_queue=orders_queue,
            workflows=[OrderWorkflow],
            activities=[reserve_inventory, create_shipment],
        ):
            handle = await client.start_workflow(
                OrderWorkflow.run, order, id=f"order-{run_id}", task_queue=orders_queue
            )
            # No payment worker yet: the charge is scheduled, and waits. Look after
            # 2 s (and on, every 0.5 s, on a machine too busy to have scheduled it).
            for tick in itertools.count(1):
                await asyncio.sleep(0.5)
                description = (await handle.describe()).raw_description
                if tick >= 4 and description.pending_activities:
                    break
            [pending] = description.pending_activities
            state = PendingActivityState.Name(pending.state)
            print(f"After 2 s: {pending.activity_type.name} is {state.split('_')[-1]}")

            # A payment worker starts: it polls the payments queue only.
            async with Worker(
                client, task_queue=payments_queue, activities=[charge_payment]
            ):
                for line in await handle.result():
                    print(line)
        # endregion: workers


if __name__ == "__main__":
    asyncio.run(main())

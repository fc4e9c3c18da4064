"""Inside one activity: independent lookups run concurrently, not one after the other.

The quiz's Go version used a ``parallel.Run`` helper that does not exist; in Go
it is ``errgroup``, in an async Python activity it is ``asyncio.gather``.

Run it: ``python -m examples.lesson9.lookups``
"""

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client

LOOKUP_SECONDS = 0.3  # each lookup is a slow remote call


@dataclass
class OrderLookup:
    customer_id: str
    product_id: str


@dataclass
class OrderContext:
    customer: str
    stock: int
    price_cents: int
    seconds: float  # how long the three lookups took together


async def get_customer(customer_id: str) -> str:
    await asyncio.sleep(LOOKUP_SECONDS)
    return f"customer {customer_id}"


async def get_stock(product_id: str) -> int:
    await asyncio.sleep(LOOKUP_SECONDS)
    return 7


async def get_price(product_id: str) -> int:
    await asyncio.sleep(LOOKUP_SECONDS)
    return 1999


# region: parallel-lookups
@activity.defn
async def load_order_context(lookup: OrderLookup) -> OrderContext:
    started = time.monotonic()
    # The three calls do not depend on each other: run them at the same time.
    customer, stock, price = await asyncio.gather(
        get_customer(lookup.customer_id),
        get_stock(lookup.product_id),
        get_price(lookup.product_id),
    )
    return OrderContext(customer, stock, price, time.monotonic() - started)


# endregion: parallel-lookups


@workflow.defn
class PrepareOrderWorkflow:
    @workflow.run
    async def run(self, lookup: OrderLookup) -> OrderContext:
        return await workflow.execute_activity(
            load_order_context,
            lookup,
            start_to_close_timeout=timedelta(seconds=10),
        )


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"lookups-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[PrepareOrderWorkflow],
            activities=[load_order_context],
        ):
            context = await client.execute_workflow(
                PrepareOrderWorkflow.run,
                OrderLookup("c-17", "p-3"),
                id=f"prepare-{uuid.uuid4()}",
                task_queue=task_queue,
            )
        print(
            f"{context.customer}: {context.stock} in stock"
            f" at {context.price_cents} cents"
        )
        sequential = 3 * LOOKUP_SECONDS
        print(
            f"3 lookups of {LOOKUP_SECONDS}s each took less than {sequential:.1f}s:"
            f" {context.seconds < sequential}"
        )


if __name__ == "__main__":
    asyncio.run(main())

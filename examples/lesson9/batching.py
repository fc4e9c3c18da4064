"""Batching: one activity for many orders instead of one activity per order.

Saves 10 orders both ways into a SQLite "orders database" and compares the
workflow histories. The batch writes all rows in one transaction and its
history is a fraction of the size. The batch is retried as a whole, so it must
be idempotent: each row is keyed by its order id.

Run it: ``python -m examples.lesson9.batching``
"""

import asyncio
import os
import sqlite3
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from contextlib import closing
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client

TIMEOUT = timedelta(seconds=30)


def orders_db() -> closing[sqlite3.Connection]:
    path = os.environ.get("ORDERS_DB") or os.path.join(
        tempfile.gettempdir(), "lesson9-orders.db"
    )
    db = sqlite3.connect(path, timeout=10)
    db.execute(
        "CREATE TABLE IF NOT EXISTS orders (order_id TEXT PRIMARY KEY, status TEXT)"
    )
    return closing(db)


@activity.defn
async def save_order(order_id: str) -> None:
    with orders_db() as db, db:
        db.execute("INSERT OR REPLACE INTO orders VALUES (?, 'saved')", (order_id,))


# region: batch-activity
@activity.defn
async def save_orders(order_ids: list[str]) -> int:
    with orders_db() as db, db:  # one transaction for the whole batch
        # INSERT OR REPLACE: re-running the batch after a failure is harmless.
        db.executemany(
            "INSERT OR REPLACE INTO orders VALUES (?, 'saved')",
            [(o,) for o in order_ids],
        )
    return len(order_ids)


# endregion: batch-activity


# region: workflows
@workflow.defn
class OneByOneWorkflow:
    @workflow.run
    async def run(self, order_ids: list[str]) -> int:
        for order_id in order_ids:  # one activity, one round trip, 6 events per order
            await workflow.execute_activity(
                save_order, order_id, start_to_close_timeout=TIMEOUT
            )
        return len(order_ids)


@workflow.defn
class BatchWorkflow:
    @workflow.run
    async def run(self, order_ids: list[str]) -> int:
        return await workflow.execute_activity(
            save_orders, order_ids, start_to_close_timeout=TIMEOUT
        )


# endregion: workflows


async def history_length(client: Client, workflow_id: str) -> int:
    return len((await client.get_workflow_handle(workflow_id).fetch_history()).events)


async def main() -> None:
    order_ids = [f"order-{n}" for n in range(1, 11)]
    async with temporal_client() as client:
        task_queue = f"batching-{uuid.uuid4()}"
        workflows: list[type[OneByOneWorkflow] | type[BatchWorkflow]]
        workflows = [OneByOneWorkflow, BatchWorkflow]
        activities: list[Callable[..., Awaitable[object]]] = [save_order, save_orders]
        async with Worker(
            client, task_queue=task_queue, workflows=workflows, activities=activities
        ):
            for workflow_class in workflows:
                workflow_id = f"{workflow_class.__name__}-{uuid.uuid4()}"
                saved = await client.execute_workflow(
                    workflow_class.run, order_ids, id=workflow_id, task_queue=task_queue
                )
                events = await history_length(client, workflow_id)
                print(
                    f"{workflow_class.__name__}:"
                    f" {saved} orders saved, {events} history events"
                )


if __name__ == "__main__":
    asyncio.run(main())

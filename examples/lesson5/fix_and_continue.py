"""Lesson 5: no dead-letter queue: a failing activity waits, visible, for a fix.

Version 1 of the shipping activity has a bug and fails on every attempt. The
order does not end up in a dead-letter queue: its workflow stays RUNNING, and
the pending activity shows its attempt count and last error (describe, the
CLI, the Web UI). Deploy a worker with the fix, under the same activity name,
and the same workflow carries on from where it was: the steps already done
do not run again.

Run it: python -m examples.lesson5.fix_and_continue
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from temporalio import activity, workflow
from temporalio.client import WorkflowHandle
from temporalio.common import RetryPolicy
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client


@dataclass
class Order:
    order_id: str
    total_cents: int


@activity.defn
async def charge_card(order: Order) -> str:
    print(f"  charge_card: charged {order.total_cents} cents")
    return f"pay-{order.order_id}"


# region: versions
@activity.defn(name="ship_order")
async def ship_order_v1(order: Order) -> str:
    raise ValueError("carrier code missing")  # the bug


@activity.defn  # the fix: the same activity name, ship_order
async def ship_order(order: Order) -> str:
    print(f"  ship_order (fixed): shipped {order.order_id}")
    return f"ship-{order.order_id}"


# endregion: versions


@workflow.defn
class ShippingWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        await workflow.execute_activity(
            charge_card, order, start_to_close_timeout=timedelta(seconds=10)
        )
        return await workflow.execute_activity(
            ship_order,
            order,
            start_to_close_timeout=timedelta(seconds=10),
            # No maximum_attempts: retry until it works. The waits grow to 2 s.
            retry_policy=RetryPolicy(maximum_interval=timedelta(seconds=2)),
        )


async def wait_for_attempt(handle: WorkflowHandle[Any, Any], attempt: int) -> str:
    """Wait until the pending activity is at ``attempt``; return its last failure."""
    while True:
        # region: describe
        description = await handle.describe()
        for pending in description.raw_description.pending_activities:
            if pending.attempt >= attempt and pending.last_failure.message:
                return f"{pending.activity_type.name}: {pending.last_failure.message}"
        # endregion: describe
        await asyncio.sleep(0.2)


async def main() -> None:
    expect_failures(ValueError)  # the bug: one log line per failed attempt
    async with temporal_client() as client:
        task_queue = f"lesson5-shipping-{uuid.uuid4()}"
        order = Order("D-1", 4200)
        print("worker with the bug:")
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[ShippingWorkflow],
            activities=[charge_card, ship_order_v1],
        ):
            handle = await client.start_workflow(
                ShippingWorkflow.run,
                order,
                id=f"shipping-{order.order_id}-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            failure = await wait_for_attempt(handle, 3)
            print(f"  still retrying after 2 failed attempts, last error {failure}")
            status = (await handle.describe()).status
            assert status is not None
            print(f"  workflow {status.name}")

        print("worker with the fix:")
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[ShippingWorkflow],
            activities=[charge_card, ship_order],
        ):
            print(f"  => {await handle.result()}")


if __name__ == "__main__":
    asyncio.run(main())

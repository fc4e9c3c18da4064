"""Lesson 5: heartbeats. A long activity reports progress, and a retry resumes from it.

The activity packs an order's items one by one and heartbeats after each one
with how far it got. Its first attempt hangs after the second item (a stuck
connection, say): with no heartbeat for heartbeat_timeout, Temporal times the
attempt out long before its start_to_close_timeout, and the next attempt
reads the last heartbeat's details and carries on from there.

Run it: python -m examples.lesson5.heartbeats
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.runtime import (
    LogForwardingConfig,
    LoggingConfig,
    Runtime,
    TelemetryConfig,
)
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class Packing:
    order_id: str
    items: list[str]


# region: activity
@activity.defn
async def pack_items(packing: Packing) -> str:
    info = activity.info()
    # The details of the last heartbeat of the previous attempt, if any.
    done = info.heartbeat_details[0] if info.heartbeat_details else 0
    if done:
        print(f"  attempt {info.attempt}: resuming after {done} items")
    for number in range(done + 1, len(packing.items) + 1):
        if info.attempt == 1 and number == 3:
            print(f"  attempt {info.attempt}: stuck")
            await asyncio.sleep(3600)  # no more heartbeats from this attempt
        await asyncio.sleep(0.3)  # packing takes a while
        print(f"  attempt {info.attempt}: packed {packing.items[number - 1]}")
        activity.heartbeat(number)  # "alive, and this far"
    return f"{packing.order_id}: {len(packing.items)} items packed"


# endregion: activity


@workflow.defn
class PackingWorkflow:
    @workflow.run
    async def run(self, packing: Packing) -> str:
        # region: call
        return await workflow.execute_activity(
            pack_items,
            packing,
            start_to_close_timeout=timedelta(minutes=10),  # a long job...
            heartbeat_timeout=timedelta(seconds=2),  # ...that must say it is alive
        )
        # endregion: call


async def main() -> None:
    # The SDK's core warns about the stuck attempt it drops. Keep only its
    # errors, and send them to Python's logging (not the console).
    core_logs = LogForwardingConfig(logger=logging.getLogger("temporalio.core"))
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=LoggingConfig("ERROR", core_logs)))
    )
    async with temporal_client() as client:
        task_queue = f"lesson5-heartbeats-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[PackingWorkflow],
            activities=[pack_items],
        ):
            packing = Packing("H-1", ["book", "lamp", "mug", "scarf"])
            print(f"order {packing.order_id}:")
            result = await client.execute_workflow(
                PackingWorkflow.run,
                packing,
                id=f"packing-{packing.order_id}-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            print(f"  => {result}")


if __name__ == "__main__":
    asyncio.run(main())

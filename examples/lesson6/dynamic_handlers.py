"""Lesson 6: dynamic handlers: one handler for signals of names the code does not know.

An order workflow records events from many systems (the warehouse, the
carrier, the support desk), each sending signals of its own names. A dynamic
signal handler receives every signal no other handler matches, with its name
and its raw arguments; a dynamic query answers any query name the same way.

Run it: python -m examples.lesson6.dynamic_handlers
"""

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from temporalio import workflow
from temporalio.common import RawValue
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class Order:
    order_id: str


# region: workflow
@workflow.defn
class OrderEventsWorkflow:
    def __init__(self) -> None:
        self.events: list[str] = []
        self.closed = False

    @workflow.run
    async def run(self, order: Order) -> list[str]:
        await workflow.wait_condition(lambda: self.closed)
        return self.events

    @workflow.signal
    def close(self) -> None:
        self.closed = True

    @workflow.signal(dynamic=True)  # any other signal name
    def record(self, name: str, args: Sequence[RawValue]) -> None:
        values = [workflow.payload_converter().from_payload(a.payload) for a in args]
        self.events.append(f"{name}{values}")

    @workflow.query(dynamic=True)  # any query name
    def count(self, name: str, args: Sequence[RawValue]) -> int:
        return sum(event.startswith(name) for event in self.events)


# endregion: workflow


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"lesson6-dynamic-{uuid.uuid4()}"
        async with Worker(
            client, task_queue=task_queue, workflows=[OrderEventsWorkflow]
        ):
            # region: client
            handle = await client.start_workflow(
                OrderEventsWorkflow.run,
                Order("E-1"),
                id=f"order-events-E-1-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            # Signals and queries by name: the workflow has no method of these names.
            await handle.signal("package_weighed", 1250)
            await handle.signal("carrier_scan", "depot-7")
            await handle.signal("carrier_scan", "on-truck")
            print(f"query carrier_scan: {await handle.query('carrier_scan')}")
            await handle.signal(OrderEventsWorkflow.close)
            print(f"result: {await handle.result()}")
            # endregion: client


if __name__ == "__main__":
    asyncio.run(main())

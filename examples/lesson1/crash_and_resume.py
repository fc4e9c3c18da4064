"""Lesson 1: a worker dies in the middle of an order, and the order carries on.

The order workflow runs three steps, one after the other: reserve the stock,
charge the card, ship the parcel. This script runs the worker in a separate
process, kills that process with SIGKILL (no clean-up, no goodbye) while the
card is being charged, then starts a new worker process. The new worker picks
the order up where it was: the stock is not reserved again, the interrupted
charge is retried, and the parcel ships.

Run it: python -m examples.lesson1.crash_and_resume
"""

import asyncio
import os
import sys
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHistory
from temporalio.worker import Worker

# The workflow sandbox re-imports this file; let it reuse our own modules as they are.
with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class Order:
    order_id: str
    customer_email: str
    total_cents: int  # money in integer cents, never a float


@dataclass
class OrderResult:
    reservation_id: str
    payment_id: str
    shipment_id: str


# region: activities
# Activities do the work that touches the world. These only print and pretend.
@activity.defn
async def reserve_inventory(order: Order) -> str:
    print(f"reserve_inventory {order.order_id}, attempt {activity.info().attempt}")
    return f"res-{order.order_id}"


@activity.defn
async def charge_payment(order: Order) -> str:
    print(f"charge_payment {order.order_id}, attempt {activity.info().attempt}")
    await asyncio.sleep(1)  # the payment provider takes its time
    return f"pay-{order.order_id}"


@activity.defn
async def create_shipment(order: Order) -> str:
    print(f"create_shipment {order.order_id}, attempt {activity.info().attempt}")
    return f"ship-{order.order_id}"


# endregion: activities


# region: workflow
# How long one attempt of a step may take. If a worker dies during a step,
# Temporal notices when this runs out, and gives the step to another worker.
STEP_TIMEOUT = timedelta(seconds=3)


@workflow.defn
class OrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> OrderResult:
        reservation_id = await workflow.execute_activity(
            reserve_inventory, order, start_to_close_timeout=STEP_TIMEOUT
        )
        payment_id = await workflow.execute_activity(
            charge_payment, order, start_to_close_timeout=STEP_TIMEOUT
        )
        shipment_id = await workflow.execute_activity(
            create_shipment, order, start_to_close_timeout=STEP_TIMEOUT
        )
        return OrderResult(reservation_id, payment_id, shipment_id)


# endregion: workflow


# region: worker
async def run_worker(task_queue: str) -> None:
    """A worker: it polls the task queue and runs what it gets, until killed."""
    async with (
        temporal_client() as client,
        Worker(
            client,
            task_queue=task_queue,
            workflows=[OrderWorkflow],
            activities=[reserve_inventory, charge_payment, create_shipment],
        ),
    ):
        await asyncio.Event().wait()  # forever


# endregion: worker


async def start_worker_process(
    client: Client, task_queue: str
) -> asyncio.subprocess.Process:
    """Run this module as a worker in a new process, on the same Temporal server."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-u",  # unbuffered: each line it prints reaches us at once
        "-m",
        __spec__.name,
        "worker",
        task_queue,
        env={
            **os.environ,
            "TEMPORAL_ADDRESS": client.service_client.config.target_host,
            "TEMPORAL_NAMESPACE": client.namespace,
        },
        stdout=asyncio.subprocess.PIPE,
    )


async def relay(worker: asyncio.subprocess.Process, name: str, until: str = "") -> None:
    """Print what a worker prints, until a line starts with `until` (or it ends)."""
    assert worker.stdout is not None
    while line := (await worker.stdout.readline()).decode():
        print(f"  {name}: {line.rstrip()}")
        if until and line.startswith(until):
            return


def attempts_by_activity(history: WorkflowHistory) -> dict[str, int]:
    """Each activity of the history, with the attempt that completed it."""
    names: dict[int, str] = {}
    attempts: dict[str, int] = {}
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            scheduled = event.activity_task_scheduled_event_attributes
            names[event.event_id] = scheduled.activity_type.name
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            started = event.activity_task_started_event_attributes
            attempts[names[started.scheduled_event_id]] = started.attempt
    return attempts


async def main() -> None:
    order = Order("A-1001", "ada@example.com", 4200)
    async with temporal_client() as client:
        task_queue = f"lesson1-orders-{uuid.uuid4()}"
        # region: crash
        handle = await client.start_workflow(
            OrderWorkflow.run,
            order,
            id=f"order-{order.order_id}-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        print(f"Started the workflow of order {order.order_id}")

        worker_1 = await start_worker_process(client, task_queue)
        await relay(worker_1, "worker 1", until="charge_payment")
        worker_1.kill()  # SIGKILL, in the middle of the charge
        await worker_1.wait()
        print("Killed worker 1 while it was charging the card")

        worker_2 = await start_worker_process(client, task_queue)
        printing = asyncio.create_task(relay(worker_2, "worker 2"))
        result = await handle.result()
        # endregion: crash
        worker_2.kill()
        await worker_2.wait()
        await printing  # the rest of what worker 2 printed

        print(f"Order {order.order_id} completed: shipped {result.shipment_id}")
        print("Attempts in the event history:")
        for name, attempt in attempts_by_activity(await handle.fetch_history()).items():
            print(f"  {name}: completed on attempt {attempt}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        asyncio.run(run_worker(task_queue=sys.argv[2]))
    else:
        asyncio.run(main())

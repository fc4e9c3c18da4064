"""Lesson 10: canceling a saga still runs its compensations, to their end.

Order C-1 is canceled while the saga waits out the customer's cooling-off
period: the saga undoes what it did and ends CANCELED. Order C-2 fails at the
shipment, and a cancellation arrives while its refund is running: the refund,
kept from the cancellation, still finishes before the next undo starts.

Run it: python -m examples.lesson10.cancel_saga
"""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowFailureError, WorkflowHandle
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client


@dataclass
class Order:
    order_id: str
    cooling_off_seconds: int = 0  # the customer may cancel during this time
    shipment_fails: bool = False


class Shop:
    def __init__(self) -> None:
        self.log: list[str] = []
        self.refund_started = asyncio.Event()
        self.refund_may_finish = asyncio.Event()  # main() holds the refund

    def report(self, what: str) -> None:
        line = f"{activity.info().activity_type}: {what}"
        self.log.append(line)
        print(f"  {line}")

    @activity.defn
    async def reserve_inventory(self, order: Order) -> None:
        self.report(f"reserved {order.order_id}")

    @activity.defn
    async def charge_payment(self, order: Order) -> None:
        self.report(f"charged {order.order_id}")

    @activity.defn
    async def create_shipment(self, order: Order) -> None:
        if order.shipment_fails:
            raise ApplicationError("address rejected", non_retryable=True)
        self.report(f"shipped {order.order_id}")

    @activity.defn
    async def refund_payment(self, order: Order) -> None:
        self.report(f"refund of {order.order_id} started")
        self.refund_started.set()
        await self.refund_may_finish.wait()  # a slow payment provider
        self.report(f"refund of {order.order_id} finished")

    @activity.defn
    async def release_inventory(self, order: Order) -> None:
        self.report(f"released {order.order_id}")


Activity = Callable[[Shop, Order], Awaitable[None]]
TIMEOUT = timedelta(seconds=30)


@workflow.defn
class CancellableSagaWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        # region: saga
        compensations: list[Activity] = []
        try:
            compensations.append(Shop.release_inventory)
            await self.step(Shop.reserve_inventory, order)
            compensations.append(Shop.refund_payment)
            await self.step(Shop.charge_payment, order)
            await workflow.sleep(order.cooling_off_seconds)
            await self.step(Shop.create_shipment, order)
        except (Exception, asyncio.CancelledError):  # highlight
            # asyncio.CancelledError is not an Exception: name it. Not
            # BaseException, which also catches the GeneratorExit Python throws
            # into a workflow the worker drops (terminated, timed out, evicted).
            for undo in reversed(compensations):
                await self.undo_to_the_end(undo, order)
            raise  # canceled: the workflow ends CANCELED
        # endregion: saga
        return "shipped"

    async def step(self, fn: Activity, order: Order) -> None:
        await workflow.execute_activity_method(
            fn,
            order,
            start_to_close_timeout=TIMEOUT,
            retry_policy=RetryPolicy(maximum_attempts=1),
        )

    # region: shield
    async def undo_to_the_end(self, undo: Activity, order: Order) -> None:
        handle = workflow.start_activity_method(
            undo, order, start_to_close_timeout=TIMEOUT, retry_policy=RetryPolicy()
        )
        try:
            # workflow.wait does not pass a cancellation on to the undo it waits for
            await workflow.wait([handle])
        except asyncio.CancelledError:
            workflow.logger.warning("canceled during %s: finishing it", undo.__name__)
            await workflow.wait([handle])  # wait for the undo to finish all the same
        handle.result()  # raises the undo's error, if it failed

    # endregion: shield


async def wait_for(
    handle: WorkflowHandle[Any, Any], *events: EventType.ValueType
) -> None:
    """Return once the history holds these events, in this order."""
    todo = list(events)
    async for event in handle.fetch_history_events(wait_new_event=True):
        if event.event_type == todo[0]:
            todo.pop(0)
            if not todo:
                return


async def main() -> None:
    expect_failures(ApplicationError)  # the rejected address, in one line
    shop = Shop()
    async with temporal_client() as client:
        task_queue = f"lesson10-cancel-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[CancellableSagaWorkflow],
            activities=[
                shop.reserve_inventory,
                shop.charge_payment,
                shop.create_shipment,
                shop.refund_payment,
                shop.release_inventory,
            ],
        ):
            # region: main
            print("C-1: canceled during the cooling-off period")
            shop.refund_may_finish.set()  # C-1's refund needs no holding
            c1 = await start(client, task_queue, Order("C-1", cooling_off_seconds=3600))
            await wait_for(c1, EventType.EVENT_TYPE_TIMER_STARTED)
            await c1.cancel()
            await report_end(c1)

            print("C-2: shipment fails, then a cancel arrives during the refund")
            shop.refund_started.clear()
            shop.refund_may_finish.clear()
            c2 = await start(client, task_queue, Order("C-2", shipment_fails=True))
            await shop.refund_started.wait()
            await c2.cancel()
            # Let the refund finish only once the workflow has seen the cancel.
            await wait_for(
                c2,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
                EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            )
            shop.refund_may_finish.set()
            await report_end(c2)
            # endregion: main


async def start(
    client: Client, task_queue: str, order: Order
) -> WorkflowHandle[CancellableSagaWorkflow, str]:
    return await client.start_workflow(
        CancellableSagaWorkflow.run,
        order,
        id=f"cancel-{order.order_id}-{uuid.uuid4()}",
        task_queue=task_queue,
    )


async def report_end(handle: WorkflowHandle[Any, Any]) -> None:
    try:
        await handle.result()
    except WorkflowFailureError as err:
        status = (await handle.describe()).status
        cause = err.cause
        if isinstance(cause, ActivityError) and cause.cause:
            cause = cause.cause  # the step's own error
        print(f"  => workflow {status and status.name}: {cause}")


if __name__ == "__main__":
    asyncio.run(main())

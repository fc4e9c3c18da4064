"""Lesson 8, quiz question 5: the order workflow that the tests of this lesson test.

After validating an order, the workflow gives the customer a window to cancel
it (30 minutes unless the order says otherwise). Then it reserves the stock,
charges the card and ships. If the charge fails, it releases the reservation
(a one-step saga) and fails.

Run it: python -m examples.lesson8.order_workflow
"""

import asyncio
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class Order:
    id: str
    customer_id: str
    total_cents: int
    items: list[str] = field(default_factory=list)
    cancel_window_seconds: float = 30 * 60


@dataclass
class OrderResult:
    order_id: str
    status: str  # "completed" or "canceled"
    payment_id: str = ""
    shipment_id: str = ""


# In-memory stand-ins for the payment provider and the warehouse. The
# activities below call them as they would call the real services.
class PaymentService:
    def __init__(self) -> None:
        self.payments: dict[str, str] = {}  # transaction id -> payment id
        self.balances: defaultdict[str, int] = defaultdict(int)

    def find_payment(self, transaction_id: str) -> str | None:
        return self.payments.get(transaction_id)

    def charge(self, transaction_id: str, customer_id: str, amount_cents: int) -> str:
        self.balances[customer_id] -= amount_cents
        payment_id = f"payment-{len(self.payments) + 1}"
        self.payments[transaction_id] = payment_id
        return payment_id


class Warehouse:
    def __init__(self) -> None:
        self.reserved: set[str] = set()
        self.packed: list[str] = []

    async def pack(self, item: str) -> None:
        await asyncio.sleep(0)  # stands for a call to the warehouse's API
        self.packed.append(item)


class OrderActivities:
    """The activities get their services from the constructor, so tests can pass
    fakes."""

    def __init__(self, payments: PaymentService, warehouse: Warehouse) -> None:
        self.payments = payments
        self.warehouse = warehouse

    @activity.defn
    async def validate_order(self, order: Order) -> None:
        if not order.items or order.total_cents <= 0:
            # A business error: retrying cannot fix it.
            raise ApplicationError(
                f"order {order.id} is empty", type="InvalidOrder", non_retryable=True
            )

    @activity.defn
    async def reserve_inventory(self, order: Order) -> str:
        reservation_id = f"reservation-{order.id}"
        self.warehouse.reserved.add(reservation_id)
        return reservation_id

    @activity.defn
    async def release_inventory(self, reservation_id: str) -> None:
        self.warehouse.reserved.discard(reservation_id)

    # region: charge-payment
    @activity.defn
    async def charge_payment(self, order: Order) -> str:
        # The transaction id depends on the order only, so every retry of this
        # activity uses the same one, and a retry after a charge that went
        # through (but whose result was lost) does not charge again.
        transaction_id = f"charge-{order.id}"
        if payment_id := self.payments.find_payment(transaction_id):
            return payment_id
        return self.payments.charge(
            transaction_id, order.customer_id, order.total_cents
        )

    # endregion: charge-payment

    # region: create-shipment
    @activity.defn
    async def create_shipment(self, order: Order) -> str:
        # A retry resumes after the last item the previous attempt reported.
        details = activity.info().heartbeat_details
        packed = details[0] if details else 0
        try:
            for item in order.items[packed:]:
                await self.warehouse.pack(item)
                packed += 1
                activity.heartbeat(packed)  # progress, and the way a cancel reaches us
        except asyncio.CancelledError:
            activity.logger.info(
                "shipment of %s canceled after %d items", order.id, packed
            )
            raise
        return f"shipment-{order.id}"

    # endregion: create-shipment


# region: retry-policy
STEP_TIMEOUT = timedelta(seconds=10)  # every activity call needs one
# Temporal retries a failed activity by itself (by default for ever, backing
# off from 1 s); bound it where a failure must surface. A non-retryable
# ApplicationError (a declined card) is not retried at all.
CHARGE_RETRY = RetryPolicy(maximum_attempts=3)
# endregion: retry-policy


@workflow.defn
class OrderWorkflow:
    def __init__(self) -> None:
        self.cancel_requested = False

    @workflow.signal
    def cancel(self) -> None:
        self.cancel_requested = True

    # region: run
    @workflow.run
    async def run(self, order: Order) -> OrderResult:
        await workflow.execute_activity_method(
            OrderActivities.validate_order, order, start_to_close_timeout=STEP_TIMEOUT
        )

        # The customer may cancel until the window closes.
        try:
            await workflow.wait_condition(
                lambda: self.cancel_requested,
                timeout=timedelta(seconds=order.cancel_window_seconds),
            )
            return OrderResult(order.id, "canceled")
        except TimeoutError:
            pass  # nobody canceled: go on

        reservation_id = await workflow.execute_activity_method(
            OrderActivities.reserve_inventory,
            order,
            start_to_close_timeout=STEP_TIMEOUT,
        )
        try:
            payment_id = await workflow.execute_activity_method(
                OrderActivities.charge_payment,
                order,
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=CHARGE_RETRY,
            )
        except ActivityError:
            await workflow.execute_activity_method(
                OrderActivities.release_inventory,
                reservation_id,
                start_to_close_timeout=STEP_TIMEOUT,
            )
            raise  # the workflow fails with the payment error

        shipment_id = await workflow.execute_activity_method(
            OrderActivities.create_shipment,
            order,
            start_to_close_timeout=STEP_TIMEOUT,
            heartbeat_timeout=timedelta(seconds=5),
        )
        return OrderResult(order.id, "completed", payment_id, shipment_id)

    # endregion: run


def worker_for(client: Client, task_queue: str, activities: OrderActivities) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[OrderWorkflow],
        activities=[
            activities.validate_order,
            activities.reserve_inventory,
            activities.release_inventory,
            activities.charge_payment,
            activities.create_shipment,
        ],
    )


async def main() -> None:
    payments, warehouse = PaymentService(), Warehouse()
    async with temporal_client() as client:
        task_queue = f"lesson8-orders-{uuid.uuid4()}"
        async with worker_for(client, task_queue, OrderActivities(payments, warehouse)):
            # A real server waits in real time: a one-second cancel window.
            order = Order(
                "A-1", "alice", 5990, ["book", "lamp"], cancel_window_seconds=1
            )
            result = await client.execute_workflow(
                OrderWorkflow.run,
                order,
                id=f"order-A-1-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            print(
                f"{result.order_id}: {result.status},"
                f" {result.payment_id}, {result.shipment_id}"
            )

            # Canceled inside its (30-minute) window: the signal ends the wait at once.
            order = Order("A-2", "alice", 1250, ["mug"])
            handle = await client.start_workflow(
                OrderWorkflow.run,
                order,
                id=f"order-A-2-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            await handle.signal(OrderWorkflow.cancel)
            result = await handle.result()
            print(f"{result.order_id}: {result.status}")

    print(
        f"alice was charged {-payments.balances['alice']:.2f};"
        f" packed: {', '.join(warehouse.packed)}"
    )


if __name__ == "__main__":
    asyncio.run(main())

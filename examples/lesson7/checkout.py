"""A checkout that survives a worker dying after the charge: the customer pays once.

The workflow uses the idempotent activities of ``idempotent_writes.py``,
``inventory.py`` and ``idempotency_key.py``. ``main()`` shows the dangerous
case: the charge goes through, the worker dies before reporting it, Temporal
retries the activity, and the payment provider recognises the key.

Replay is NOT a reason for an activity to run again: replaying a workflow reads
each activity's result from the event history and never runs the activity.

Run it: ``python -m examples.lesson7.checkout``
"""

import asyncio
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory
from temporalio.common import RetryPolicy
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client
    from examples.lesson7.idempotency_key import Payment, PaymentActivities
    from examples.lesson7.idempotent_writes import AddCredits, NewOrder, WriteActivities
    from examples.lesson7.inventory import InventoryActivities, UniqueReservation
    from examples.lesson7.payment_gateway import Charge, PaymentGateway
    from examples.lesson7.shop_db import connect, create_database


# region: workflow
@dataclass
class Checkout:
    order_id: str
    user_id: str
    product_id: str
    quantity: int
    amount_cents: int


STEP_TIMEOUT = timedelta(seconds=10)
# The default: retry forever, 1 s, 2 s, 4 s, ... apart (0.2 s keeps the demo quick).
STEP_RETRY = RetryPolicy(initial_interval=timedelta(milliseconds=200))


@workflow.defn
class CheckoutWorkflow:
    @workflow.run
    async def run(self, order: Checkout) -> str:
        # Every id the activities deduplicate on comes from the order id, so a
        # retry of any step (or a second run for the same order) repeats nothing.
        await workflow.execute_activity_method(
            WriteActivities.create_order,
            NewOrder(order.order_id, order.user_id, order.amount_cents),
            start_to_close_timeout=STEP_TIMEOUT,
            retry_policy=STEP_RETRY,
        )
        await workflow.execute_activity_method(
            InventoryActivities.reserve_inventory_once,
            UniqueReservation(
                f"order-{order.order_id}", order.product_id, order.quantity
            ),
            start_to_close_timeout=STEP_TIMEOUT,
            retry_policy=STEP_RETRY,
        )
        charge_id = await workflow.execute_activity_method(
            PaymentActivities.charge_payment,
            Payment(order.order_id, order.amount_cents),
            start_to_close_timeout=STEP_TIMEOUT,
            retry_policy=STEP_RETRY,
        )
        await workflow.execute_activity_method(  # loyalty: a credit per whole dollar
            WriteActivities.add_credits,
            AddCredits(
                order.user_id,
                order.amount_cents // 100,
                f"order-{order.order_id}-loyalty",
            ),
            start_to_close_timeout=STEP_TIMEOUT,
            retry_policy=STEP_RETRY,
        )
        return charge_id


# endregion: workflow


# region: simulate-crash
class CrashAfterFirstCharge(PaymentGateway):
    """Demo only: attempt 1's charge goes through, then its worker dies before it
    can report the result. To Temporal that is a failed attempt, so it retries.
    (A worker that really dies reports nothing: Temporal retries once the
    attempt's start_to_close_timeout has passed. The tests kill a worker process
    to show it.)"""

    def charge(self, idempotency_key: str, amount_cents: int) -> Charge:
        charge = super().charge(idempotency_key, amount_cents)
        if activity.info().attempt == 1:
            print(f"  attempt 1: gateway made {charge.charge_id}, then the worker died")
            raise ConnectionError("worker died after the charge was made")
        return charge


# endregion: simulate-crash


# region: attempts-in-history
def attempts_by_activity(history: WorkflowHistory) -> dict[str, int]:
    """How many attempts each activity took, read from the workflow's history."""
    names: dict[int, str] = {}
    attempts: dict[str, int] = {}
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            scheduled = event.activity_task_scheduled_event_attributes
            names[event.event_id] = scheduled.activity_type.name
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            started = event.activity_task_started_event_attributes
            # The last attempt's number wins.
            attempts[names[started.scheduled_event_id]] = started.attempt
    return attempts


# endregion: attempts-in-history


# region: main
async def main() -> None:
    # The first charge "dies" on purpose: the worker logs that attempt in one line.
    expect_failures(ConnectionError)
    with tempfile.TemporaryDirectory() as tmp:
        shop_db, gateway_db = str(Path(tmp, "shop.db")), str(Path(tmp, "gateway.db"))
        create_database(shop_db)
        with closing(connect(shop_db)) as db:
            db.execute("INSERT INTO users VALUES ('u-1', 0)")
            db.execute("INSERT INTO products VALUES ('widget', 10, 0)")
        gateway = CrashAfterFirstCharge(gateway_db)
        writes, inventory = WriteActivities(shop_db), InventoryActivities(shop_db)
        payments = PaymentActivities(gateway)
        order = Checkout("1001", "u-1", "widget", quantity=2, amount_cents=2500)

        async with temporal_client() as client:
            with ThreadPoolExecutor(max_workers=4) as threads:
                async with Worker(
                    client,
                    task_queue="lesson7-checkout",
                    workflows=[CheckoutWorkflow],
                    activities=[
                        writes.create_order,
                        inventory.reserve_inventory_once,
                        payments.charge_payment,
                        writes.add_credits,
                    ],
                    activity_executor=threads,  # runs the plain-def activities
                ):
                    print(
                        f"checkout of order {order.order_id}: {order.quantity} x"
                        f" {order.product_id}, {order.amount_cents} cents"
                    )
                    handle = await client.start_workflow(
                        CheckoutWorkflow.run,
                        order,
                        id=f"checkout-{order.order_id}",
                        task_queue="lesson7-checkout",
                    )
                    print(f"workflow result: paid with {await handle.result()}")
                    attempts = attempts_by_activity(await handle.fetch_history())

        print(
            "attempts per activity:", ", ".join(f"{k} {v}" for k, v in attempts.items())
        )
        key = f"order-{order.order_id}-payment"
        print(f"gateway requests with key {key}: {gateway.request_count(key)}")
        for charge in gateway.charges():
            print(
                f"gateway charges: {charge.charge_id} for {charge.amount_cents} cents"
            )
        with closing(connect(shop_db)) as db:
            print("orders:", db.execute("SELECT count(*) FROM orders").fetchone()[0])
            (left,) = db.execute("SELECT available FROM products").fetchone()
            print("widgets left:", left)
            (credits,) = db.execute("SELECT credits FROM users").fetchone()
            print("credits of u-1:", credits)
        times = len(gateway.charges())
        print("customer charged once" if times == 1 else f"customer charged {times}!")


# endregion: main


if __name__ == "__main__":
    asyncio.run(main())

"""The order workflow that Lesson 9 deploys, crashes, secures and scales.

One activity charges the customer through a payment provider. It is written for
production: its secret comes from the worker's environment, it heartbeats so a
dead worker is noticed in seconds, and it passes an idempotency key so a retry on
another worker never charges twice.

Run it on its own (embedded dev server, in-process worker):
``python -m examples.lesson9.orders``
"""

import asyncio
import os
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

# The workflow sandbox re-imports this file; let it reuse our own modules as they are.
with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client
    from examples.lesson9.payments import PaymentDeclined, PaymentProvider


@dataclass
class Order:
    order_id: str
    customer: str
    card_number: str  # sensitive: see the codec in the Security section
    amount_cents: int


# region: charge-activity
@activity.defn
async def charge_payment(order: Order) -> str:
    # The secret is read here, in the activity, from the worker's environment
    # (a Kubernetes Secret in production). It never travels through workflow
    # inputs, so it is never written into the workflow history.
    api_key = os.environ.get("PAYMENT_API_KEY")
    if not api_key:
        raise ApplicationError("PAYMENT_API_KEY is not set", non_retryable=True)

    attempt = activity.info().attempt
    print(f"{order.order_id}: charging {order.amount_cents} cents (attempt {attempt})")
    provider = PaymentProvider()
    try:
        # The order id is the idempotency key: if this worker dies after the
        # charge and a retry runs on another worker, the provider returns the
        # same charge instead of charging twice.
        charge = provider.charge(api_key, order.order_id, order.amount_cents)
    except PaymentDeclined as err:
        # from None: the message says it all, and a cause would travel with the failure
        raise ApplicationError(
            str(err), type="PaymentDeclined", non_retryable=True
        ) from None

    # Waiting on a slow provider: heartbeat, so that if this worker dies the
    # server notices after heartbeat_timeout and retries the activity elsewhere.
    while not provider.is_settled(charge):
        activity.heartbeat()
        await asyncio.sleep(0.2)
    print(f"{order.order_id}: charged ({charge.charge_id})")
    return charge.charge_id


# endregion: charge-activity


@workflow.defn
class OrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        # region: activity-options
        charge_id = await workflow.execute_activity(
            charge_payment,
            order,
            start_to_close_timeout=timedelta(seconds=60),
            # Without a heartbeat timeout, a crashed worker is only detected
            # when start_to_close_timeout (60 s) expires.
            heartbeat_timeout=timedelta(seconds=2),
            retry_policy=RetryPolicy(
                initial_interval=timedelta(seconds=1), maximum_attempts=5
            ),
        )
        # endregion: activity-options
        return f"order {order.order_id} for {order.customer}: paid ({charge_id})"


async def main() -> None:
    # In production the Secret manifest injects it; here, a test key.
    os.environ.setdefault("PAYMENT_API_KEY", "sk_test_lesson9")
    async with (
        temporal_client() as client,
        Worker(
            client,
            task_queue="orders",
            workflows=[OrderWorkflow],
            activities=[charge_payment],
        ),
    ):
        order = Order("order-1", "Ada Lovelace", "4242 4242 4242 4242", 2500)
        result = await client.execute_workflow(
            OrderWorkflow.run, order, id="order-1", task_queue="orders"
        )
        print(result)


if __name__ == "__main__":
    asyncio.run(main())

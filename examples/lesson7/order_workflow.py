"""Lesson 7, quiz question 1: what runs in sequence, what runs in parallel.

The critical path (validate, reserve, charge, ship) runs one step after the
other: each step needs the previous one to have succeeded. The notifications
after it depend on nothing but the order, so they run at the same time, and a
notification that fails does not fail the order.

Run it: python -m examples.lesson7.order_workflow
"""

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import Worker

# The workflow sandbox re-imports this file; let it reuse our own modules as they are.
with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client


@dataclass
class Order:
    order_id: str
    customer_email: str
    total_cents: int
    # Names of notification activities that should fail, to see what happens.
    fail_notifications: list[str] = field(default_factory=list)


@dataclass
class OrderResult:
    order_id: str
    reservation_id: str
    payment_id: str
    shipment_id: str
    notifications_sent: list[str]
    notifications_failed: dict[str, str]  # activity name -> its last error


# Simulated activities: a real one would call the inventory service, the
# payment provider, the carrier, the mail server...


@activity.defn
async def validate_order(order: Order) -> None:
    if order.total_cents <= 0:
        # A business error: retrying cannot fix it, so don't.
        raise ApplicationError(
            f"order {order.order_id} has nothing to pay",
            type="InvalidOrder",
            non_retryable=True,
        )


@activity.defn
async def reserve_inventory(order: Order) -> str:
    return f"res-{order.order_id}"


@activity.defn
async def charge_payment(order: Order) -> str:
    return f"pay-{order.order_id}"


@activity.defn
async def create_shipment(order: Order, payment_id: str) -> str:
    return f"ship-{order.order_id}"


def fail_if_asked(order: Order) -> None:
    """Fail (retryably) if order.fail_notifications names this activity."""
    info = activity.info()
    if info.activity_type in order.fail_notifications:
        raise ApplicationError(f"service unavailable (attempt {info.attempt})")


@activity.defn
async def send_confirmation_email(order: Order) -> None:
    fail_if_asked(order)


@activity.defn
async def notify_slack_channel(order: Order) -> None:
    fail_if_asked(order)


@activity.defn
async def record_analytics(order: Order) -> None:
    fail_if_asked(order)


@activity.defn
async def update_loyalty_points(order: Order) -> None:
    fail_if_asked(order)


# region: activity-options
# Temporal rejects an activity call without a start_to_close_timeout
# (or schedule_to_close_timeout): always set one.
STEP_TIMEOUT = timedelta(seconds=10)

# The default retry policy retries forever. Right for the critical path: a
# payment provider that is down for a minute should be retried, not give up.
# Wrong for a notification: the order would wait for ever on a Slack outage.
NOTIFICATION_RETRY = RetryPolicy(maximum_attempts=3)
# endregion: activity-options

NOTIFICATIONS = [
    send_confirmation_email,
    notify_slack_channel,
    record_analytics,
    update_loyalty_points,
]


@workflow.defn
class OrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> OrderResult:
        # region: critical-path
        # Sequential: each `await` waits for the step to finish, and a failure
        # (raised as ActivityError) stops the order right there.
        await workflow.execute_activity(
            validate_order, order, start_to_close_timeout=STEP_TIMEOUT
        )
        reservation_id = await workflow.execute_activity(
            reserve_inventory, order, start_to_close_timeout=STEP_TIMEOUT
        )
        payment_id = await workflow.execute_activity(
            charge_payment, order, start_to_close_timeout=STEP_TIMEOUT
        )
        shipment_id = await workflow.execute_activity(
            create_shipment,
            args=[order, payment_id],
            start_to_close_timeout=STEP_TIMEOUT,
        )
        # endregion: critical-path

        # region: notifications
        # Parallel: start_activity schedules an activity and returns a handle at
        # once, so all four are running before we wait for any of them.
        handles = [
            workflow.start_activity(
                notify,
                order,
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=NOTIFICATION_RETRY,
            )
            for notify in NOTIFICATIONS
        ]
        # Wait for all of them. return_exceptions=True hands back a failure as
        # a value instead of raising it, so one failed notification neither
        # fails the order nor stops waiting for the others.
        outcomes = await asyncio.gather(*handles, return_exceptions=True)  # highlight

        sent: list[str] = []
        failed: dict[str, str] = {}
        for notify, outcome in zip(NOTIFICATIONS, outcomes):
            if isinstance(outcome, ActivityError):
                # The activity's own error, from its last attempt, is the cause.
                failed[notify.__name__] = str(outcome.cause)
                workflow.logger.warning("%s failed: %s", notify.__name__, outcome.cause)
            else:
                sent.append(notify.__name__)
        # endregion: notifications

        return OrderResult(
            order.order_id, reservation_id, payment_id, shipment_id, sent, failed
        )


async def main() -> None:
    # Slack fails on purpose: the worker logs each failed attempt in one line.
    expect_failures(ApplicationError)
    orders = [
        Order("A-1001", "ada@example.com", 4200),
        # Slack is down for this one:
        Order("A-1002", "bob@example.com", 1999, ["notify_slack_channel"]),
    ]
    async with temporal_client() as client:
        task_queue = f"lesson7-orders-{uuid.uuid4()}"
        activities = [
            validate_order,
            reserve_inventory,
            charge_payment,
            create_shipment,
            *NOTIFICATIONS,
        ]
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[OrderWorkflow],
            activities=activities,
        ):
            for order in orders:
                handle = await client.start_workflow(
                    OrderWorkflow.run,
                    order,
                    id=f"order-{order.order_id}-{uuid.uuid4()}",
                    task_queue=task_queue,
                )
                result = await handle.result()
                status = (await handle.describe()).status
                print(f"Order {result.order_id}: workflow {status.name}")
                print(
                    f"  reserved {result.reservation_id}, charged {result.payment_id},"
                    f" shipped {result.shipment_id}"
                )
                print(f"  notified: {', '.join(result.notifications_sent)}")
                for name, error in result.notifications_failed.items():
                    print(f"  gave up on {name}: {error}")


if __name__ == "__main__":
    asyncio.run(main())

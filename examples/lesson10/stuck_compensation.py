"""Lesson 10: a compensation that keeps failing is handed to a person.

The refund is retried up to a limit, or not at all when the error says retrying
cannot help (a closed card); when it fails, the saga raises an alert and
waits (for days if need be) until an operator resolves it with an update.
Meanwhile a query says which undo is stuck. The saga neither gives up in
silence nor fails with the money still taken.

Run it: python -m examples.lesson10.stuck_compensation
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import WorkflowFailureError
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client


@dataclass
class Order:
    order_id: str
    total_cents: int


@dataclass
class Resolution:
    operator: str
    note: str


class Shop:
    def __init__(self) -> None:
        self.log: list[str] = []
        self.alerted = asyncio.Event()  # lets main() act when the alert is out

    def report(self, what: str) -> None:
        line = f"{activity.info().activity_type}: {what}"
        self.log.append(line)
        print(f"  {line}")

    @activity.defn
    async def charge_payment(self, order: Order) -> None:
        self.report(f"charged {order.total_cents} for {order.order_id}")

    @activity.defn
    async def create_shipment(self, order: Order) -> None:
        raise ApplicationError("address rejected", non_retryable=True)

    @activity.defn
    async def refund_payment(self, order: Order) -> None:
        # The card is closed: retrying will not help, so the error says so.
        attempt = activity.info().attempt
        raise ApplicationError(
            f"card account closed (attempt {attempt})", non_retryable=True
        )

    @activity.defn
    async def alert_operator(self, message: str) -> None:
        self.report(message)  # a real one pages someone, opens a ticket
        self.alerted.set()


TIMEOUT = timedelta(seconds=10)
# region: retry-policy
# Retry the refund for transient errors, but not for ever, or the hand-over
# never comes: here 3 quick attempts, for the demo; in production, hours
# (schedule_to_close_timeout). A non-retryable error ends the retries at once.
REFUND_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=100), maximum_attempts=3
)
# endregion: retry-policy


@workflow.defn
class RefundOrHandOverWorkflow:
    def __init__(self) -> None:
        self.stuck: str | None = None  # the undo waiting for a person
        self.resolution: Resolution | None = None

    @workflow.run
    async def run(self, order: Order) -> str:
        try:
            await workflow.execute_activity_method(
                Shop.charge_payment, order, start_to_close_timeout=TIMEOUT
            )
            await workflow.execute_activity_method(
                Shop.create_shipment, order, start_to_close_timeout=TIMEOUT
            )
        except (Exception, asyncio.CancelledError):
            await self.refund(order)
            raise
        return "shipped"

    # region: hand-over
    async def refund(self, order: Order) -> None:
        try:
            await workflow.execute_activity_method(
                Shop.refund_payment,
                order,
                start_to_close_timeout=TIMEOUT,
                retry_policy=REFUND_RETRY,
            )
        except ActivityError as err:
            self.stuck = f"refund_payment: {err.cause}"
            await workflow.execute_activity_method(
                Shop.alert_operator,
                f"order {order.order_id} needs a manual refund",
                start_to_close_timeout=TIMEOUT,
            )
            # Wait, with no time limit, until the operator's update arrives.
            await workflow.wait_condition(lambda: self.resolution is not None)
            self.stuck = None

    @workflow.query
    def stuck_compensation(self) -> str | None:
        return self.stuck

    @workflow.update
    def resolve(self, resolution: Resolution) -> str:
        self.resolution = resolution
        return f"thanks, {resolution.operator}"

    @resolve.validator
    def only_when_stuck(self, resolution: Resolution) -> None:
        if self.stuck is None:  # reject it: no undo is waiting
            raise ValueError("no compensation is waiting for an operator")

    # endregion: hand-over


async def main() -> None:
    expect_failures(ApplicationError)  # each failed attempt, in one line
    shop = Shop()
    async with temporal_client() as client:
        task_queue = f"lesson10-stuck-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[RefundOrHandOverWorkflow],
            activities=[
                shop.charge_payment,
                shop.create_shipment,
                shop.refund_payment,
                shop.alert_operator,
            ],
        ):
            handle = await client.start_workflow(
                RefundOrHandOverWorkflow.run,
                Order("H-1", 4200),
                id=f"stuck-H-1-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            # region: operator
            await shop.alerted.wait()  # the operator gets the page
            stuck = await handle.query(RefundOrHandOverWorkflow.stuck_compensation)
            print(f"operator sees: {stuck}")
            # ...refunds the customer by bank transfer, then tells the saga:
            done = Resolution("alice", "refunded by bank transfer")
            reply = await handle.execute_update(RefundOrHandOverWorkflow.resolve, done)
            print(f"saga answers: {reply}")
            # endregion: operator
            try:
                await handle.result()
            except WorkflowFailureError as err:
                print(f"workflow FAILED: {err.cause.__cause__}")


if __name__ == "__main__":
    asyncio.run(main())

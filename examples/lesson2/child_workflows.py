"""Lesson 2: a parent workflow runs one child workflow per order.

A customer checks out a basket from several sellers: one order each. The
checkout workflow starts an order workflow per order, as a child workflow,
and collects their outcomes. Each child has its own id, its own event
history and its own retries; a child that fails does not fail its siblings.

Run it: python -m examples.lesson2.child_workflows
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.exceptions import ApplicationError, ChildWorkflowError
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client


@dataclass
class Order:
    order_id: str
    customer_email: str
    total_cents: int


@dataclass
class Checkout:
    checkout_id: str
    orders: list[Order]


@activity.defn
async def charge_payment(order: Order) -> str:
    if order.total_cents > 100_000:
        raise ApplicationError("card declined", non_retryable=True)
    return f"pay-{order.order_id}"


@activity.defn
async def create_shipment(order: Order) -> str:
    return f"ship-{order.order_id}"


@workflow.defn
class OrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        await workflow.execute_activity(
            charge_payment, order, start_to_close_timeout=timedelta(seconds=10)
        )
        return await workflow.execute_activity(
            create_shipment, order, start_to_close_timeout=timedelta(seconds=10)
        )


def root_cause(error: BaseException) -> BaseException:
    while error.__cause__ is not None:
        error = error.__cause__
    return error


# region: parent
@workflow.defn
class CheckoutWorkflow:
    @workflow.run
    async def run(self, checkout: Checkout) -> list[str]:
        # One child per order, all started together; each child's id is
        # derived from the parent's, so a retry finds the same children.
        children = [
            workflow.execute_child_workflow(
                OrderWorkflow.run,
                order,
                id=f"{workflow.info().workflow_id}-{order.order_id}",
            )
            for order in checkout.orders
        ]
        outcomes = await asyncio.gather(*children, return_exceptions=True)
        report = []
        for order, outcome in zip(checkout.orders, outcomes, strict=True):
            if isinstance(outcome, ChildWorkflowError):
                # The child failed because its activity failed: ChildWorkflowError,
                # caused by ActivityError, caused by the activity's own error.
                report.append(f"{order.order_id} failed: {root_cause(outcome)}")
            else:
                report.append(f"{order.order_id} shipped: {outcome}")
        return report


# endregion: parent


async def main() -> None:
    # The declined card fails on purpose: the worker logs that attempt in one line.
    expect_failures(ApplicationError)
    checkout = Checkout(
        "C-77",
        [
            Order("A-2001", "ada@example.com", 4200),
            Order("A-2002", "ada@example.com", 150_000),  # the card is declined
            Order("A-2003", "ada@example.com", 990),
        ],
    )
    async with temporal_client() as client:
        task_queue = f"lesson2-children-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,  # children run on the parent's task queue
            workflows=[CheckoutWorkflow, OrderWorkflow],
            activities=[charge_payment, create_shipment],
        ):
            parent_id = f"checkout-{checkout.checkout_id}-{uuid.uuid4().hex[:8]}"
            report = await client.execute_workflow(
                CheckoutWorkflow.run, checkout, id=parent_id, task_queue=task_queue
            )
        print(f"Checkout {checkout.checkout_id}:")
        for line in report:
            print(f"  {line}")


if __name__ == "__main__":
    asyncio.run(main())

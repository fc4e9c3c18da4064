"""Lesson 6: an order that waits for a person's approval, for a limited time.

The workflow waits until a manager approves or rejects the order (a signal),
or until the deadline passes (wait_condition with a timeout): then the order
expires. Meanwhile a client can read its state (a query) and change its price
(an update, checked by a validator before it is accepted).

Run it: python -m examples.lesson6.approval
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class ApprovalRequest:
    order_id: str
    total_cents: int
    deadline_seconds: int  # how long a manager has to decide


@dataclass
class Decision:
    approved: bool
    by: str


@dataclass
class Discount:
    percent: int


@dataclass
class Repricing:
    total_cents: int
    percent: int


@activity.defn
async def reprice(repricing: Repricing) -> int:
    # Stand-in for the pricing service; integer cents, rounded down.
    return repricing.total_cents * (100 - repricing.percent) // 100


@workflow.defn
class ApprovalWorkflow:
    @workflow.init  # runs before any signal, query or update reaches the workflow
    def __init__(self, request: ApprovalRequest) -> None:
        self.total_cents = request.total_cents
        self.decision: Decision | None = None

    @workflow.run
    async def run(self, request: ApprovalRequest) -> str:
        try:
            # region: wait
            await workflow.wait_condition(
                lambda: self.decision is not None,
                timeout=timedelta(seconds=request.deadline_seconds),
            )
            # endregion: wait
        except TimeoutError:  # nobody decided in time
            return f"{request.order_id} expired unapproved at {self.total_cents} cents"
        # region: finish
        # Let a running update (a discount being priced) finish first.
        await workflow.wait_condition(workflow.all_handlers_finished)
        # endregion: finish
        assert self.decision is not None
        verdict = "approved" if self.decision.approved else "rejected"
        by = self.decision.by
        return f"{request.order_id} {verdict} by {by} at {self.total_cents} cents"

    # region: signal
    @workflow.signal
    def decide(self, decision: Decision) -> None:
        self.decision = decision

    # endregion: signal

    # region: query
    @workflow.query
    def status(self) -> str:
        state = "awaiting approval" if self.decision is None else "decided"
        return f"{state}, {self.total_cents} cents"

    # endregion: query

    # region: update
    @workflow.update
    async def apply_discount(self, discount: Discount) -> int:
        self.total_cents = await workflow.execute_activity(
            reprice,
            Repricing(self.total_cents, discount.percent),
            start_to_close_timeout=timedelta(seconds=10),
        )
        return self.total_cents

    @apply_discount.validator
    def check_discount(self, discount: Discount) -> None:
        # Raising here rejects the update before it is accepted: the caller
        # gets the error, and nothing is written to the history.
        if self.decision is not None:
            raise ValueError("the order is already decided")
        if not 0 < discount.percent <= 20:
            raise ValueError(f"a discount of {discount.percent}% is not allowed")

    # endregion: update


async def run_orders(client: Client, task_queue: str) -> None:
    # region: client
    handle = await client.start_workflow(
        ApprovalWorkflow.run,
        ApprovalRequest("P-1", 50000, deadline_seconds=60),
        id=f"approval-P-1-{uuid.uuid4()}",
        task_queue=task_queue,
    )
    print(f"query: {await handle.query(ApprovalWorkflow.status)}")

    new_total = await handle.execute_update(
        ApprovalWorkflow.apply_discount, Discount(10)
    )
    print(f"update 10%: new total {new_total} cents")
    try:
        await handle.execute_update(ApprovalWorkflow.apply_discount, Discount(50))
    except WorkflowUpdateFailedError as err:
        print(f"update 50%: rejected: {err.cause}")

    await handle.signal(ApprovalWorkflow.decide, Decision(approved=True, by="maria"))
    print(f"result: {await handle.result()}")
    # endregion: client

    # region: expiry
    late = await client.start_workflow(
        ApprovalWorkflow.run,
        ApprovalRequest("P-2", 12000, deadline_seconds=2),  # a short deadline
        id=f"approval-P-2-{uuid.uuid4()}",
        task_queue=task_queue,
    )
    print(f"result: {await late.result()}")  # nobody decides
    # endregion: expiry


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"lesson6-approval-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[ApprovalWorkflow],
            activities=[reprice],
        ):
            await run_orders(client, task_queue)


if __name__ == "__main__":
    asyncio.run(main())

"""The workflow behind lesson 7's order API (``order_api.py``).

One workflow per order. It checks stock, then waits for a person to approve or
cancel the order. The API reads its state with a query and changes it with
updates: unlike a signal, an update returns a result, and while the workflow
runs its validator can refuse a request the order's state does not allow
("not awaiting approval"), which the API turns into 409 Conflict.
"""

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow


@dataclass
class OrderItem:
    sku: str
    quantity: int


@dataclass
class Order:
    order_id: str
    customer_id: str
    items: list[OrderItem]
    total_cents: int


@dataclass
class OrderStatus:
    order_id: str
    status: str  # processing -> awaiting_approval -> approved | canceled
    stage: str  # how far the work got: received -> stock_checked
    approved_by: str | None = None


@dataclass
class Approval:
    approver: str


@activity.defn
async def check_stock(order: Order) -> None:
    """Stand-in for a call to the inventory service."""


# region: order-workflow
@workflow.defn
class OrderApprovalWorkflow:
    @workflow.init  # runs before any query or update can reach the workflow
    def __init__(self, order: Order) -> None:
        self._status = OrderStatus(
            order.order_id, status="processing", stage="received"
        )

    @workflow.run
    async def run(self, order: Order) -> OrderStatus:
        try:
            await workflow.execute_activity(
                check_stock, order, start_to_close_timeout=timedelta(seconds=10)
            )
            self._status.stage = "stock_checked"
            if self._status.status == "processing":  # i.e. not canceled meanwhile
                self._status.status = "awaiting_approval"
            await workflow.wait_condition(
                lambda: self._status.status in ("approved", "canceled")
            )
        except (
            asyncio.CancelledError
        ):  # canceled from outside: `temporal workflow cancel`
            self._status.status = "canceled"
            raise
        return self._status

    @workflow.query(name="getStatus")
    def get_status(self) -> OrderStatus:
        return self._status

    # endregion: order-workflow

    # region: approve-update
    @workflow.update(name="approve")
    def approve(self, approval: Approval) -> OrderStatus:
        self._status.status = "approved"
        self._status.approved_by = approval.approver
        return self._status

    @approve.validator
    def validate_approve(self, approval: Approval) -> None:
        # Runs before the update is accepted: raising here rejects it, and nothing
        # is written to the workflow history.
        if self._status.status != "awaiting_approval":
            raise ValueError(
                f"order {self._status.order_id} is {self._status.status},"
                " not awaiting approval"
            )

    # endregion: approve-update

    # region: cancel-update
    @workflow.update(name="cancel")
    def cancel(self) -> OrderStatus:
        self._status.status = "canceled"
        return self._status

    @cancel.validator
    def validate_cancel(self) -> None:
        if self._status.status not in ("processing", "awaiting_approval"):
            raise ValueError(
                f"order {self._status.order_id} is already {self._status.status}"
            )

    # endregion: cancel-update

"""Lesson 8, quiz question 5: activity unit tests, no server at all.

An activity is a plain async function (here: a method). ``ActivityEnvironment``
runs it with an activity context, so ``activity.info()``, ``activity.heartbeat()``
and cancellation work as they do on a worker, and lets the test see every
heartbeat and cancel the activity.

Run it: python -m examples.lesson8.activity_tests
    (or: pytest examples/lesson8/activity_tests.py)
"""

import asyncio
import dataclasses
import sys
from typing import Any

import pytest
from temporalio.testing import ActivityEnvironment

from examples.lesson8.order_workflow import (
    Order,
    OrderActivities,
    PaymentService,
    Warehouse,
)

ORDER = Order("order-123", "customer-456", 5000, ["book", "lamp", "mug"])


# region: test-charge
async def test_charge_payment_returns_the_payment_id() -> None:
    payments = PaymentService()
    activities = OrderActivities(payments, Warehouse())

    payment_id = await ActivityEnvironment().run(activities.charge_payment, ORDER)

    assert payment_id == "payment-1"
    assert payments.balances["customer-456"] == -5000


# endregion: test-charge


# region: test-idempotency
async def test_charge_payment_is_idempotent() -> None:
    payments = PaymentService()
    activities = OrderActivities(payments, Warehouse())
    env = ActivityEnvironment()

    # The first attempt, then a retry of the same activity with the same order
    # (e.g. the first result was lost on the way back to the server).
    first = await env.run(activities.charge_payment, ORDER)
    retry = await env.run(activities.charge_payment, ORDER)

    assert retry == first  # the same payment...
    assert payments.balances["customer-456"] == -5000  # ...charged once, not -10000


# endregion: test-idempotency


# region: test-heartbeats
async def test_create_shipment_heartbeats_its_progress() -> None:
    warehouse = Warehouse()
    env = ActivityEnvironment()
    heartbeats: list[int] = []
    env.on_heartbeat = lambda *details: heartbeats.append(details[0])

    shipment_id = await env.run(
        OrderActivities(PaymentService(), warehouse).create_shipment, ORDER
    )

    assert shipment_id == "shipment-order-123"
    assert heartbeats == [1, 2, 3]
    assert warehouse.packed == ["book", "lamp", "mug"]


async def test_a_retry_resumes_from_the_last_heartbeat() -> None:
    warehouse = Warehouse()
    env = ActivityEnvironment()
    # What the server hands to attempt 2 after attempt 1 heartbeated 2.
    env.info = dataclasses.replace(env.info, attempt=2, heartbeat_details=[2])

    await env.run(OrderActivities(PaymentService(), warehouse).create_shipment, ORDER)

    assert warehouse.packed == ["mug"]  # book and lamp were packed by attempt 1


# endregion: test-heartbeats


# region: test-cancellation
async def test_create_shipment_stops_when_canceled() -> None:
    warehouse = Warehouse()
    env = ActivityEnvironment()

    def on_heartbeat(*details: Any) -> None:
        if details[0] == 1:
            env.cancel()  # as if the workflow canceled the activity after item 1

    env.on_heartbeat = on_heartbeat
    with pytest.raises(asyncio.CancelledError):
        await env.run(
            OrderActivities(PaymentService(), warehouse).create_shipment, ORDER
        )

    assert warehouse.packed == ["book"]  # it stopped at its next await


# endregion: test-cancellation


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-p", "no:cacheprovider", "-qq", "-rp"]))

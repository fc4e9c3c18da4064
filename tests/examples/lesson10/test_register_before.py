"""examples/lesson10/register_before.py against a real Temporal server.

The charge takes the money and then fails (its answer is lost). Registered after
the charge, the refund never runs and the money stays taken; registered before
it, the refund runs and the ledger ends at zero.
"""

import uuid

import pytest
from temporalio import activity
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

from examples.lesson10.register_before import Order, RegisterAfterWorkflow, RegisterBeforeWorkflow, Shop
from tests.support.histories import record_history
from tests.support.run_example import assert_output_matches_recorded, run_example


def worker(client: Client, task_queue: str, shop: Shop) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[RegisterAfterWorkflow, RegisterBeforeWorkflow],
        activities=[shop.reserve_inventory, shop.release_inventory, shop.charge_payment, shop.refund_payment],
    )


async def test_registered_after_the_charge_the_refund_never_runs(client, task_queue):
    shop = Shop()
    async with worker(client, task_queue, shop):
        handle = await client.start_workflow(
            RegisterAfterWorkflow.run, Order("A-1", 4200), id=f"A-1-{uuid.uuid4()}", task_queue=task_queue
        )
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    assert shop.log == [
        "reserve_inventory: reserved A-1",
        "charge_payment: charged 4200 for A-1",
        "release_inventory: released A-1",  # no refund_payment
    ]
    assert shop.ledger == {"A-1": 4200}  # the customer paid for an order that failed
    assert (await handle.describe()).status == WorkflowExecutionStatus.FAILED


async def test_registered_before_the_charge_the_refund_runs_and_the_ledger_ends_at_zero(client, task_queue):
    shop = Shop()
    async with worker(client, task_queue, shop):
        handle = await client.start_workflow(
            RegisterBeforeWorkflow.run, Order("B-1", 4200), id=f"B-1-{uuid.uuid4()}", task_queue=task_queue
        )
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    assert shop.log == [
        "reserve_inventory: reserved B-1",
        "charge_payment: charged 4200 for B-1",
        "refund_payment: refunded 4200 for B-1",
        "release_inventory: released B-1",
    ]
    assert shop.ledger == {}
    assert shop.reserved == set()
    run = await record_history("charge-answer-lost", handle)
    assert [(row.name, row.outcome) for row in run.rows] == [
        ("reserve_inventory", "completed"),
        ("charge_payment", "failed"),  # what the workflow saw, although the money was taken
        ("refund_payment", "completed"),
        ("release_inventory", "completed"),
    ]


class ChargeAnswered(Shop):
    """The same provider on a good day: the charge's answer arrives."""

    @activity.defn(name="charge_payment")
    async def charge_payment(self, order: Order) -> None:
        self.ledger[order.order_id] = order.total_cents


async def test_registering_after_only_works_when_the_step_returns(client, task_queue):
    shop = ChargeAnswered()
    async with worker(client, task_queue, shop):
        await client.execute_workflow(
            RegisterAfterWorkflow.run, Order("A-2", 4200), id=f"A-2-{uuid.uuid4()}", task_queue=task_queue
        )
    assert shop.ledger == {"A-2": 4200}  # charged and kept: the order succeeded, nothing to undo
    assert shop.log == ["reserve_inventory: reserved A-2"]


class ChargeRefused(Shop):
    """The provider refuses the charge before taking any money."""

    @activity.defn(name="charge_payment")
    async def charge_payment(self, order: Order) -> None:
        raise ApplicationError("card declined", non_retryable=True)


async def test_registered_before_the_charge_the_refund_also_runs_for_a_charge_that_took_nothing(client, task_queue):
    shop = ChargeRefused()
    async with worker(client, task_queue, shop):
        handle = await client.start_workflow(
            RegisterBeforeWorkflow.run, Order("B-2", 4200), id=f"B-2-{uuid.uuid4()}", task_queue=task_queue
        )
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    assert shop.log == [
        "reserve_inventory: reserved B-2",
        "refund_payment: refunded 0 for B-2",  # nothing to undo, and that is not an error
        "release_inventory: released B-2",
    ]
    assert shop.ledger == {}


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    module = "examples.lesson10.register_before"
    assert_output_matches_recorded(module, run_example(module))

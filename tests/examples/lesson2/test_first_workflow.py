"""examples/lesson2/first_workflow.py against a real Temporal server."""

import functools
import uuid
from collections.abc import Callable

import pytest
from temporalio import activity
from temporalio.client import WorkflowFailureError
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import Worker

from examples.lesson2.first_workflow import (
    Order,
    OrderResult,
    OrderWorkflow,
    charge_payment,
    create_shipment,
    reserve_inventory,
    validate_order,
)
from tests.support.run_example import assert_output_matches_recorded, run_example

MODULE = "examples.lesson2.first_workflow"
STEPS = [validate_order, reserve_inventory, charge_payment, create_shipment]


def recorded(real: Callable, calls: list[str]) -> Callable:
    """The real activity under its own name, recording each attempt."""

    @activity.defn(name=real.__name__)
    @functools.wraps(real, updated=())
    async def wrapper(order: Order):
        calls.append(real.__name__)
        return await real(order)

    return wrapper


async def test_the_steps_run_one_after_the_other_and_the_result_comes_back(client, task_queue):
    calls: list[str] = []
    async with Worker(
        client, task_queue=task_queue, workflows=[OrderWorkflow], activities=[recorded(a, calls) for a in STEPS]
    ):
        result = await client.execute_workflow(
            OrderWorkflow.run, Order("T-1", "t@example.com", 4200), id=f"o-{uuid.uuid4()}", task_queue=task_queue
        )
    assert result == OrderResult("T-1", "res-T-1", "pay-T-1", "ship-T-1")
    assert calls == ["validate_order", "reserve_inventory", "charge_payment", "create_shipment"]


async def test_a_non_retryable_error_fails_the_workflow_after_one_attempt(client, task_queue):
    """A failed step raises ActivityError in the workflow; uncaught, it fails the
    workflow, and non_retryable=True means a single attempt."""
    calls: list[str] = []
    async with Worker(
        client, task_queue=task_queue, workflows=[OrderWorkflow], activities=[recorded(a, calls) for a in STEPS]
    ):
        with pytest.raises(WorkflowFailureError) as failure:
            await client.execute_workflow(
                OrderWorkflow.run, Order("T-2", "t@example.com", 0), id=f"o-{uuid.uuid4()}", task_queue=task_queue
            )
    assert isinstance(failure.value.cause, ActivityError)
    assert isinstance(failure.value.cause.cause, ApplicationError)
    assert failure.value.cause.cause.message == "order T-2 has nothing to pay"
    assert calls == ["validate_order"]


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    assert_output_matches_recorded(MODULE, run_example(MODULE))

"""Lesson 8, quiz question 5: an integration test on the dev server, real activities.

Marked ``integration``: ``pytest -m integration`` runs only these,
``pytest -m "not integration"`` skips them. The course's ``./run test`` runs
everything, these included.

The test connects through ``temporal_client()``: the embedded dev server
(``temporal server start-dev``), or the cluster in ``TEMPORAL_ADDRESS``. And it
runs a worker: without one, the workflow would wait for ever.

Run it: python -m examples.lesson8.integration_tests
    (or: pytest -m integration examples/lesson8/integration_tests.py)
"""

import sys
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from temporalio import workflow
from temporalio.client import Client

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client
    from examples.lesson8.order_workflow import (
        Order,
        OrderActivities,
        OrderWorkflow,
        PaymentService,
        Warehouse,
        worker_for,
    )


@pytest.fixture(scope="module")
async def client() -> AsyncIterator[Client]:
    async with temporal_client() as client:
        yield client


# region: test-integration
@pytest.mark.integration
async def test_order_completes_on_a_real_server(client: Client) -> None:
    payments, warehouse = PaymentService(), Warehouse()
    task_queue = f"integration-{uuid.uuid4()}"
    async with worker_for(client, task_queue, OrderActivities(payments, warehouse)):
        # Real time passes here: a one-second cancel window, not 30 minutes.
        order = Order(
            "integration-test", "customer-1", 1000, ["book"], cancel_window_seconds=1
        )
        result = await client.execute_workflow(
            OrderWorkflow.run,
            order,
            id=f"test-order-{uuid.uuid4()}",
            task_queue=task_queue,
            execution_timeout=timedelta(seconds=30),  # fail the test, don't hang it
        )

    assert result.status == "completed"
    assert payments.balances["customer-1"] == -1000
    assert warehouse.packed == ["book"]


# endregion: test-integration


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-p", "no:cacheprovider", "-qq", "-rp"]))

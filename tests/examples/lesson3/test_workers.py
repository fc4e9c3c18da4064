"""examples/lesson3/workers.py: a worker runs what is registered on it, and nothing else."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import ServiceClient
from temporalio.worker import Worker

from examples.lesson3.workers import (
    InvoiceWorkflow,
    OrderWorkflow,
    charge_payment,
    pending_activity_error,
    print_invoice,
    reserve_inventory,
    start,
    workflow_task_error,
)
from tests.support.run_example import assert_output_matches_recorded, run_example

MODULE = "examples.lesson3.workers"
ALL = [reserve_inventory, charge_payment, print_invoice]


@pytest.fixture
def threads():
    with ThreadPoolExecutor(max_workers=4) as pool:
        yield pool


async def test_a_worker_with_everything_registered_completes_the_order(client, task_queue, threads):
    async with Worker(
        client, task_queue=task_queue, workflows=[OrderWorkflow], activities=ALL, activity_executor=threads
    ):
        assert await (await start(client, task_queue)).result() == "inv-A-1001"


async def test_an_unregistered_activity_fails_each_attempt_and_is_retried_until_a_worker_has_it(
    client, task_queue, threads
):
    """The attempt fails on the worker that lacks it (NotFoundError) and is retried
    under the default retry policy; the workflow stays RUNNING, and completes as
    soon as a worker that has the activity polls the queue."""
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[OrderWorkflow],
        activities=[reserve_inventory, print_invoice],
        activity_executor=threads,
    ):
        handle = await start(client, task_queue)
        message = await pending_activity_error(handle)
        assert message == (
            "Activity function charge_payment for workflow <id> is not registered on this worker,"
            " available activities: print_invoice, reserve_inventory"
        )
        async with asyncio.timeout(20):
            while True:
                [pending] = (await handle.describe()).raw_description.pending_activities
                if pending.attempt >= 3:
                    break
                await asyncio.sleep(0.2)
        assert pending.last_failure.application_failure_info.type == "NotFoundError"
        assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING
    async with Worker(
        client, task_queue=task_queue, workflows=[OrderWorkflow], activities=ALL, activity_executor=threads
    ):
        assert await handle.result() == "inv-A-1001"


async def test_a_task_goes_to_any_worker_of_the_queue_even_one_without_the_workflow(client, task_queue, threads):
    """No routing by workflow type: the worker that lacks OrderWorkflow gets its task,
    the task fails, and the workflow stays RUNNING."""
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[InvoiceWorkflow],
        activities=[print_invoice],
        activity_executor=threads,
    ):
        handle = await start(client, task_queue)
        message = await workflow_task_error(handle)
        assert (
            message
            == "Workflow class OrderWorkflow is not registered on this worker, available workflows: InvoiceWorkflow"
        )
        assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING
        await handle.terminate()


async def test_a_sync_activity_needs_an_executor(client, task_queue):
    with pytest.raises(ValueError, match="Activity print_invoice is not async so an activity_executor must be present"):
        Worker(client, task_queue=task_queue, activities=[print_invoice])


async def test_one_client_may_have_one_worker_per_task_queue_a_second_connection_may_have_another(client, task_queue):
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow]):
        with pytest.raises(RuntimeError, match="Registration of multiple workers with overlapping worker task types"):
            Worker(client, task_queue=task_queue, workflows=[OrderWorkflow])
        other = Client(await ServiceClient.connect(client.service_client.config), namespace=client.namespace)
        async with Worker(other, task_queue=task_queue, workflows=[OrderWorkflow]):
            pass  # allowed: another connection, as another process would have


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    assert_output_matches_recorded(MODULE, run_example(MODULE))

"""examples/lesson3/concurrency.py: max_concurrent_activities bounds one worker; more workers share a queue."""

from temporalio import activity
from temporalio.client import Client
from temporalio.service import ServiceClient
from temporalio.worker import Worker

from examples.lesson3.concurrency import BillingWorkflow, Invoice, bill, send_invoice, tracker
from tests.support.run_example import assert_output_matches_recorded, run_example

MODULE = "examples.lesson3.concurrency"


async def test_one_worker_runs_at_most_max_concurrent_activities_at_once(client, task_queue):
    tracker.peak = 0
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[BillingWorkflow],
        activities=[send_invoice],
        max_concurrent_activities=2,
    ):
        assert await bill(client, task_queue) == 8
    assert tracker.peak == 2


async def test_two_workers_on_one_queue_both_take_tasks(client, task_queue):
    """Each worker takes tasks from the shared queue: both ran invoices, and
    together they ran up to twice one worker's limit at once."""
    ran_on: dict[str, list[str]] = {"first": [], "second": []}

    def on(name: str):
        @activity.defn(name="send_invoice")
        async def recording(invoice: Invoice) -> None:
            ran_on[name].append(invoice.invoice_id)
            await send_invoice(invoice)

        return recording

    other = Client(await ServiceClient.connect(client.service_client.config), namespace=client.namespace)
    tracker.peak = 0
    async with (
        Worker(
            client,
            task_queue=task_queue,
            workflows=[BillingWorkflow],
            activities=[on("first")],
            max_concurrent_activities=2,
        ),
        Worker(other, task_queue=task_queue, activities=[on("second")], max_concurrent_activities=2),
    ):
        assert await bill(client, task_queue) == 8
    assert ran_on["first"] and ran_on["second"]
    assert sorted(ran_on["first"] + ran_on["second"]) == sorted(f"INV-{n}" for n in range(1, 9))
    assert 2 < tracker.peak <= 4


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    assert_output_matches_recorded(MODULE, run_example(MODULE))

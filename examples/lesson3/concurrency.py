"""Lesson 3: how much one worker runs at once, and scaling out with more workers.

At the end of the month the billing workflow sends eight invoices, all
started at once. A worker runs at most ``max_concurrent_activities``
activities at the same time (here 2); the other tasks wait in the task queue.
A second worker on the same task queue takes its share: twice the work at
once, with no change to the workflow and no coordination between workers.

Run it: python -m examples.lesson3.concurrency
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.service import ServiceClient
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class Invoice:
    invoice_id: str
    amount_cents: int


@dataclass
class BillingRun:
    invoices: list[Invoice]


class Tracker:
    """How many invoice activities run at the same time, at most (in this process)."""

    def __init__(self) -> None:
        self.running = 0
        self.peak = 0


tracker = Tracker()


@activity.defn
async def send_invoice(invoice: Invoice) -> None:
    tracker.running += 1
    tracker.peak = max(tracker.peak, tracker.running)
    try:
        await asyncio.sleep(1)  # the mail service takes a second
    finally:
        tracker.running -= 1


@workflow.defn
class BillingWorkflow:
    @workflow.run
    async def run(self, run: BillingRun) -> int:
        await asyncio.gather(
            *(
                workflow.execute_activity(
                    send_invoice, invoice, start_to_close_timeout=timedelta(seconds=30)
                )
                for invoice in run.invoices
            )
        )
        return len(run.invoices)


async def bill(client: Client, task_queue: str) -> int:
    invoices = [Invoice(f"INV-{n}", 1000 * n) for n in range(1, 9)]
    return await client.execute_workflow(
        BillingWorkflow.run,
        BillingRun(invoices),
        id=f"billing-{uuid.uuid4()}",
        task_queue=task_queue,
    )


async def main() -> None:
    async with temporal_client() as client:
        # region: one-worker
        task_queue = f"lesson3-billing-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[BillingWorkflow],
            activities=[send_invoice],
            max_concurrent_activities=2,  # the default is 100
        ):
            sent = await bill(client, task_queue)
        print(f"One worker: {sent} invoices, at most {tracker.peak} at a time")
        # endregion: one-worker

        # region: two-workers
        # A second worker, with a connection of its own as a second worker
        # process would have (one client may have one worker per task queue).
        second_client = Client(
            await ServiceClient.connect(client.service_client.config),
            namespace=client.namespace,
        )
        tracker.peak = 0
        task_queue = f"lesson3-billing-{uuid.uuid4()}"
        async with (
            Worker(
                client,
                task_queue=task_queue,
                workflows=[BillingWorkflow],
                activities=[send_invoice],
                max_concurrent_activities=2,
            ),
            Worker(
                second_client,
                task_queue=task_queue,
                workflows=[BillingWorkflow],
                activities=[send_invoice],
                max_concurrent_activities=2,
            ),
        ):
            sent = await bill(client, task_queue)
        print(f"Two workers: {sent} invoices, at most {tracker.peak} at a time")
        # endregion: two-workers


if __name__ == "__main__":
    asyncio.run(main())

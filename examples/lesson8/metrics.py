"""Lesson 8, quiz question 8: the SDK's own metrics, and a workflow's business metrics.

The SDK's Rust core measures workflows, activities and workers, and serves the
numbers on a Prometheus endpoint once the client's ``Runtime`` asks for it. Its
defaults: every name starts with ``temporal_``, counters have no ``_total``
suffix, durations are histograms in milliseconds (``PrometheusConfig``'s
``counters_total_suffix``, ``unit_suffix`` and ``durations_as_seconds`` change
that).

Business metrics come from ``workflow.metric_meter()``: same endpoint, no
prefix, and replay-safe (a replayed workflow task records nothing again). No
activity is needed to record them.

The task-queue backlog is not an SDK metric: only the server knows it (see
``task_queue_backlog`` below, and the server's ``approximate_backlog_count``).

Run it: python -m examples.lesson8.metrics
    (endpoint: METRICS_ADDRESS, default 127.0.0.1:9464)
"""

import asyncio
import os
import re
import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client, WorkflowFailureError
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig
from temporalio.worker import Worker

# The workflow sandbox re-imports this file. Third-party libraries that the
# workflow does not use are passed through, not re-imported (httpx trips it).
with workflow.unsafe.imports_passed_through():
    import httpx

    from examples.connect import expect_failures, temporal_client

METRICS_ADDRESS = os.environ.get("METRICS_ADDRESS", "127.0.0.1:9464")


@dataclass
class Order:
    id: str
    total_cents: int
    card: str = "ok"  # "declined": refused for good; "flaky": fails once, then works


@activity.defn
async def charge_payment(order: Order) -> str:
    if order.card == "declined":
        raise ApplicationError(
            "card declined", type="PaymentDeclined", non_retryable=True
        )
    if order.card == "flaky" and activity.info().attempt == 1:
        raise RuntimeError("payment provider timed out")  # retried
    return f"payment-{order.id}"


# region: custom-metrics
@workflow.defn
class MeteredOrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        meter = workflow.metric_meter()  # replay-safe: records nothing while replaying
        orders = meter.create_counter(
            "order_workflow_status", "Order workflows by outcome"
        )
        duration = meter.create_histogram_timedelta(
            "order_workflow_duration", "Order workflow duration", "duration"
        )
        try:
            payment_id = await workflow.execute_activity(
                charge_payment,
                order,
                start_to_close_timeout=timedelta(seconds=10),
                retry_policy=RetryPolicy(initial_interval=timedelta(milliseconds=100)),
            )
        except ActivityError:
            orders.add(1, {"status": "failed"})
            raise
        orders.add(1, {"status": "completed"})
        duration.record(workflow.now() - workflow.info().start_time)
        return payment_id


# endregion: custom-metrics


# region: runtime
def metrics_runtime(bind_address: str) -> Runtime:
    """A Runtime whose metrics Prometheus can scrape at http://<bind_address>/metrics."""
    return Runtime(
        telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=bind_address))
    )


# endregion: runtime


async def scrape(url: str) -> list[tuple[str, dict[str, str], float]]:
    """Read a Prometheus endpoint as Prometheus does: (name, labels, value) for each
    sample."""
    async with httpx.AsyncClient() as http:
        text = (await http.get(url)).text
    samples = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            sample = re.fullmatch(r"([^{ ]+)(?:\{(.*)\})? (\S+)", line)
            assert sample, line  # the text format: name{labels} value
            name, labels, value = sample.groups()
            samples.append(
                (name, dict(re.findall(r'(\w+)="([^"]*)"', labels or "")), float(value))
            )
    return samples


# region: backlog
async def task_queue_backlog(client: Client, task_queue: str) -> int:
    """Workflow tasks waiting for a worker on this queue, as the server counts them."""
    response = await client.workflow_service.describe_task_queue(
        DescribeTaskQueueRequest(
            namespace=client.namespace,
            task_queue=TaskQueue(name=task_queue),
            task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
            report_stats=True,
        )
    )
    return response.stats.approximate_backlog_count


# endregion: backlog


ORDERS = [
    Order("M-1", 2000),
    Order("M-2", 3500),
    Order("M-3", 5000, card="declined"),
    Order("M-4", 1200, card="flaky"),
]

SHOWN = {  # what main() prints: metric name -> the label it is broken down by
    "temporal_workflow_completed": "workflow_type",
    "temporal_workflow_failed": "workflow_type",
    "temporal_activity_execution_failed": "activity_type",
    "temporal_activity_execution_latency_count": "activity_type",
    "order_workflow_status": "status",
    "order_workflow_duration_count": "workflow_type",
}


async def run_orders(client: Client, task_queue: str) -> None:
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[MeteredOrderWorkflow],
        activities=[charge_payment],
    ):
        for order in ORDERS:
            with suppress(WorkflowFailureError):  # M-3: counted as failed
                await client.execute_workflow(
                    MeteredOrderWorkflow.run,
                    order,
                    id=f"order-{order.id}-{uuid.uuid4()}",
                    task_queue=task_queue,
                )


async def main() -> None:
    # Two charges fail on purpose: the worker logs each failed attempt in one line.
    expect_failures(ApplicationError, RuntimeError)
    runtime = metrics_runtime(METRICS_ADDRESS)
    async with temporal_client(runtime=runtime) as client:
        task_queue = f"lesson8-metrics-{uuid.uuid4()}"
        await run_orders(client, task_queue)

        print(
            f"scraped http://{METRICS_ADDRESS}/metrics"
            " after 4 orders (3 completed, 1 declined):"
        )
        for name, labels, value in sorted(
            await scrape(f"http://{METRICS_ADDRESS}/metrics"), key=lambda s: s[0]
        ):
            if name in SHOWN and labels.get("task_queue") == task_queue:
                print(f"  {name}{{{SHOWN[name]}={labels[SHOWN[name]]!r}}} {value:g}")

        # region: main-backlog
        # Three orders on a queue that no worker polls: they wait in its backlog.
        idle_queue = f"lesson8-no-worker-{uuid.uuid4()}"
        handles = [
            await client.start_workflow(
                MeteredOrderWorkflow.run,
                order,
                id=f"waiting-{uuid.uuid4()}",
                task_queue=idle_queue,
            )
            for order in ORDERS[:3]
        ]
        # The server counts them asynchronously: ask until all three are in.
        async with asyncio.timeout(10):
            while (backlog := await task_queue_backlog(client, idle_queue)) < len(
                handles
            ):
                await asyncio.sleep(0.1)
        print(f"backlog of a queue without workers: {backlog} workflow tasks")
        # endregion: main-backlog
        for handle in handles:
            await handle.terminate()


if __name__ == "__main__":
    asyncio.run(main())

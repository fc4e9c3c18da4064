"""Fixtures of the Lesson 8 tests.

- ``connect``: connects a new client to the session's dev server (``dev_env``),
  with options such as ``runtime=`` (a Runtime of its own, for metrics or for
  capturing core logs).
- ``limits_server``: a dev server of its own whose history limits are lowered
  with ``--dynamic-config-value`` (continue-as-new is suggested after 40 events,
  a run is terminated at 120), whose timers fire on time (not up to 1 s late),
  and that serves its own metrics on a free port (backlog gauges every 200 ms).
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from temporalio import activity
from temporalio.client import Client, WorkflowFailureError
from temporalio.envconfig import ClientConfig
from temporalio.testing import WorkflowEnvironment

from examples.connect import installed_binary
from tests.support.ports import free_port

SUGGEST_CONTINUE_AS_NEW_AT = 40  # events (server default: 4 * 1024)
HISTORY_COUNT_LIMIT = 120  # events (server default: 50 * 1024)


@pytest.fixture
def connect(dev_env: WorkflowEnvironment) -> Callable[..., Awaitable[Client]]:
    async def connect(**options: Any) -> Client:
        config = ClientConfig.load_client_connect_config()
        if not os.environ.get("TEMPORAL_ADDRESS"):  # the session's embedded dev server
            config["target_host"] = dev_env.client.service_client.config.target_host
        return await Client.connect(**config, **options)

    return connect


@dataclass
class LimitsServer:
    client: Client
    metrics_url: str


@pytest.fixture(scope="session")
async def limits_server() -> AsyncIterator[LimitsServer]:
    metrics_port = free_port()
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=installed_binary("temporal"),
        dev_server_extra_args=[
            "--metrics-port",
            str(metrics_port),
            "--dynamic-config-value",
            f"limit.historyCount.suggestContinueAsNew={SUGGEST_CONTINUE_AS_NEW_AT}",
            "--dynamic-config-value",
            f"limit.historyCount.error={HISTORY_COUNT_LIMIT}",
            # Fire timers on time: by default the server may shift a timer by up to 1 s.
            "--dynamic-config-value",
            'history.timerProcessorMaxTimeShift="1ms"',
            # Emit the task-queue backlog gauges every 200 ms (default: every minute).
            "--dynamic-config-value",
            'matching.backlogMetricsEmitInterval="200ms"',
        ],  # fmt: skip
    )
    try:
        yield LimitsServer(env.client, f"http://127.0.0.1:{metrics_port}/metrics")
    finally:
        await env.shutdown()


@dataclass
class Scrape:
    sdk: list[tuple[str, dict[str, str], float]]  # the worker's SDK endpoint
    server: list[tuple[str, dict[str, str], float]]  # the server's endpoint
    task_queue: str  # where the orders ran
    cancel_queue: str  # where one workflow was cancelled
    idle_queue: str  # where 3 workflows wait, no worker

    def names(self) -> set[str]:
        """Every sample name, plus each histogram's own name (``x`` for ``x_bucket``, ``x_count``, ``x_sum``)."""
        samples = {name for name, _, _ in self.sdk + self.server}
        return samples | {name.removesuffix("_bucket") for name in samples if name.endswith("_bucket")}


@pytest.fixture(scope="session")
async def scraped(limits_server: LimitsServer) -> Scrape:
    """Run the metrics example's orders (and one cancelled workflow) on limits_server, then scrape both endpoints.

    The SDK metrics come from a Runtime of our own with a Prometheus endpoint on
    a free port; the server's backlog gauges from its --metrics-port endpoint.
    """
    from temporalio.worker import Worker

    from examples.lesson8.metrics import ORDERS, MeteredOrderWorkflow, metrics_runtime, run_orders, scrape
    from examples.lesson8.order_workflow import Order, OrderWorkflow

    address = f"127.0.0.1:{free_port()}"
    client = await Client.connect(
        limits_server.client.service_client.config.target_host,
        namespace=limits_server.client.namespace,
        runtime=metrics_runtime(address),
    )
    task_queue = f"metrics-{uuid.uuid4()}"
    await run_orders(client, task_queue)

    # A cancelled workflow: OrderWorkflow waits in its 30-minute cancel window.
    cancel_queue = f"cancel-{uuid.uuid4()}"
    async with Worker(client, task_queue=cancel_queue, workflows=[OrderWorkflow], activities=[_validate_order]):
        handle = await client.start_workflow(
            OrderWorkflow.run,
            Order("C-1", "carol", 5.0, ["pen"]),
            id=f"cancelled-{uuid.uuid4()}",
            task_queue=cancel_queue,
        )
        await handle.cancel()
        with pytest.raises(WorkflowFailureError):
            await handle.result()

    # Three workflows wait on a queue that no worker polls; wait for the server to report them.
    idle_queue = f"backlog-{uuid.uuid4()}"
    for order in ORDERS[:3]:
        await client.start_workflow(
            MeteredOrderWorkflow.run, order, id=f"waiting-{uuid.uuid4()}", task_queue=idle_queue
        )
    server_label = idle_queue.replace("-", "_")  # the server's metric label turns "-" into "_"
    async with asyncio.timeout(20):
        while True:
            server = await scrape(limits_server.metrics_url)
            backlog = sum(
                value for name, labels, value in server
                if name == "approximate_backlog_count" and labels.get("taskqueue") == server_label
            )  # fmt: skip
            if backlog == 3:
                break
            await asyncio.sleep(0.2)  # the server emits these gauges every 200 ms: nothing to await

    sdk = await scrape(f"http://{address}/metrics")
    return Scrape(sdk, server, task_queue, cancel_queue, idle_queue)


@activity.defn(name="validate_order")
async def _validate_order(order) -> None:
    pass

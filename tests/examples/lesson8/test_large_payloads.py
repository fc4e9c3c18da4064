"""examples/lesson8/large_payloads.py: the real server's payload limits, and the fix that avoids them.

Each limit the page states is checked on both sides of its boundary against
the dev server (Temporal Server 1.32, default dynamic config).
"""

import asyncio
import json
import logging
import uuid
from datetime import timedelta

import pytest
from temporalio import activity, workflow
from temporalio.client import WorkflowFailureError
from temporalio.common import RetryPolicy
from temporalio.runtime import LogForwardingConfig, LoggingConfig, Runtime, TelemetryConfig
from temporalio.service import RPCError, RPCStatusCode
from temporalio.worker import Worker

from examples.lesson8.large_payloads import (
    InlineReportWorkflow,
    ObjectStore,
    ReportActivities,
    ReportWorkflow,
    monthly_orders_csv,
)

# The workflow sandbox re-imports this module for OversizedResultWorkflow.
with workflow.unsafe.imports_passed_through():
    from tests.support.run_example import assert_output_matches_recorded, run_example

KiB, MiB = 1024, 1024 * 1024


class AwaitableHandler(logging.Handler):
    """Collects log records; `wait_for(text)` returns once a record containing `text` arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.loop = asyncio.get_running_loop()
        self.arrived = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.loop.call_soon_threadsafe(self.arrived.set)

    async def wait_for(self, text: str) -> str:
        async with asyncio.timeout(10):
            while True:
                for record in self.records:
                    if text in record.getMessage():
                        return record.getMessage()
                self.arrived.clear()
                await self.arrived.wait()


@pytest.fixture
async def core_logs():
    logger = logging.getLogger(f"lesson8.core.{uuid.uuid4().hex}")
    handler = AwaitableHandler()
    logger.addHandler(handler)
    runtime = Runtime(telemetry=TelemetryConfig(logging=LoggingConfig("WARN", LogForwardingConfig(logger=logger))))
    yield runtime, handler
    logger.removeHandler(handler)


async def start_inline(client, size: int):
    """Start InlineReportWorkflow with a `size`-character input on a queue no worker polls."""
    return await client.start_workflow(
        InlineReportWorkflow.run, "x" * size, id=f"inline-{uuid.uuid4()}", task_queue=f"nobody-{uuid.uuid4()}"
    )


async def test_a_payload_over_512_kib_is_accepted_with_a_warning(connect, core_logs):
    runtime, logs = core_logs
    client = await connect(runtime=runtime)
    handle = await start_inline(client, 600 * KiB)
    warning = await logs.wait_for("[TMPRL1103]")
    assert "exceeded the warning limit" in warning and "'limit': 524288" in warning
    await handle.terminate()


async def test_a_payload_just_under_2_mib_is_accepted(client):
    handle = await start_inline(client, 2 * MiB - 1 * KiB)
    await handle.terminate()


async def test_a_payload_over_2_mib_is_refused(client):
    with pytest.raises(RPCError) as refused:
        await start_inline(client, 2 * MiB + 1 * KiB)
    assert refused.value.status == RPCStatusCode.INVALID_ARGUMENT
    assert refused.value.message == "Blob data size exceeds limit."


async def test_a_request_over_4_mib_is_refused_by_grpc(client):
    with pytest.raises(RPCError) as refused:
        await start_inline(client, 4 * MiB + 1 * KiB)
    assert refused.value.status == RPCStatusCode.RESOURCE_EXHAUSTED
    assert "larger than max 4194304" in refused.value.message


@activity.defn
async def oversized_result() -> str:
    return "x" * (2 * MiB + 1 * KiB)


@workflow.defn
class OversizedResultWorkflow:
    @workflow.run
    async def run(self) -> str:
        return await workflow.execute_activity(
            oversized_result, start_to_close_timeout=timedelta(seconds=10), retry_policy=RetryPolicy(maximum_attempts=1)
        )


async def test_an_activity_result_over_2_mib_fails_the_activity(client, task_queue):
    async with Worker(
        client, task_queue=task_queue, workflows=[OversizedResultWorkflow], activities=[oversized_result]
    ):
        with pytest.raises(WorkflowFailureError) as failed:
            await client.execute_workflow(OversizedResultWorkflow.run, id=f"big-{uuid.uuid4()}", task_queue=task_queue)
    error = failed.value.cause.cause  # WorkflowFailureError -> ActivityError -> the worker's error
    assert error.type == "PayloadsTooLarge"
    assert "exceeded the error limit" in error.message


async def test_passing_the_key_keeps_the_history_small(client, task_queue, tmp_path):
    store = ObjectStore(tmp_path)
    csv_text = monthly_orders_csv(160_000)
    assert len(csv_text) > 3 * MiB
    async with Worker(
        client, task_queue=task_queue, workflows=[ReportWorkflow], activities=[ReportActivities(store).summarize_report]
    ):
        handle = await client.start_workflow(
            ReportWorkflow.run, store.put(csv_text.encode()), id=f"report-{uuid.uuid4()}", task_queue=task_queue
        )
        summary_key = await handle.result()

    assert json.loads(store.get(summary_key)) == {"orders": 160_000, "total": 8_000_000.0}
    history = await handle.fetch_history()
    assert len(history.to_json()) < 20 * KiB  # the 3 MiB report never entered it


def test_example_shows_the_refusal_then_the_fix():
    output = run_example("examples.lesson8.large_payloads")
    assert "inline: the server refused to start the workflow: Blob data size exceeds limit." in output
    assert_output_matches_recorded("examples.lesson8.large_payloads", output)

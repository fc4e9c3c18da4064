"""Lesson 8, quiz question 7 (answer A): large data does not belong in a workflow.

Every workflow input, activity argument and result, signal and query is a
*payload* that the server stores in the workflow's event history, and every
replay reads it back. The server's limits (Temporal Server 1.32 defaults):

- one payload: refused above 2 MiB (``limit.blobSize.error``), logged as a
  warning above 512 KiB (``limit.blobSize.warn``; the SDK warns at 512 KiB too);
- one gRPC message to the server: 4 MiB;
- one workflow's history: 50 MiB or 51,200 events (``limit.historySize.error``,
  ``limit.historyCount.error``); past that the server terminates the run.

The fix: put the data in an object store (S3, GCS, a database...) from an
activity and pass its key, a few bytes, through the workflow.

Run it: python -m examples.lesson8.large_payloads
"""

import asyncio
import hashlib
import json
import logging
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from temporalio import activity, workflow
from temporalio.runtime import (
    LogForwardingConfig,
    LoggingConfig,
    Runtime,
    TelemetryConfig,
)
from temporalio.service import RPCError
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


# region: object-store
class ObjectStore:
    """A local folder standing in for S3 or GCS: put() returns a key, get() reads it back."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, data: bytes) -> str:
        key = hashlib.sha256(data).hexdigest()
        (self.root / key).write_bytes(data)
        return key

    def get(self, key: str) -> bytes:
        return (self.root / key).read_bytes()


# endregion: object-store


def summarize(csv_text: str) -> dict:
    amounts = [float(line.split(",")[1]) for line in csv_text.splitlines()]
    return {"orders": len(amounts), "total": round(sum(amounts), 2)}


# region: inline
# ❌ The whole file travels as the workflow input and the activity's argument:
# each copy is a payload in the history.
@activity.defn
async def summarize_inline(csv_text: str) -> dict:
    return summarize(csv_text)


@workflow.defn
class InlineReportWorkflow:
    @workflow.run
    async def run(self, csv_text: str) -> dict:
        return await workflow.execute_activity(
            summarize_inline, csv_text, start_to_close_timeout=timedelta(seconds=30)
        )


# endregion: inline


# region: by-reference
# ✅ Only keys travel through the workflow; the activity reads and writes the data.
class ReportActivities:
    def __init__(self, store: ObjectStore) -> None:
        self.store = store

    @activity.defn
    async def summarize_report(self, report_key: str) -> str:
        csv_text = self.store.get(report_key).decode()
        summary = json.dumps(summarize(csv_text)).encode()
        return self.store.put(summary)  # the key of the summary, not the summary


@workflow.defn
class ReportWorkflow:
    @workflow.run
    async def run(self, report_key: str) -> str:
        return await workflow.execute_activity_method(
            ReportActivities.summarize_report,
            report_key,
            start_to_close_timeout=timedelta(seconds=30),
        )


# endregion: by-reference


def monthly_orders_csv(orders: int) -> str:
    """A report of about 3 MiB: one "order id,amount" line per order."""
    return "".join(f"order-{n:08},{n % 100}.50\n" for n in range(orders))


async def main() -> None:
    # The SDK logs the payload-size warning itself; send its log lines to
    # Python's logging (stderr) instead of the console (stdout).
    core_logs = LogForwardingConfig(
        logger=logging.getLogger("temporalio.core"),
        append_log_fields_to_message=False,  # its sizes, in an order that varies
    )
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=LoggingConfig("WARN", core_logs)))
    )

    csv_text = monthly_orders_csv(160_000)
    print(f"report: {len(csv_text) / 2**20:.1f} MiB")
    with tempfile.TemporaryDirectory() as folder:
        store = ObjectStore(Path(folder))
        async with temporal_client() as client:
            task_queue = f"lesson8-reports-{uuid.uuid4()}"
            activities = [summarize_inline, ReportActivities(store).summarize_report]
            workflows = [InlineReportWorkflow, ReportWorkflow]
            async with Worker(
                client,
                task_queue=task_queue,
                workflows=workflows,
                activities=activities,
            ):
                try:
                    await client.execute_workflow(
                        InlineReportWorkflow.run,
                        csv_text,
                        id=f"report-{uuid.uuid4()}",
                        task_queue=task_queue,
                    )
                except RPCError as err:
                    print(
                        f"inline: the server refused to start the workflow: {err.message}"
                    )

                report_key = store.put(csv_text.encode())
                summary_key = await client.execute_workflow(
                    ReportWorkflow.run,
                    report_key,
                    id=f"report-{uuid.uuid4()}",
                    task_queue=task_queue,
                )
                print(f"by reference: a {len(report_key)}-character key in, a key out")
                print(f"summary: {json.loads(store.get(summary_key))}")


if __name__ == "__main__":
    asyncio.run(main())

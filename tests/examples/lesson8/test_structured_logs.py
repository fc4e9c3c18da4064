"""examples/lesson8/structured_logs.py: log records carry the Temporal context, and replays log nothing twice."""

import json
import logging
import uuid

from temporalio.api.enums.v1 import EventType
from temporalio.worker import Worker

from examples.lesson8.structured_logs import JsonFormatter, LoggedOrderWorkflow, Order, charge_payment
from tests.support.run_example import assert_output_matches_recorded, run_example


async def test_records_carry_context_and_are_not_repeated_on_replay(client, task_queue, caplog):
    caplog.set_level(logging.INFO, logger="temporalio.workflow")
    caplog.set_level(logging.INFO, logger="temporalio.activity")
    workflow_id = f"order-{uuid.uuid4()}"
    # No cache: the second workflow task replays the first one's code, log call included.
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[LoggedOrderWorkflow],
        activities=[charge_payment],
        max_cached_workflows=0,
    ):
        handle = await client.start_workflow(
            LoggedOrderWorkflow.run, Order("T-1", "tess", 10.0), id=workflow_id, task_queue=task_queue
        )
        await handle.result()

    history = await handle.fetch_history()
    assert sum(e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED for e in history.events) == 2
    ours = [r for r in caplog.records if getattr(r, "order_id", None) == "T-1"]
    assert [(r.name, r.getMessage().split(" (")[0]) for r in ours] == [
        ("temporalio.workflow", "order received"),  # once, although replayed once
        ("temporalio.activity", "charging card"),
        ("temporalio.workflow", "order completed"),
    ]
    received, charging, _ = ours
    assert received.temporal_workflow["workflow_id"] == workflow_id
    assert received.temporal_workflow["workflow_type"] == "LoggedOrderWorkflow"
    assert (received.customer_id, received.total) == ("tess", 10.0)
    assert charging.temporal_activity["activity_type"] == "charge_payment"
    assert charging.temporal_activity["attempt"] == 1


def test_json_formatter_flattens_context_and_extra_fields():
    record = logging.makeLogRecord({
        "name": "temporalio.workflow", "levelname": "INFO", "msg": "order received",
        "temporal_workflow": {"workflow_id": "order-1", "workflow_type": "W", "run_id": "r", "attempt": 1},
        "order_id": "1", "_private": "x",
    })  # fmt: skip
    assert json.loads(JsonFormatter().format(record)) == {
        "level": "INFO", "logger": "temporalio.workflow", "message": "order received",
        "workflow_id": "order-1", "workflow_type": "W", "attempt": 1, "order_id": "1",
    }  # fmt: skip


def test_example_prints_one_json_line_per_record():
    output = run_example("examples.lesson8.structured_logs")
    lines = [json.loads(line) for line in output.splitlines()]
    assert [line["message"] for line in lines if line["logger"] == "temporalio.workflow"] == [
        "order received", "order completed", "order received", "payment failed",
    ]  # fmt: skip
    assert_output_matches_recorded("examples.lesson8.structured_logs", output)

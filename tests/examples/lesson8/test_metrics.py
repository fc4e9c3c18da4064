"""examples/lesson8/metrics.py: what the SDK and the server really export, scraped from live endpoints.

The ``scraped`` fixture (conftest) ran the example's four orders and one
cancelled workflow through a worker whose Runtime serves Prometheus metrics,
left three workflows waiting on a queue without workers, and scraped the SDK's
endpoint and the server's.
"""

import re
import uuid
from collections import defaultdict

from temporalio.api.enums.v1 import EventType
from temporalio.worker import Worker

from examples.lesson8.metrics import ORDERS, MeteredOrderWorkflow, charge_payment, metrics_runtime, scrape
from tests.support.ports import free_port
from tests.support.run_example import ROOT, assert_output_matches_recorded, run_example

# Names in the source quiz (and their _total forms) that neither the SDK nor the server exports.
INVENTED = {
    "temporal_workflow_completed_total", "temporal_workflow_failed_total", "temporal_workflow_canceled_total",
    "temporal_workflow_timeout_total", "temporal_workflow_execution_time_seconds", "temporal_workflow_task_execution_time",
    "temporal_workflow_started_total", "temporal_workflow_running", "temporal_activity_completed_total",
    "temporal_activity_failed_total", "temporal_activity_timeout_total", "temporal_activity_execution_time_seconds",
    "temporal_activity_schedule_to_start", "temporal_activity_retry_total", "temporal_task_queue_depth",
    "temporal_task_queue_lag_seconds", "temporal_task_queue_tasks_dispatched", "temporal_task_queue_tasks_completed",
    "temporal_worker_workflows_executed", "temporal_worker_activities_executed", "temporal_worker_errors_total",
    "temporal_worker_panics_total", "temporal_server_cpu_usage_percent", "temporal_server_memory_usage_bytes",
    "temporal_db_connection_pool_size", "temporal_persistence_latency_seconds", "temporal_persistence_errors_total",
}  # fmt: skip

NOT_METRICS = {"temporal_client"}  # identifiers of ours that start like a metric


def lesson_8_texts() -> dict[str, str]:
    """The lesson page, and the quiz page's Questions 5-8."""
    quiz = (ROOT / "docs" / "quiz_part3.md").read_text(encoding="utf-8")
    section = re.search(r"^## 🧪 Lesson 8.*?(?=^## )", quiz, re.S | re.M)
    assert section, "quiz_part3.md has no Lesson 8 section"
    return {
        "lesson_8.md": (ROOT / "docs" / "lesson_8.md").read_text(encoding="utf-8"),
        "quiz_part3.md (Lesson 8)": section.group(),
    }


def ours(scraped, name: str, label: str, task_queue: str | None = None) -> dict[str, float]:
    """Values of an SDK metric for the orders' task queue (or another), broken down by one label."""
    values: dict[str, float] = defaultdict(float)
    for sample_name, labels, value in scraped.sdk:
        if sample_name == name and labels.get("task_queue") == (task_queue or scraped.task_queue):
            values[labels[label]] += value
    return dict(values)


def test_workflow_and_activity_counters(scraped):
    assert ours(scraped, "temporal_workflow_completed", "workflow_type") == {"MeteredOrderWorkflow": 3}
    assert ours(scraped, "temporal_workflow_failed", "workflow_type") == {"MeteredOrderWorkflow": 1}
    assert ours(scraped, "temporal_workflow_canceled", "workflow_type", scraped.cancel_queue) == {"OrderWorkflow": 1}
    # One per failed attempt: M-3's only attempt and M-4's first one.
    assert ours(scraped, "temporal_activity_execution_failed", "activity_type") == {"charge_payment": 2}
    # Histograms (milliseconds): _count is the number of observations.
    assert ours(scraped, "temporal_activity_execution_latency_count", "activity_type") == {"charge_payment": 5}
    assert ours(scraped, "temporal_activity_succeed_endtoend_latency_count", "activity_type") == {"charge_payment": 3}
    assert ours(scraped, "temporal_workflow_endtoend_latency_count", "workflow_type")["MeteredOrderWorkflow"] == 4


def test_worker_gauges_and_latency_histograms(scraped):
    slots = ours(scraped, "temporal_worker_task_slots_available", "worker_type")
    assert slots == {"ActivityWorker": 100, "LocalActivityWorker": 100, "WorkflowWorker": 100}  # default slots
    assert set(ours(scraped, "temporal_worker_task_slots_used", "worker_type")) == set(slots)
    # Durations are histograms in milliseconds: bucket bounds up to 1,000,000 ms, and 60,000 ms.
    schedule_to_start = ours(scraped, "temporal_activity_schedule_to_start_latency_bucket", "le")
    assert list(schedule_to_start) == ["100", "500", "1000", "5000", "10000", "100000", "1000000", "+Inf"]
    execution = ours(scraped, "temporal_activity_execution_latency_bucket", "le")
    assert list(execution) == ["50", "100", "500", "1000", "5000", "10000", "60000", "+Inf"]
    assert "temporal_workflow_task_schedule_to_start_latency_bucket" in scraped.names()
    assert "temporal_workflow_task_execution_latency_bucket" in scraped.names()
    assert "temporal_activity_execution_latency_seconds" not in scraped.names()  # only with unit_suffix=True


def test_custom_metrics_from_the_workflow_have_no_prefix(scraped):
    assert ours(scraped, "order_workflow_status", "status") == {"completed": 3, "failed": 1}
    assert ours(scraped, "order_workflow_duration_count", "workflow_type") == {"MeteredOrderWorkflow": 3}
    assert "temporal_order_workflow_status" not in scraped.names()


def test_the_backlog_is_a_server_metric_per_partition(scraped):
    partitions = {
        labels["partition"]: value
        for name, labels, value in scraped.server
        if name == "approximate_backlog_count" and labels.get("taskqueue") == scraped.idle_queue.replace("-", "_")
        and labels["task_type"] == "Workflow"
    }  # fmt: skip
    assert sum(partitions.values()) == 3
    assert len(partitions) == 4  # the default number of task queue partitions
    assert not any("backlog" in name or "task_queue_depth" in name for name, _, _ in scraped.sdk)


def test_the_source_names_do_not_exist(scraped):
    assert INVENTED.isdisjoint(scraped.names())


async def test_workflow_metrics_are_replay_safe(connect, task_queue):
    address = f"127.0.0.1:{free_port()}"
    client = await connect(runtime=metrics_runtime(address))
    # No cache: every workflow task rebuilds the workflow by replaying its history first.
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[MeteredOrderWorkflow],
        activities=[charge_payment],
        max_cached_workflows=0,
    ):
        flaky = next(order for order in ORDERS if order.card == "flaky")
        handle = await client.start_workflow(
            MeteredOrderWorkflow.run, flaky, id=f"replayed-{uuid.uuid4()}", task_queue=task_queue
        )
        await handle.result()

    history = await handle.fetch_history()
    tasks = sum(e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED for e in history.events)
    assert tasks >= 2  # the task that recorded the metric replayed the one before it
    counted = [
        value for name, labels, value in await scrape(f"http://{address}/metrics")
        if name == "order_workflow_status" and labels["task_queue"] == task_queue
    ]  # fmt: skip
    assert counted == [1]


def test_pages_name_only_scraped_metrics_or_named_corrections(scraped):
    """Every temporal_* name in backticks on the lesson or the quiz draft was scraped, or is a source name we correct."""
    for page, text in lesson_8_texts().items():
        names = set(re.findall(r"`(temporal_[a-z0-9_]+)", text)) - NOT_METRICS
        assert names, f"{page} names no metric"
        unknown = names - scraped.names() - INVENTED
        assert not unknown, f"{page} names metrics nobody scraped: {sorted(unknown)}"


def test_example_prints_the_scraped_values():
    env = {"METRICS_ADDRESS": f"127.0.0.1:{free_port()}"}
    output = run_example("examples.lesson8.metrics", env=env)
    output = output.replace(env["METRICS_ADDRESS"], "127.0.0.1:9464")  # the default the page shows
    assert "backlog of a queue without workers: 3 workflow tasks" in output
    assert_output_matches_recorded("examples.lesson8.metrics", output)

"""examples/lesson1/crash_and_resume.py against a real Temporal server.

The claims of Lesson 1 that this example shows, each proven by a test below:
a workflow started with no worker just waits; a worker killed with SIGKILL in
the middle of an activity loses nothing that was recorded; the step it was
running runs again (at least once), the steps before it do not; and a worker
that rebuilds a workflow runs the workflow code again from the top.
"""

import asyncio
import subprocess
import uuid
from collections.abc import AsyncIterator

import pytest
from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType, TimeoutType
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.worker import Worker

from examples.connect import installed_binary
from examples.lesson1.crash_and_resume import (
    Order,
    OrderResult,
    OrderWorkflow,
    attempts_by_activity,
    charge_payment,
    create_shipment,
    relay,
    reserve_inventory,
    run_worker,
    start_worker_process,
)
from tests.support.run_example import assert_output_matches_recorded, run_example

MODULE = "examples.lesson1.crash_and_resume"
ACTIVITIES = [reserve_inventory, charge_payment, create_shipment]
ORDER = Order("T-1", "t@example.com", 4200)


async def start(client: Client, task_queue: str, workflow_run=OrderWorkflow.run):
    return await client.start_workflow(workflow_run, ORDER, id=f"order-{uuid.uuid4()}", task_queue=task_queue)


def event_types(history) -> list[str]:
    return [EventType.Name(e.event_type).removeprefix("EVENT_TYPE_") for e in history.events]


async def test_each_step_runs_once_in_order(client, task_queue, capsys):
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow], activities=ACTIVITIES):
        handle = await start(client, task_queue)
        assert await handle.result() == OrderResult("res-T-1", "pay-T-1", "ship-T-1")
    assert capsys.readouterr().out.splitlines() == [
        "reserve_inventory T-1, attempt 1",
        "charge_payment T-1, attempt 1",
        "create_shipment T-1, attempt 1",
    ]
    assert attempts_by_activity(await handle.fetch_history()) == {
        "reserve_inventory": 1,
        "charge_payment": 1,
        "create_shipment": 1,
    }


async def test_a_workflow_with_no_worker_waits_in_its_task_queue(client, task_queue):
    """Starting a workflow needs no worker: the server records the start and a
    workflow task, and nothing runs (the server never runs workflow code)."""
    handle = await start(client, task_queue)
    await asyncio.sleep(1)
    assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING
    assert event_types(await handle.fetch_history()) == ["WORKFLOW_EXECUTION_STARTED", "WORKFLOW_TASK_SCHEDULED"]
    # A worker that comes later finds the task waiting and runs it.
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow], activities=ACTIVITIES):
        assert (await handle.result()).shipment_id == "ship-T-1"


async def test_run_worker_polls_the_task_queue_until_cancelled(client, task_queue, monkeypatch):
    monkeypatch.setenv("TEMPORAL_ADDRESS", client.service_client.config.target_host)
    monkeypatch.setenv("TEMPORAL_NAMESPACE", client.namespace)
    worker = asyncio.create_task(run_worker(task_queue))
    try:
        handle = await start(client, task_queue)
        assert (await handle.result()).payment_id == "pay-T-1"
    finally:
        worker.cancel()
        with pytest.raises(asyncio.CancelledError):
            await worker


@pytest.fixture
async def worker_processes() -> AsyncIterator[list]:
    """Worker processes a test starts; any still alive at the end are killed."""
    started: list = []
    yield started
    for process in started:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_a_worker_killed_during_an_activity_loses_nothing_recorded(client, task_queue, capsys, worker_processes):
    """SIGKILL during charge_payment: a new worker process finishes the workflow.
    reserve_inventory, recorded before the kill, never runs again; the charge,
    cut short, runs again (attempt 2) once its start_to_close_timeout expired."""
    handle = await start(client, task_queue)
    worker_1 = await start_worker_process(client, task_queue)
    worker_processes.append(worker_1)
    await asyncio.wait_for(relay(worker_1, "worker 1", until="charge_payment"), timeout=60)
    worker_1.kill()
    assert await worker_1.wait() == -9  # SIGKILL: the process had no chance to report anything

    worker_2 = await start_worker_process(client, task_queue)
    worker_processes.append(worker_2)
    printing = asyncio.create_task(relay(worker_2, "worker 2"))
    result = await asyncio.wait_for(handle.result(), timeout=60)
    worker_2.kill()
    await worker_2.wait()
    await printing

    assert result == OrderResult("res-T-1", "pay-T-1", "ship-T-1")
    assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED
    assert capsys.readouterr().out.splitlines() == [
        "  worker 1: reserve_inventory T-1, attempt 1",
        "  worker 1: charge_payment T-1, attempt 1",
        "  worker 2: charge_payment T-1, attempt 2",  # no reserve_inventory on worker 2
        "  worker 2: create_shipment T-1, attempt 1",
    ]
    history = await handle.fetch_history()
    assert attempts_by_activity(history) == {"reserve_inventory": 1, "charge_payment": 2, "create_shipment": 1}
    [charge] = [
        e.activity_task_started_event_attributes
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
        and e.activity_task_started_event_attributes.attempt == 2
    ]
    # Attempt 1 ended by its timeout: nobody told Temporal the worker was dead.
    assert charge.last_failure.timeout_failure_info.timeout_type == TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE


async def test_the_next_workflow_task_first_waits_for_the_dead_workers_sticky_queue(
    client, task_queue, worker_processes
):
    """After the kill, the workflow task that follows the charge goes to worker 1's
    own (sticky) queue first; after the sticky schedule-to-start timeout (10 s by
    default) it times out and goes to the shared task queue, where worker 2 gets it."""
    handle = await start(client, task_queue)
    worker_1 = await start_worker_process(client, task_queue)
    worker_processes.append(worker_1)
    await asyncio.wait_for(relay(worker_1, "worker 1", until="charge_payment"), timeout=60)
    worker_1.kill()
    await worker_1.wait()
    worker_2 = await start_worker_process(client, task_queue)
    worker_processes.append(worker_2)
    await asyncio.wait_for(handle.result(), timeout=60)

    history = await handle.fetch_history()
    [timed_out] = [e for e in history.events if e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]
    attrs = timed_out.workflow_task_timed_out_event_attributes
    assert attrs.timeout_type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START
    scheduled = next(e for e in history.events if e.event_id == attrs.scheduled_event_id)
    waited = timed_out.event_time.ToDatetime() - scheduled.event_time.ToDatetime()
    assert 9.5 <= waited.total_seconds() <= 12


# A workflow outside the sandbox (sandboxed=False) can count, in this module, how
# often its code starts from the top.
RUN_ENTRIES: list[str] = []


@workflow.defn(sandboxed=False)
class CountingOrderWorkflow(OrderWorkflow):
    @workflow.run
    async def run(self, order: Order) -> OrderResult:
        RUN_ENTRIES.append(order.order_id)
        return await super().run(order)


async def test_rebuilding_a_workflow_reruns_its_code_but_not_its_activities(client, task_queue):
    """With no workflow cache (max_cached_workflows=0) the worker rebuilds the
    workflow for each of its 4 workflow tasks by running run() from the top
    against the history: 4 entries into run(), yet each activity ran once."""
    calls: list[str] = []

    @activity.defn(name="reserve_inventory")
    async def counted_reserve(order: Order) -> str:
        calls.append("reserve_inventory")
        return await reserve_inventory(order)

    RUN_ENTRIES.clear()
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[CountingOrderWorkflow],
        activities=[counted_reserve, charge_payment, create_shipment],
        max_cached_workflows=0,
    ):
        handle = await start(client, task_queue, CountingOrderWorkflow.run)
        await handle.result()
    history = await handle.fetch_history()
    assert event_types(history).count("WORKFLOW_TASK_COMPLETED") == 4
    assert RUN_ENTRIES == ["T-1"] * 4
    assert calls == ["reserve_inventory"]
    assert attempts_by_activity(history) == {"reserve_inventory": 1, "charge_payment": 1, "create_shipment": 1}


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    # As a learner runs it (on the session's dev server rather than one more).
    assert_output_matches_recorded(MODULE, run_example(MODULE))


def test_the_dev_server_keeps_its_history_in_memory_unless_given_a_file():
    """The dev server the examples start is for development: its help says so, and
    without --db-filename its workflow executions are lost when it stops."""
    proc = subprocess.run(
        [installed_binary("temporal"), "server", "start-dev", "--help"], capture_output=True, text=True, check=True
    )
    text = " ".join(proc.stdout.split())
    assert "The development server is not intended for production use." in text
    assert "--db-filename string Path to file for persistent Temporal state store." in text
    assert "By default, Workflow Executions are lost when the server process dies." in text

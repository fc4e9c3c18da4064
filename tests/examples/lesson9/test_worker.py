"""examples/lesson9/worker.py: the production worker, stopped with SIGTERM and killed with SIGKILL."""

import asyncio
import signal
import uuid
from datetime import timedelta

import aiohttp
import pytest
from temporalio import activity
from temporalio.api.enums.v1 import EventType, TimeoutType
from temporalio.client import Client, WorkflowHistory
from temporalio.worker import Worker

from examples.lesson9.orders import Order, OrderWorkflow, charge_payment
from examples.lesson9.payments import PaymentProvider
from tests.examples.lesson9.conftest import poll_until, python_module
from tests.support.histories import record_history, recording_path
from tests.support.ports import free_port
from tests.support.run_example import Terminal, assert_output_matches_recorded

WORKER = python_module("examples.lesson9.worker")


async def http_get(url: str) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as response,
    ):
        return response.status, await response.text()


async def event_types(client: Client, workflow_id: str) -> list[str]:
    history = await client.get_workflow_handle(workflow_id).fetch_history()
    return [EventType.Name(e.event_type) for e in history.events]


async def _is(response, status: int) -> bool:
    return (await response)[0] == status


async def start_order(client: Client, task_queue: str, order_id: str):
    order = Order(order_id, "Ada Lovelace", "4242 4242 4242 4242", 2500)
    return await client.start_workflow(OrderWorkflow.run, order, id=f"{order_id}-{uuid.uuid4()}", task_queue=task_queue)


async def test_sigterm_finishes_the_activity_in_flight_takes_no_new_task_and_exits_0(
    client, task_queue, worker_env, monkeypatch
):
    # The worker as a learner (or Kubernetes) runs it: in a terminal, until SIGTERM.
    env = {**worker_env, "PAYMENTS_SETTLE_SECONDS": "2"}
    base = f"http://127.0.0.1:{env['HEALTH_PORT']}"
    worker = Terminal("examples.lesson9.worker", env=env)
    try:
        await asyncio.to_thread(worker.wait_for, "worker: polling")

        # Before: alive and ready (ready as soon as it polls and the server answers).
        assert await poll_until(lambda: _is(http_get(base + "/ready"), 200), 10, "/ready 200")
        assert await http_get(base + "/health") == (200, "alive")

        first = await start_order(client, task_queue, "order-1001")
        await asyncio.to_thread(worker.wait_for, "order-1001: charging")  # the activity is in flight

        worker.signal(signal.SIGTERM)
        await asyncio.to_thread(worker.wait_for, "worker: stop requested")
        # During the drain: still alive (Kubernetes must not kill it), no longer ready.
        assert await http_get(base + "/health") == (200, "alive")
        assert await http_get(base + "/ready") == (503, "shutting down")
        # A task that arrives now is not taken by this worker.
        second = await start_order(client, task_queue, "order-1002")

        output = await asyncio.to_thread(worker.finish, 30)  # fails unless it exits 0
    finally:
        worker.kill()
    assert "order-1001: charged (ch_order-1001)" in output
    assert "order-1002" not in output
    # After: the process is gone, and so are its endpoints.
    with pytest.raises(aiohttp.ClientConnectionError):
        await http_get(base + "/health")

    # The server recorded the activity as completed; the second order was never started.
    assert "EVENT_TYPE_ACTIVITY_TASK_COMPLETED" in await event_types(client, first.id)
    assert "EVENT_TYPE_WORKFLOW_TASK_STARTED" not in await event_types(client, second.id)
    provider = PaymentProvider(env["PAYMENTS_DB"])
    assert provider.count("order-1001") == (1, 1)
    assert provider.count("order-1002") == (0, 0)

    # Nothing was lost: the next worker (here, in this process) finishes both orders.
    for name in ("PAYMENT_API_KEY", "PAYMENTS_DB"):
        monkeypatch.setenv(name, env[name])
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow], activities=[charge_payment]):
        assert await first.result() == "order order-1001 for Ada Lovelace: paid (ch_order-1001)"
        assert await second.result() == "order order-1002 for Ada Lovelace: paid (ch_order-1002)"
    assert provider.count("order-1001") == (1, 1)

    assert_output_matches_recorded("examples.lesson9.worker", output)


async def test_sigkill_mid_activity_a_second_worker_finishes_and_charges_exactly_once(
    client, task_queue, worker_env, spawn
):
    # Worker 1's provider never settles the charge: whatever the machine's load, it is
    # still waiting, heartbeating, when it is killed. (With a 3 s settle time, worker 2's
    # start-up under load outlasted it: worker 1 finished, and no attempt 2 ever came.)
    env = {**worker_env, "PAYMENTS_SETTLE_SECONDS": "3600"}
    provider = PaymentProvider(env["PAYMENTS_DB"])
    first = await spawn("worker-1", *WORKER, env=env)
    await first.expect("worker: polling")
    handle = await start_order(client, task_queue, "order-2001")
    await first.expect("order-2001: charging 2500 cents (attempt 1)")
    # Kill it after the provider charged the card but before the activity completed.
    await poll_until(lambda: provider.count("order-2001") == (1, 1), 10, "the charge")

    # Worker 2's provider settles at once: the charge made for attempt 1 is old enough.
    second_env = {**env, "PAYMENTS_SETTLE_SECONDS": "0", "HEALTH_PORT": str(free_port(env["HEALTH_PORT"]))}
    second = await spawn("worker-2", *WORKER, env=second_env)
    await second.expect("worker: polling")
    first.signal(signal.SIGKILL)
    assert await first.wait(timeout=10) == -signal.SIGKILL

    # heartbeat_timeout (2 s) notices the dead worker; the retry runs on worker 2.
    await second.expect("order-2001: charging 2500 cents (attempt 2)", timeout=20)
    assert await asyncio.wait_for(handle.result(), 30) == "order order-2001 for Ada Lovelace: paid (ch_order-2001)"
    # Two charge requests reached the provider, one charge was made: exactly once.
    assert provider.count("order-2001") == (2, 1)

    history = await handle.fetch_history()
    started = [
        e.activity_task_started_event_attributes
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
    ]
    assert [(s.attempt, s.identity.split("@")[0]) for s in started] == [(2, str(second.process.pid))]
    assert not any("order-2001" in line for line in first.lines[2:])  # worker 1 never finished it
    # The quiz draws this run: one activity row, attempt 2 completed, attempt 1 inside the hatched span.
    drawn = await record_history("worker-killed", history, module="examples.lesson9.orders")
    assert [(row.name, [(a.number, a.outcome, a.recorded) for a in row.attempts]) for row in drawn.rows] == [
        ("charge_payment", [(1, "timed out", False), (2, "completed", True)])
    ]
    # Its caption explains the gap after attempt 2 of the recorded run: the next workflow task waited
    # on dead worker 1's sticky queue for the 3-s sticky timeout. The server sends a task there only
    # when it saw that queue polled in the last 10 s (stickyPollerUnavailableWindow, lesson 9 cites
    # it); on a busy machine worker 2 may start too slowly for that, and this run's task goes
    # straight to the shared queue. Both end on worker 2.
    recording = recording_path("examples.lesson9.orders", "worker-killed").read_text(encoding="utf-8")
    assert sticky_timeouts_after_the_activity(WorkflowHistory.from_json(handle.id, recording)) == [
        TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START
    ]
    assert sticky_timeouts_after_the_activity(history) in ([TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START], [])

    second.signal(signal.SIGTERM)
    await second.wait(timeout=30)
    second.assert_clean_exit()


def sticky_timeouts_after_the_activity(history: WorkflowHistory) -> list[int]:
    """The timeout types of the workflow tasks that timed out after the activity completed."""
    completed = max(e.event_id for e in history.events if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
    return [
        e.workflow_task_timed_out_event_attributes.timeout_type
        for e in history.events
        if e.event_id > completed and e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT
    ]


# The default graceful_shutdown_timeout is zero: shutdown cancels the activity at once.
@activity.defn(name="slow_step")
async def slow_step() -> str:
    STEP_STARTED.set()
    try:
        await asyncio.sleep(2)
    except asyncio.CancelledError:
        OUTCOMES.append("canceled" if activity.cancellation_details().worker_shutdown else "canceled?")
        raise
    OUTCOMES.append("finished")
    return "done"


STEP_STARTED = asyncio.Event()
OUTCOMES: list[str] = []


@pytest.mark.parametrize(
    ("options", "outcome"),
    [({}, "canceled"), ({"graceful_shutdown_timeout": timedelta(seconds=10)}, "finished")],
    ids=["default-zero", "graceful-10s"],
)
async def test_graceful_shutdown_timeout_default_is_zero(client, task_queue, options, outcome):
    from tests.examples.lesson9.slow_workflow import SlowWorkflow

    STEP_STARTED.clear()
    OUTCOMES.clear()
    worker = Worker(client, task_queue=task_queue, workflows=[SlowWorkflow], activities=[slow_step], **options)
    async with worker:
        await client.start_workflow(SlowWorkflow.run, id=f"slow-{uuid.uuid4()}", task_queue=task_queue)
        await asyncio.wait_for(STEP_STARTED.wait(), 10)
    assert [outcome] == OUTCOMES


def test_python_has_no_worker_sessions():
    # Go's worker.Options{EnableSessionWorker: true} and workflow.CreateSession have
    # no Python counterpart: no worker option, and nothing named "session" in the
    # worker or workflow API.
    import inspect

    import temporalio.worker
    import temporalio.workflow

    assert not [p for p in inspect.signature(temporalio.worker.Worker).parameters if "session" in p.lower()]
    for module in (temporalio.worker, temporalio.workflow):
        assert not [name for name in dir(module) if "session" in name.lower()]

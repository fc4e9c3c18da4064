"""examples/lesson9/dev_server.sh: a dev server with --db-filename survives SIGKILL; one without loses everything.

The test runs the script itself (its own server on free ports, killed at the
end whatever happens), starts a workflow that is waiting on a timer, kills the
server with SIGKILL, restarts it on the same database file, and checks that the
same run completes with its history intact and its first activity not re-run.
"""

import asyncio
import signal
import uuid
from pathlib import Path

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode
from temporalio.worker import Worker

from examples.lesson9 import reminder
from examples.lesson9.reminder import Reminder, ReminderWorkflow
from tests.examples.lesson9.conftest import poll_until, start_dev_server
from tests.support.histories import record_history
from tests.support.ports import free_port

TIMER_SECONDS = 4


async def event_types(handle) -> list[str]:
    return [EventType.Name(e.event_type) for e in (await handle.fetch_history()).events]


async def run_until_timer_then_kill(spawn, db_file: Path | None, calls: list[str]):
    port = free_port()
    server, client = await start_dev_server(spawn, port, db_file)
    task_queue = f"reminders-{uuid.uuid4()}"
    async with Worker(client, task_queue=task_queue, workflows=[ReminderWorkflow], activities=[counted(calls)]):
        handle = await client.start_workflow(
            ReminderWorkflow.run,
            Reminder("order-42", TIMER_SECONDS),
            id=f"reminder-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        await poll_until(lambda: _has(event_types(handle), "EVENT_TYPE_TIMER_STARTED"), 10, "the timer to start")
    before = await event_types(handle)
    run_id = (await handle.describe()).run_id

    server.signal(signal.SIGKILL)  # no shutdown, no flush: a crash
    assert await server.wait(timeout=10) == -signal.SIGKILL
    return port, task_queue, handle.id, run_id, before


def counted(calls: list[str]):
    """The lesson's notify activity, counting its executions."""
    from temporalio import activity

    @activity.defn(name="notify")
    async def notify(message: str) -> str:
        calls.append(message)
        return await reminder.notify(message)

    return notify


async def _has(events, name: str) -> bool:
    return name in await events


async def test_workflow_waiting_on_a_timer_survives_sigkill_of_the_server(spawn, tmp_path):
    calls: list[str] = []
    db_file = tmp_path / "temporal.db"
    port, task_queue, workflow_id, run_id, before = await run_until_timer_then_kill(spawn, db_file, calls)
    assert before[-1] == "EVENT_TYPE_TIMER_STARTED"
    assert db_file.stat().st_size > 0

    # Same file, same port: a new server process.
    _, client = await start_dev_server(spawn, port, db_file)
    handle = client.get_workflow_handle(workflow_id)
    description = await handle.describe()
    assert description.run_id == run_id and description.status == WorkflowExecutionStatus.RUNNING
    assert (await event_types(handle))[: len(before)] == before  # history intact

    async with Worker(client, task_queue=task_queue, workflows=[ReminderWorkflow], activities=[counted(calls)]):
        result = await asyncio.wait_for(handle.result(), TIMER_SECONDS + 20)
    assert result == ["sent 'order-42 received'", "sent 'order-42: please pay'"]
    assert "EVENT_TYPE_TIMER_FIRED" in await event_types(handle)
    # Each activity ran exactly once: the first one was not re-run after the crash.
    assert calls == ["order-42 received", "order-42: please pay"]
    # Lesson 9 draws this run: the crash and the restart fall inside the timer's bar.
    drawn = await record_history("server-killed", handle, module="examples.lesson9.reminder")
    assert [(row.kind, row.outcome, len(row.attempts)) for row in drawn.rows] == [
        ("activity", "completed", 1),
        ("timer", "fired", 1),
        ("activity", "completed", 1),
    ]


async def test_without_a_database_file_the_workflow_is_gone(spawn):
    port, _, workflow_id, _, _ = await run_until_timer_then_kill(spawn, None, [])
    _, client = await start_dev_server(spawn, port, None)
    with pytest.raises(RPCError) as lost:
        await client.get_workflow_handle(workflow_id).describe()
    assert lost.value.status == RPCStatusCode.NOT_FOUND

"""examples/lesson2/timeouts.py: what each activity timeout does, on a real server."""

import asyncio
import time
import uuid

import pytest
from temporalio import activity
from temporalio.api.enums.v1 import EventType, TimeoutType
from temporalio.client import WorkflowFailureError
from temporalio.exceptions import ActivityError, RetryState, TimeoutError
from temporalio.exceptions import TimeoutType as ExcTimeoutType
from temporalio.worker import Worker

from examples.lesson2.timeouts import (
    NoTimeoutWorkflow,
    ShipmentRequest,
    ShipmentWorkflow,
    book_carrier,
    first_task_failure,
    status,
)
from tests.support.run_example import assert_output_matches_recorded, run_example

MODULE = "examples.lesson2.timeouts"


async def test_an_attempt_over_its_start_to_close_timeout_is_retried(client, task_queue):
    async with Worker(client, task_queue=task_queue, workflows=[ShipmentWorkflow], activities=[book_carrier]):
        handle = await client.start_workflow(
            ShipmentWorkflow.run, ShipmentRequest("T-1", 1), id=f"s-{uuid.uuid4()}", task_queue=task_queue
        )
        assert await handle.result() == "ship-T-1 (attempt 2)"
    [started] = [
        e.activity_task_started_event_attributes
        for e in (await handle.fetch_history()).events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
    ]
    assert started.attempt == 2
    assert started.last_failure.timeout_failure_info.timeout_type == TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE


async def test_a_timed_out_attempt_is_not_stopped_it_keeps_running(client, task_queue):
    """Temporal times the attempt out on the server; the worker is not told (no
    heartbeats), so attempt 1 runs to its end while attempt 2 has already succeeded."""
    finished: list[int] = []

    @activity.defn(name="book_carrier")
    async def recording(request: ShipmentRequest) -> str:
        result = await book_carrier(request)
        finished.append(activity.info().attempt)
        return result

    async with Worker(client, task_queue=task_queue, workflows=[ShipmentWorkflow], activities=[recording]):
        result = await client.execute_workflow(
            ShipmentWorkflow.run, ShipmentRequest("T-2", 1), id=f"s-{uuid.uuid4()}", task_queue=task_queue
        )
        assert result == "ship-T-2 (attempt 2)"
        assert finished == [2]
        async with asyncio.timeout(10):
            while finished != [2, 1]:
                await asyncio.sleep(0.1)


async def test_the_schedule_to_close_timeout_bounds_all_attempts(client, task_queue):
    async with Worker(client, task_queue=task_queue, workflows=[ShipmentWorkflow], activities=[book_carrier]):
        started = time.monotonic()
        with pytest.raises(WorkflowFailureError) as failure:
            await client.execute_workflow(
                ShipmentWorkflow.run, ShipmentRequest("T-3", 99), id=f"s-{uuid.uuid4()}", task_queue=task_queue
            )
        elapsed = time.monotonic() - started
    error = failure.value.cause
    assert isinstance(error, ActivityError)
    assert error.retry_state == RetryState.TIMEOUT
    assert isinstance(error.cause, TimeoutError)
    assert error.cause.type == ExcTimeoutType.SCHEDULE_TO_CLOSE
    # It gave up before the 4 s were over: attempt 3 and the 2 s wait before it
    # could not fit in what was left after attempts 1 and 2 (1 s each, 1 s between).
    assert elapsed < 3.9
    assert str(error.cause).startswith("Not enough time to schedule next retry")


async def test_an_activity_call_without_a_timeout_fails_the_task_and_the_workflow_waits(client, task_queue):
    async with Worker(client, task_queue=task_queue, workflows=[NoTimeoutWorkflow], activities=[book_carrier]):
        handle = await client.start_workflow(
            NoTimeoutWorkflow.run, ShipmentRequest("T-4", 0), id=f"s-{uuid.uuid4()}", task_queue=task_queue
        )
        message = await first_task_failure(handle)
        assert message == "Activity must have start_to_close_timeout or schedule_to_close_timeout"
        assert await status(handle) == "RUNNING"
        await handle.terminate()


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    assert_output_matches_recorded(MODULE, run_example(MODULE))

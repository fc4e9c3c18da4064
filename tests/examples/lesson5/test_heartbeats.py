"""examples/lesson5/heartbeats.py against a real Temporal server."""

import uuid

from temporalio.worker import Worker

from examples.lesson5.heartbeats import Packing, PackingWorkflow, pack_items
from tests.support.histories import record_history
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    """An attempt that stops heartbeating is timed out by heartbeat_timeout (2 s) long before its
    start_to_close_timeout (10 min), and the next attempt reads the last heartbeat's details."""
    module = "examples.lesson5.heartbeats"
    assert_output_matches_recorded(module, run_example(module, timeout=60))


async def test_the_stuck_attempt_is_timed_out_by_its_heartbeat_and_the_next_one_resumes(client, task_queue, capsys):
    """The run Lesson 5 draws: attempt 1 timed out by heartbeat_timeout (not start_to_close),
    attempt 2 completed, resuming after the two items attempt 1 reported."""
    packing = Packing("H-1", ["book", "lamp", "mug", "scarf"])
    async with Worker(client, task_queue=task_queue, workflows=[PackingWorkflow], activities=[pack_items]):
        handle = await client.start_workflow(
            PackingWorkflow.run, packing, id=f"packing-{uuid.uuid4()}", task_queue=task_queue
        )
        assert await handle.result() == "H-1: 4 items packed"
    assert "attempt 2: resuming after 2 items" in capsys.readouterr().out
    drawn = await record_history("heartbeat-timeout", handle)
    [row] = drawn.rows
    assert [(a.number, a.outcome, a.timeout_type) for a in row.attempts] == [
        (1, "timed out", "heartbeat"),
        (2, "completed", None),
    ]
    # Well under the 10-minute start_to_close_timeout: the 2-second heartbeat timeout ended attempt 1.
    assert row.closed is not None and row.closed - row.scheduled < 60 * 10**9  # nanoseconds

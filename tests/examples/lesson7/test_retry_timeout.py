"""examples/lesson7/retry_timeout.py: attempt 1 times out after its write, attempt 2 writes again."""

import uuid

from temporalio.worker import Worker

from examples.lesson7 import retry_timeout
from examples.lesson7.retry_timeout import AddCreditsWorkflow, add_credits
from tests.support.histories import record_history
from tests.support.run_example import assert_output_matches_recorded, run_example

SECOND = 1_000_000_000  # the recording's times are nanoseconds since the workflow started


async def test_attempt_1_times_out_and_attempt_2_completes(client, task_queue, monkeypatch):
    """The timeline of quiz part 3, Q3: one activity row, two attempts."""
    monkeypatch.setattr(retry_timeout, "CREDITS", {})
    async with Worker(client, task_queue=task_queue, workflows=[AddCreditsWorkflow], activities=[add_credits]):
        handle = await client.start_workflow(
            AddCreditsWorkflow.run, "u-1", id=f"credits-{uuid.uuid4()}", task_queue=task_queue
        )
        assert await handle.result() == 200, "both attempts wrote"
    run = await record_history("timeout-then-retry", handle)

    assert run.outcome == "completed"
    [row] = run.rows
    assert row.name == "add_credits"
    assert [(a.number, a.outcome, a.timeout_type, a.recorded) for a in row.attempts] == [
        (1, "timed out", "start-to-close", False),  # known from attempt 2's lastFailure
        (2, "completed", None, True),
    ]
    # attempt 2 started after attempt 1's 1-s timeout and the 0.5-s retry interval
    assert row.started - row.scheduled >= 1.5 * SECOND


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    module = "examples.lesson7.retry_timeout"
    assert_output_matches_recorded(module, run_example(module))

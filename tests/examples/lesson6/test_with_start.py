"""examples/lesson6/with_start.py against a real Temporal server."""

import uuid

from temporalio.api.enums.v1 import EventType

from examples.lesson6.approval import ApprovalRequest, ApprovalWorkflow, Decision
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    module = "examples.lesson6.with_start"
    assert_output_matches_recorded(module, run_example(module))


async def test_signal_with_start_on_an_open_run_signals_it_and_starts_nothing(client, task_queue):
    """Two signal-with-start calls for one id (no worker, so the run stays open): the same run,
    signalled twice."""
    workflow_id = f"approval-T-9-{uuid.uuid4()}"
    handles = [
        await client.start_workflow(
            ApprovalWorkflow.run,
            ApprovalRequest("T-9", 100, 60),
            id=workflow_id,
            task_queue=task_queue,
            start_signal="decide",
            start_signal_args=[Decision(approved=True, by=who)],
        )
        for who in ("ana", "ben")
    ]
    assert handles[0].result_run_id == handles[1].result_run_id
    events = [EventType.Name(e.event_type) async for e in handles[0].fetch_history_events()]
    assert events.count("EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED") == 2
    assert events.count("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED") == 1
    await handles[0].terminate()

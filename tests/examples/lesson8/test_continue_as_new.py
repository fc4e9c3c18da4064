"""examples/lesson8/continue_as_new.py: the loop continues as new and keeps its state.

- bounded loop, on the time-skipping server (one check a minute, skipped);
- ``is_continue_as_new_suggested()``, on a dev server that suggests it after
  40 events (``limits_server``);
- the naive loop on that server is terminated at its (lowered) history limit.
"""

import uuid

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import TerminatedError
from temporalio.worker import Worker

from examples.lesson8.continue_as_new import (
    MonitorState,
    MonitorWorkflow,
    NaiveMonitorWorkflow,
    check_status,
    runs_of,
)
from tests.examples.lesson8.conftest import HISTORY_COUNT_LIMIT, SUGGEST_CONTINUE_AS_NEW_AT
from tests.support.run_example import assert_output_matches_recorded, run_example


async def test_bounded_loop_continues_as_new_and_carries_its_state(time_env, task_queue):
    client = time_env.client
    state = MonitorState("payments-api", interval_seconds=60, checks_per_run=10, stop_after=25)
    async with Worker(client, task_queue=task_queue, workflows=[MonitorWorkflow], activities=[check_status]):
        handle = await client.start_workflow(
            MonitorWorkflow.run, state, id=f"monitor-{uuid.uuid4()}", task_queue=task_queue
        )
        result = await handle.result()

        assert await runs_of(client, handle.id, handle.first_execution_run_id) == [
            (10, "CONTINUED_AS_NEW"),
            (10, "CONTINUED_AS_NEW"),
            (5, "COMPLETED"),
        ]
        # The second run started from the first run's state.
        first = await client.get_workflow_handle(handle.id, run_id=handle.first_execution_run_id).fetch_history()
        continued = first.events[-1].workflow_execution_continued_as_new_event_attributes
        carried = client.data_converter.payload_converter.from_payload(continued.input.payloads[0], MonitorState)
    assert (carried.checks_done, carried.failures_seen, carried.runs) == (10, 3, 2)
    # ...and the last run ended with the whole chain's totals: checks 3, 6, ..., 24 failed.
    assert (result.checks_done, result.failures_seen, result.runs) == (25, 8, 3)


async def test_continues_as_new_when_the_server_suggests_it(limits_server, task_queue):
    client = limits_server.client
    # No per-run bound (500): only the server's suggestion can end a run early.
    state = MonitorState("payments-api", interval_seconds=0.01, stop_after=12)
    async with Worker(client, task_queue=task_queue, workflows=[MonitorWorkflow], activities=[check_status]):
        handle = await client.start_workflow(
            MonitorWorkflow.run, state, id=f"monitor-{uuid.uuid4()}", task_queue=task_queue
        )
        result = await handle.result()

        run_ids, run_id = [], handle.first_execution_run_id
        while run_id:
            history = await client.get_workflow_handle(handle.id, run_id=run_id).fetch_history()
            run_ids.append((run_id, len(history.events), EventType.Name(history.events[-1].event_type)))
            run_id = history.events[-1].workflow_execution_continued_as_new_event_attributes.new_execution_run_id

    assert len(run_ids) >= 3
    for _, length, ending in run_ids[:-1]:
        assert ending == "EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW"
        # Suggested once the history passed 40 events; the run ended at its next check.
        assert SUGGEST_CONTINUE_AS_NEW_AT < length <= SUGGEST_CONTINUE_AS_NEW_AT + 12
    assert (result.checks_done, result.runs) == (12, len(run_ids))


async def test_the_naive_loop_is_terminated_at_the_history_limit(limits_server, task_queue):
    client = limits_server.client
    state = MonitorState("payments-api", interval_seconds=0.01, stop_after=30)  # about 330 events
    async with Worker(client, task_queue=task_queue, workflows=[NaiveMonitorWorkflow], activities=[check_status]):
        handle = await client.start_workflow(
            NaiveMonitorWorkflow.run, state, id=f"naive-{uuid.uuid4()}", task_queue=task_queue
        )
        try:
            await handle.result()
            raise AssertionError("the naive loop should have been terminated")
        except WorkflowFailureError as err:
            assert isinstance(err.cause, TerminatedError)

    assert (await handle.describe()).status == WorkflowExecutionStatus.TERMINATED
    history = await handle.fetch_history()
    terminated = history.events[-1].workflow_execution_terminated_event_attributes
    assert terminated.reason == "Workflow history count exceeds limit."
    assert len(history.events) == HISTORY_COUNT_LIMIT + 1


def test_example_continues_as_new_once():
    output = run_example("examples.lesson8.continue_as_new")
    assert "run 1: 2 check(s), then continued as new" in output
    assert_output_matches_recorded("examples.lesson8.continue_as_new", output)

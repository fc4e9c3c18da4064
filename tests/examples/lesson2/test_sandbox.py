"""examples/lesson2/sandbox.py: the sandbox refuses non-deterministic calls; the
workflow module's replacements give the same values again on replay."""

import uuid
from datetime import timedelta

from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus
from temporalio.worker import Worker

from examples.lesson2.sandbox import (
    FORBIDDEN,
    Confirmation,
    ConfirmationWorkflow,
    ForbiddenCallWorkflow,
    NaiveConfirmationWorkflow,
    Order,
    first_task_failure,
    read_orders_file,
    start,
    status,
)

# This module defines a sandboxed workflow, so the sandbox re-imports it: let
# the test tools through instead of re-importing them there.
with workflow.unsafe.imports_passed_through():
    import pytest

    from tests.support.run_example import assert_output_matches_recorded, run_example

MODULE = "examples.lesson2.sandbox"
ORDER = Order("T-1", "t@example.com", 4200)


@workflow.defn(name="NaiveConfirmationWorkflow")
class FixedConfirmationWorkflow(ConfirmationWorkflow):
    """The fix, deployed under the naive workflow's name."""

    @workflow.run
    async def run(self, order: Order) -> Confirmation:
        return await super().run(order)


async def test_a_refused_call_fails_the_task_not_the_workflow_until_fixed_code_runs_it(client, task_queue):
    """datetime.now() in a workflow: RestrictedWorkflowAccessError fails the workflow
    task; the workflow stays RUNNING, and a worker with fixed code then completes
    the same execution."""
    async with Worker(client, task_queue=task_queue, workflows=[NaiveConfirmationWorkflow]):
        handle = await start(client, task_queue, NaiveConfirmationWorkflow.run, ORDER)
        assert (
            await first_task_failure(handle) == "Cannot access datetime.datetime.now.__call__ from inside a workflow."
        )
        assert await status(handle) == "RUNNING"
    async with Worker(client, task_queue=task_queue, workflows=[FixedConfirmationWorkflow]):
        confirmation = await handle.result()
    assert confirmation.order_id == "T-1" and len(confirmation.confirmation_code) == 8
    assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED


@pytest.mark.parametrize("call", FORBIDDEN)
async def test_the_sandbox_refuses_the_call(client, task_queue, call):
    name = {"open('orders.csv')": "__builtins__.open"}.get(call, call.split("(")[0] + ".__call__")
    async with Worker(client, task_queue=task_queue, workflows=[ForbiddenCallWorkflow]):
        handle = await start(client, task_queue, ForbiddenCallWorkflow.run, call)
        assert await first_task_failure(handle) == f"Cannot access {name} from inside a workflow."
        await handle.terminate()


def test_outside_a_workflow_the_same_calls_work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "orders.csv").write_text("A-1001\n")
    assert read_orders_file() == "A-1001\n"
    for call in FORBIDDEN.values():
        if call is not read_orders_file:
            call()


SEEN: list[tuple] = []


@workflow.defn(sandboxed=False)
class RecordsItsValues:
    @workflow.run
    async def run(self) -> None:
        SEEN.append((workflow.now(), workflow.uuid4(), workflow.random().random()))
        await workflow.sleep(timedelta(seconds=1))


async def test_workflow_now_uuid4_and_random_give_the_same_values_on_replay(client, task_queue):
    """With no workflow cache, the second workflow task replays run() from the top:
    workflow.now(), workflow.uuid4() and workflow.random() return what they
    returned the first time."""
    SEEN.clear()
    async with Worker(client, task_queue=task_queue, workflows=[RecordsItsValues], max_cached_workflows=0):
        await client.execute_workflow(RecordsItsValues.run, id=f"v-{uuid.uuid4()}", task_queue=task_queue)
    assert len(SEEN) == 2  # run() entered once per workflow task
    assert SEEN[0] == SEEN[1]
    assert SEEN[0][0].utcoffset() == timedelta(0)  # workflow.now() is in UTC


async def test_the_deterministic_workflow_completes_after_its_durable_timer(client, task_queue):
    async with Worker(client, task_queue=task_queue, workflows=[ConfirmationWorkflow]):
        handle = await start(client, task_queue, ConfirmationWorkflow.run, ORDER)
        confirmation = await handle.result()
    events = [e.event_type for e in (await handle.fetch_history()).events]
    assert EventType.EVENT_TYPE_TIMER_FIRED in events  # workflow.sleep is a timer in the history
    assert confirmation.placed_at.endswith("+00:00")


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    assert_output_matches_recorded(MODULE, run_example(MODULE))

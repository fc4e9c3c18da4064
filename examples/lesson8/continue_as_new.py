"""Lesson 8, quiz question 7: a loop continues as new before its history grows too big.

Every timer and activity adds events to the workflow's history (about 11 per
iteration of the loop below). The server terminates a run whose history passes
51,200 events or 50 MiB, and suggests continuing as new from 4,096 events or
4 MiB (Temporal Server 1.32 defaults). ``workflow.continue_as_new(state)`` ends
the run and starts a new run of the same workflow (same workflow id, fresh
history) with ``state`` as its input.

A real monitor checks every minute and never stops. So that it can be watched,
``main()`` checks every second, allows 2 checks per run and stops after 3.

Run it: python -m examples.lesson8.continue_as_new
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


# region: state
@dataclass
class MonitorState:
    """Everything the next run needs: it is the input of continue_as_new."""

    service: str
    interval_seconds: float = 60
    checks_per_run: int = 500
    stop_after: int | None = None  # None: run for ever
    checks_done: int = 0
    failures_seen: int = 0
    runs: int = 1


# endregion: state


@dataclass
class StatusCheck:
    service: str
    check_number: int


@activity.defn
async def check_status(check: StatusCheck) -> bool:
    return check.check_number % 3 != 0  # simulated: every 3rd check finds it down


# region: monitor
@workflow.defn
class MonitorWorkflow:
    @workflow.run
    async def run(self, state: MonitorState) -> MonitorState:
        checks_this_run = 0
        while state.stop_after is None or state.checks_done < state.stop_after:
            # Continue as new when the server suggests it (history near its
            # limits), or after a fixed number of iterations, whichever first.
            if (
                checks_this_run == state.checks_per_run
                or workflow.info().is_continue_as_new_suggested()
            ):
                state.runs += 1
                workflow.continue_as_new(state)  # raises: this run ends here

            await workflow.sleep(timedelta(seconds=state.interval_seconds))
            healthy = await workflow.execute_activity(
                check_status,
                StatusCheck(state.service, state.checks_done + 1),
                start_to_close_timeout=timedelta(seconds=10),
            )
            state.checks_done += 1
            state.failures_seen += not healthy
            checks_this_run += 1
        return state


# endregion: monitor


# region: naive
# ❌ The same loop without continue-as-new: one run, one ever-growing history.
# At 1 check a minute it reaches the 51,200-event limit in about 3 days, and
# the server terminates it ("Workflow history count exceeds limit.").
@workflow.defn
class NaiveMonitorWorkflow:
    @workflow.run
    async def run(self, state: MonitorState) -> MonitorState:
        while state.stop_after is None or state.checks_done < state.stop_after:
            await workflow.sleep(timedelta(seconds=state.interval_seconds))
            healthy = await workflow.execute_activity(
                check_status,
                StatusCheck(state.service, state.checks_done + 1),
                start_to_close_timeout=timedelta(seconds=10),
            )
            state.checks_done += 1
            state.failures_seen += not healthy
        return state


# endregion: naive


async def runs_of(
    client: Client, workflow_id: str, first_run_id: str
) -> list[tuple[int, str]]:
    """Follow a continue-as-new chain: (checks done, how it ended) for each run."""
    runs, run_id = [], first_run_id
    while run_id:
        history = await client.get_workflow_handle(
            workflow_id, run_id=run_id
        ).fetch_history()
        checks = sum(
            e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
            for e in history.events
        )
        last = history.events[-1]
        runs.append(
            (
                checks,
                EventType.Name(last.event_type).removeprefix(
                    "EVENT_TYPE_WORKFLOW_EXECUTION_"
                ),
            )
        )
        continued = last.workflow_execution_continued_as_new_event_attributes
        run_id = continued.new_execution_run_id
    return runs


async def main() -> None:
    async with temporal_client() as client:
        task_queue = f"lesson8-monitor-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[MonitorWorkflow],
            activities=[check_status],
        ):
            state = MonitorState(
                "payments-api", interval_seconds=1, checks_per_run=2, stop_after=3
            )
            handle = await client.start_workflow(
                MonitorWorkflow.run,
                state,
                id=f"monitor-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            result = await handle.result()  # follows the chain of runs to the last one

            for number, (checks, ending) in enumerate(
                await runs_of(client, handle.id, handle.first_execution_run_id or ""), 1
            ):
                print(
                    f"run {number}: {checks} check(s),"
                    f" then {ending.lower().replace('_', ' ')}"
                )
            print(
                f"result: {result.checks_done} checks in {result.runs} runs,"
                f" {result.failures_seen} failure(s) seen"
            )


if __name__ == "__main__":
    asyncio.run(main())

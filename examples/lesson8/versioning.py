"""Lesson 8, quiz question 6: changing a workflow that has runs in flight, with patching.

A worker replays a workflow's history through the *current* code whenever it
has to rebuild the workflow's state (after a restart, or when the workflow left
its cache). If the new code issues different commands than the history
recorded, replay fails with a non-determinism error and the run is stuck.

Python's tool for this is ``workflow.patched()`` (Go: ``workflow.GetVersion``),
in three deployments:

1. ``if workflow.patched("add-fraud-check"):`` new code in the branch, the old
   behaviour in the other (or none);
2. once no run started before step 1 is open: ``workflow.deprecate_patch(...)``
   and the new code only;
3. once no run started before step 2 is open: remove the patch call.

Each class below is one deployment of the same workflow type, "OrderWorkflow".
``main()`` records a real history from each deployment and replays it with
every later one, as a replay test in CI does.

Run it: python -m examples.lesson8.versioning
"""

import asyncio
import logging
import uuid
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client, WorkflowHistory
from temporalio.runtime import (
    LogForwardingConfig,
    LoggingConfig,
    Runtime,
    TelemetryConfig,
)
from temporalio.worker import Replayer, Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@activity.defn
async def validate_order(order_id: str) -> None:
    pass


@activity.defn
async def check_fraud(order_id: str) -> None:
    pass


@activity.defn
async def charge_payment(order_id: str) -> str:
    return f"payment-{order_id}"


TIMEOUT = timedelta(seconds=10)


# region: v1
# In production, with runs in flight.
@workflow.defn(name="OrderWorkflow")
class OrderWorkflowV1:
    @workflow.run
    async def run(self, order_id: str) -> str:
        await workflow.execute_activity(
            validate_order, order_id, start_to_close_timeout=TIMEOUT
        )
        return await workflow.execute_activity(
            charge_payment, order_id, start_to_close_timeout=TIMEOUT
        )


# endregion: v1


# region: unsafe
# ❌ The new activity inserted as is: the history of a run started by V1 has
# no check_fraud, so replaying it here fails.
@workflow.defn(name="OrderWorkflow")
class OrderWorkflowUnsafe:
    @workflow.run
    async def run(self, order_id: str) -> str:
        await workflow.execute_activity(
            validate_order, order_id, start_to_close_timeout=TIMEOUT
        )
        await workflow.execute_activity(
            check_fraud, order_id, start_to_close_timeout=TIMEOUT
        )
        return await workflow.execute_activity(
            charge_payment, order_id, start_to_close_timeout=TIMEOUT
        )


# endregion: unsafe


# region: patched
# ✅ Stage 1. patched() is True in a new run (and records a marker in its
# history), True when replaying a run that has the marker, and False when
# replaying a run started before the patch: old runs keep the old path.
@workflow.defn(name="OrderWorkflow")
class OrderWorkflowPatched:
    @workflow.run
    async def run(self, order_id: str) -> str:
        await workflow.execute_activity(
            validate_order, order_id, start_to_close_timeout=TIMEOUT
        )
        if workflow.patched("add-fraud-check"):
            await workflow.execute_activity(
                check_fraud, order_id, start_to_close_timeout=TIMEOUT
            )
        return await workflow.execute_activity(
            charge_payment, order_id, start_to_close_timeout=TIMEOUT
        )


# endregion: patched


# region: deprecated
# Stage 2, when no run started before stage 1 is still open: the old path is
# gone. deprecate_patch() still replays runs started by stage 1 (their history
# has the marker); new runs record the marker flagged "deprecated", which code
# without any patch call skips when it replays them.
@workflow.defn(name="OrderWorkflow")
class OrderWorkflowDeprecated:
    @workflow.run
    async def run(self, order_id: str) -> str:
        await workflow.execute_activity(
            validate_order, order_id, start_to_close_timeout=TIMEOUT
        )
        workflow.deprecate_patch("add-fraud-check")
        await workflow.execute_activity(
            check_fraud, order_id, start_to_close_timeout=TIMEOUT
        )
        return await workflow.execute_activity(
            charge_payment, order_id, start_to_close_timeout=TIMEOUT
        )


# endregion: deprecated


# region: final
# Stage 3, when no run started before stage 2 is still open: no patch at all.
@workflow.defn(name="OrderWorkflow")
class OrderWorkflowFinal:
    @workflow.run
    async def run(self, order_id: str) -> str:
        await workflow.execute_activity(
            validate_order, order_id, start_to_close_timeout=TIMEOUT
        )
        await workflow.execute_activity(
            check_fraud, order_id, start_to_close_timeout=TIMEOUT
        )
        return await workflow.execute_activity(
            charge_payment, order_id, start_to_close_timeout=TIMEOUT
        )


# endregion: final


DEPLOYMENTS = [
    OrderWorkflowV1,
    OrderWorkflowUnsafe,
    OrderWorkflowPatched,
    OrderWorkflowDeprecated,
    OrderWorkflowFinal,
]


# region: record
async def record_history(
    client: Client, workflow_class: type, order_id: str
) -> WorkflowHistory:
    """Run the workflow to completion with this code and return its event history."""
    task_queue = f"lesson8-versioning-{uuid.uuid4()}"
    activities = [validate_order, check_fraud, charge_payment]
    async with Worker(
        client, task_queue=task_queue, workflows=[workflow_class], activities=activities
    ):
        handle = await client.start_workflow(
            "OrderWorkflow",
            order_id,
            id=f"order-{order_id}-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        await handle.result()
    return await handle.fetch_history()


# endregion: record


# region: replay
async def replay(history: WorkflowHistory, workflow_class: type) -> str:
    """Replay a recorded history with this code: "ok", or the error's type."""
    result = await Replayer(workflows=[workflow_class]).replay_workflow(
        history, raise_on_replay_failure=False
    )
    return (
        "ok" if result.replay_failure is None else type(result.replay_failure).__name__
    )


# endregion: replay


async def main() -> None:
    # The replayer would also log each failure below as a warning, with its
    # whole stack: keep only the SDK core's errors, in Python's logging.
    core_logs = LogForwardingConfig(logger=logging.getLogger("temporalio.core"))
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=LoggingConfig("ERROR", core_logs)))
    )

    async with temporal_client() as client:
        for recorded_by in [
            OrderWorkflowV1,
            OrderWorkflowPatched,
            OrderWorkflowDeprecated,
        ]:
            history = await record_history(client, recorded_by, "A-1")
            print(f"history of a run started by {recorded_by.__name__}, replayed by:")
            for replayed_by in DEPLOYMENTS[DEPLOYMENTS.index(recorded_by) :]:
                print(
                    f"  {replayed_by.__name__:24} {await replay(history, replayed_by)}"
                )


if __name__ == "__main__":
    asyncio.run(main())

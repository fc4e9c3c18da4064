"""A one-activity workflow for the shutdown tests (its own module: the sandbox re-imports workflow files)."""

from datetime import timedelta

from temporalio import workflow


@workflow.defn
class SlowWorkflow:
    @workflow.run
    async def run(self) -> str:
        return await workflow.execute_activity("slow_step", start_to_close_timeout=timedelta(seconds=30))

"""The Temporal fixtures start real servers from the installed binaries."""

from datetime import timedelta

from temporalio import workflow
from temporalio.worker import Worker


@workflow.defn
class SleepOneDay:
    @workflow.run
    async def run(self) -> str:
        await workflow.sleep(timedelta(days=1))
        return "woke up"


async def test_dev_server_answers_health_check(client):
    assert await client.service_client.check_health()


async def test_time_skipping_server_skips_a_day(time_env, task_queue):
    async with Worker(time_env.client, task_queue=task_queue, workflows=[SleepOneDay]):
        before = await time_env.get_current_time()
        result = await time_env.client.execute_workflow(
            SleepOneDay.run, id=f"sleep-{task_queue}", task_queue=task_queue
        )
        after = await time_env.get_current_time()
    assert result == "woke up"
    assert after - before >= timedelta(days=1)

"""examples/lesson8/parallel.py: independent activities run at the same time only when started together."""

import asyncio
import uuid
from datetime import timedelta

from temporalio import activity
from temporalio.worker import Worker

from examples.lesson8.parallel import (
    ParallelNotifications,
    SequentialNotifications,
    scheduling,
    send_email,
    send_sms,
)
from tests.support.run_example import assert_output_matches_recorded, run_example


async def test_sequential_awaits_schedule_one_activity_after_the_other(client, task_queue):
    async with Worker(
        client, task_queue=task_queue, workflows=[SequentialNotifications], activities=[send_email, send_sms]
    ):
        handle = await client.start_workflow(
            SequentialNotifications.run, "A-1", id=f"seq-{uuid.uuid4()}", task_queue=task_queue
        )
        await handle.result()
    assert scheduling(await handle.fetch_history()) == [["send_email"], ["send_sms"]]


async def test_gather_runs_both_activities_at_the_same_time(client, task_queue):
    both_running = asyncio.Barrier(2)  # passes only once both activities are inside it

    @activity.defn(name="send_email")
    async def email_waiting_for_sms(order_id: str) -> None:
        await asyncio.wait_for(both_running.wait(), timeout=5)

    @activity.defn(name="send_sms")
    async def sms_waiting_for_email(order_id: str) -> None:
        await asyncio.wait_for(both_running.wait(), timeout=5)

    activities = [email_waiting_for_sms, sms_waiting_for_email]
    async with Worker(client, task_queue=task_queue, workflows=[ParallelNotifications], activities=activities):
        handle = await client.start_workflow(
            ParallelNotifications.run,
            "A-1",
            id=f"par-{uuid.uuid4()}",
            task_queue=task_queue,
            execution_timeout=timedelta(seconds=15),  # sequential activities would time out and retry until then
        )
        await handle.result()
    assert scheduling(await handle.fetch_history()) == [["send_email", "send_sms"]]


def test_example_shows_both_schedules():
    output = run_example("examples.lesson8.parallel")
    assert_output_matches_recorded("examples.lesson8.parallel", output)

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
from tests.support.histories import record_history
from tests.support.run_example import assert_output_matches_recorded, run_example

SECOND = 1_000_000_000  # the recordings' times are nanoseconds since the workflow started


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


async def test_recorded_runs_take_the_sum_sequentially_and_the_slowest_in_parallel(client, task_queue):
    """The timelines of quiz part 3, Q1: each activity sleeps in place of its service."""

    @activity.defn(name="send_email")
    async def email_taking_half_a_second(order_id: str) -> None:
        await asyncio.sleep(0.5)

    @activity.defn(name="send_sms")
    async def sms_taking_a_third_of_a_second(order_id: str) -> None:
        await asyncio.sleep(0.3)

    workflows = [SequentialNotifications, ParallelNotifications]
    activities = [email_taking_half_a_second, sms_taking_a_third_of_a_second]
    recorded = {}
    async with Worker(client, task_queue=task_queue, workflows=workflows, activities=activities):
        for name, workflow_class in [("sequential", SequentialNotifications), ("parallel", ParallelNotifications)]:
            handle = await client.start_workflow(
                workflow_class.run, "A-1", id=f"{name}-{uuid.uuid4()}", task_queue=task_queue
            )
            await handle.result()
            recorded[name] = await record_history(name, handle)

    sequential, parallel = recorded["sequential"], recorded["parallel"]
    for run in (sequential, parallel):
        assert run.outcome == "completed"
        assert [(row.name, row.outcome) for row in run.rows] == [("send_email", "completed"), ("send_sms", "completed")]
    email, sms = sequential.rows
    assert sms.scheduled >= email.closed, "sequential: the SMS is scheduled only after the email completed"
    assert sequential.closed >= 0.8 * SECOND, "sequential: the sum of both durations"
    email, sms = parallel.rows
    assert email.batch == sms.batch, "parallel: one workflow task scheduled both"
    assert max(email.started, sms.started) < min(email.closed, sms.closed), "parallel: both ran at the same time"
    assert parallel.closed < sequential.closed


def test_example_shows_both_schedules():
    output = run_example("examples.lesson8.parallel")
    assert_output_matches_recorded("examples.lesson8.parallel", output)

"""examples/lesson9/tuning.py: max_concurrent_activities really caps one worker."""

import uuid

import pytest

from examples.lesson9 import tuning
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.tuning", run_example("examples.lesson9.tuning"))


@pytest.mark.parametrize("slots", [1, 3])
async def test_never_more_activities_at_once_than_slots(client, task_queue, slots):
    tuning.most_at_once = 0
    async with tuning.tuned_worker(client, task_queue, activity_slots=slots):
        packed = await client.execute_workflow(
            tuning.PackOrderWorkflow.run, 6, id=f"pack-{uuid.uuid4()}", task_queue=task_queue
        )
    assert packed == 6
    assert tuning.most_at_once == slots

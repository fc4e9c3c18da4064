"""examples/lesson9/batching.py: one batch activity, a much shorter history, idempotent on retry."""

import sqlite3
import uuid

import pytest
from temporalio.testing import ActivityEnvironment
from temporalio.worker import Worker

from examples.lesson9.batching import BatchWorkflow, OneByOneWorkflow, history_length, save_order, save_orders
from tests.support.run_example import assert_output_matches_recorded, run_example

ORDER_IDS = [f"order-{n}" for n in range(1, 11)]


@pytest.fixture(autouse=True)
def orders_db(monkeypatch, tmp_path):
    monkeypatch.setenv("ORDERS_DB", str(tmp_path / "orders.db"))
    return tmp_path / "orders.db"


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.batching", run_example("examples.lesson9.batching"))


async def test_batch_saves_every_order_with_one_activity(client, task_queue, orders_db):
    async with Worker(
        client, task_queue=task_queue, workflows=[OneByOneWorkflow, BatchWorkflow], activities=[save_order, save_orders]
    ):
        lengths = {}
        for workflow_class in (OneByOneWorkflow, BatchWorkflow):
            workflow_id = f"{workflow_class.__name__}-{uuid.uuid4()}"
            assert (
                await client.execute_workflow(workflow_class.run, ORDER_IDS, id=workflow_id, task_queue=task_queue)
                == 10
            )
            lengths[workflow_class] = await history_length(client, workflow_id)
    # 6 events per activity (scheduled, started, completed + a workflow task) plus 5.
    assert lengths == {OneByOneWorkflow: 5 + 6 * 10, BatchWorkflow: 5 + 6}
    with sqlite3.connect(orders_db) as db:
        assert db.execute("SELECT COUNT(*) FROM orders").fetchone() == (10,)


async def test_running_the_batch_twice_saves_each_order_once(orders_db):
    env = ActivityEnvironment()
    assert await env.run(save_orders, ORDER_IDS) == 10
    assert await env.run(save_orders, ORDER_IDS) == 10  # a retry of the whole batch
    with sqlite3.connect(orders_db) as db:
        assert db.execute("SELECT COUNT(*), COUNT(DISTINCT order_id) FROM orders").fetchone() == (10, 10)

"""examples/lesson7/idempotency.py: each pattern run twice has its effect once.

Unit tests run the activities with ``ActivityEnvironment`` on a real SQLite file,
twice in a row and concurrently (threads, each with its own connection). The
end-to-end tests use the real dev server: a retried charge, a worker process
that really dies, and replay, which never runs an activity.
"""

import asyncio
import dataclasses
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, closing
from datetime import timedelta
from pathlib import Path
from typing import Any

from temporalio import workflow
from temporalio.api.enums.v1 import EventType, TimeoutType
from temporalio.client import Client
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment
from temporalio.worker import Replayer, Worker

# This module defines a workflow (PayOnce), so the sandbox re-imports it: let the
# non-Temporal imports through instead of re-running them inside the sandbox.
with workflow.unsafe.imports_passed_through():
    import pytest

    from examples.lesson7.idempotency import (
        Checkout,
        CheckoutWorkflow,
        CrashAfterFirstCharge,
        ShopActivities,
        attempts_by_activity,
        connect,
        create_database,
        worker_activities,
    )
    from examples.lesson7.payment_gateway import PaymentGateway
    from tests.support.histories import record_history
    from tests.support.run_example import ROOT, assert_output_matches_recorded, run_example

MODULE = "examples.lesson7.idempotency"


# ---------------------------------------------------------------- helpers


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    path = str(tmp_path / "shop.db")
    create_database(path)
    with closing(connect(path)) as db:
        db.execute("INSERT INTO users VALUES ('u-1', 0)")
        db.execute("INSERT INTO articles VALUES ('a-1', 0)")
        db.execute("INSERT INTO products VALUES ('widget', 5, 0)")
    return path


@pytest.fixture
def gateway(tmp_path: Path) -> PaymentGateway:
    return PaymentGateway(str(tmp_path / "gateway.db"))


@pytest.fixture
def shop(db_path: str, gateway: PaymentGateway) -> ShopActivities:
    return ShopActivities(db_path, gateway)


def sql(db_path: str, query: str) -> Any:
    with closing(connect(db_path)) as db:
        return db.execute(query).fetchone()[0]


def run_activity(fn: Callable[..., Any], *args: Any) -> Any:
    return ActivityEnvironment().run(fn, *args)


def run_concurrently(times: int, fn: Callable[..., Any], *args: Any) -> list[Any]:
    """Run the activity in `times` threads released together; results or raised exceptions."""
    start = threading.Barrier(times)

    def one() -> Any:
        start.wait(timeout=10)
        return run_activity(fn, *args)

    with ThreadPoolExecutor(max_workers=times) as pool:
        futures = [pool.submit(one) for _ in range(times)]
    return [f.exception() if f.exception() else f.result() for f in futures]


# ---------------------------------------------------------------- pattern 1


def test_add_credits_twice_credits_once(shop, db_path):
    assert run_activity(shop.add_credits, "u-1", 100, "tx-1") is True
    assert run_activity(shop.add_credits, "u-1", 100, "tx-1") is False  # success, not an error
    assert sql(db_path, "SELECT credits FROM users WHERE id = 'u-1'") == 100  # not 200


def test_add_credits_concurrent_duplicates_credit_once(shop, db_path):
    results = run_concurrently(8, shop.add_credits, "u-1", 100, "tx-1")
    assert sorted(results) == [False] * 7 + [True]
    assert sql(db_path, "SELECT credits FROM users WHERE id = 'u-1'") == 100
    assert sql(db_path, "SELECT count(*) FROM credit_transactions") == 1


def test_add_credits_with_different_tx_ids_adds_both(shop, db_path):
    run_activity(shop.add_credits, "u-1", 100, "tx-1")
    run_activity(shop.add_credits, "u-1", 100, "tx-2")
    assert sql(db_path, "SELECT credits FROM users WHERE id = 'u-1'") == 200


def test_add_credits_to_unknown_user_fails_and_records_nothing(shop, db_path):
    with pytest.raises(ApplicationError) as err:
        run_activity(shop.add_credits, "nobody", 100, "tx-1")
    assert err.value.non_retryable and err.value.type == "UnknownUser"
    assert sql(db_path, "SELECT count(*) FROM credit_transactions") == 0  # rolled back


# ---------------------------------------------------------------- pattern 2


def test_create_order_twice_leaves_one_row(shop, db_path):
    assert run_activity(shop.create_order, "1001", "u-1", 2500) is True
    assert run_activity(shop.create_order, "1001", "u-1", 2500) is False
    assert sql(db_path, "SELECT count(*) FROM orders") == 1


def test_create_order_concurrent_duplicates_leave_one_row(shop, db_path):
    results = run_concurrently(8, shop.create_order, "1001", "u-1", 2500)
    assert sorted(results) == [False] * 7 + [True]
    assert sql(db_path, "SELECT count(*) FROM orders") == 1


def test_create_order_does_not_swallow_other_integrity_errors(shop):
    with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
        run_activity(shop.create_order, "1002", None, 2500)


# ---------------------------------------------------------------- pattern 3


def test_set_view_count_twice_sets_the_value(shop, db_path):
    run_activity(shop.set_view_count, "a-1", 42)
    run_activity(shop.set_view_count, "a-1", 42)
    assert sql(db_path, "SELECT views FROM articles") == 42


def test_increment_view_count_twice_counts_twice(shop, db_path):
    # The unsafe version, for contrast: one view, retried once, counted twice.
    run_activity(shop.increment_view_count, "a-1")
    run_activity(shop.increment_view_count, "a-1")
    assert sql(db_path, "SELECT views FROM articles") == 2


# ---------------------------------------------------------------- pattern 4


def test_charge_payment_twice_charges_once(shop, gateway):
    first = run_activity(shop.charge_payment, "1001", 2500)
    second = run_activity(shop.charge_payment, "1001", 2500)
    assert first == second == "ch_001"
    assert [(c.charge_id, c.amount_cents) for c in gateway.charges()] == [("ch_001", 2500)]
    assert gateway.request_count("order-1001-payment") == 2


def test_charge_payment_concurrent_duplicates_charge_once(shop, gateway):
    results = run_concurrently(8, shop.charge_payment, "1001", 2500)
    assert set(results) == {"ch_001"}
    assert len(gateway.charges()) == 1


def test_business_key_also_dedupes_a_second_workflow_for_the_same_order(shop, gateway):
    # Two different executions (say, the order's workflow was reset) pay for one order.
    for run in ("run-a", "run-b"):
        env = ActivityEnvironment()
        env.info = dataclasses.replace(env.info, workflow_id="checkout-1001", workflow_run_id=run)
        env.run(shop.charge_payment, "1001", 2500)
    assert len(gateway.charges()) == 1


def test_gateway_refuses_a_key_reused_for_another_amount(gateway):
    gateway.charge("order-1001-payment", 2500)
    with pytest.raises(ValueError, match="was used for 2500 cents"):
        gateway.charge("order-1001-payment", 9900)
    assert len(gateway.charges()) == 1


def test_charges_with_different_keys_are_separate(shop, gateway):
    run_activity(shop.charge_payment, "1001", 2500)
    run_activity(shop.charge_payment, "1002", 2500)
    assert [c.charge_id for c in gateway.charges()] == ["ch_001", "ch_002"]


# ---------------------------------------------------------------- pattern 5


def test_two_concurrent_reservations_never_oversell(shop, db_path):
    # 5 in stock, two buyers want 3 each: exactly one gets them.
    results = run_concurrently(2, shop.reserve_inventory, "widget", 3)
    assert [r for r in results if isinstance(r, int)] == [2]  # 2 left after the sale
    [failure] = [r for r in results if isinstance(r, ApplicationError)]
    assert failure.type == "InsufficientInventory" and failure.non_retryable
    assert sql(db_path, "SELECT available FROM products") == 2
    assert sql(db_path, "SELECT version FROM products") == 1


def test_many_concurrent_reservations_sell_exactly_the_stock(shop, db_path):
    results = run_concurrently(10, shop.reserve_inventory, "widget", 1)
    sold = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(sold) == 5 and sorted(sold) == [0, 1, 2, 3, 4]  # each buyer saw a fresh count
    assert len(refused) == 5 and all(r.type == "InsufficientInventory" for r in refused)
    assert sql(db_path, "SELECT available FROM products") == 0
    assert sql(db_path, "SELECT version FROM products") == 5


def test_optimistic_locking_alone_is_not_idempotent(shop, db_path):
    # A retry after a lost result is just a second call: it reserves again.
    run_activity(shop.reserve_inventory, "widget", 2)
    run_activity(shop.reserve_inventory, "widget", 2)
    assert sql(db_path, "SELECT available FROM products") == 1  # 5 - 2 - 2, not 3


def test_reservation_id_makes_the_reservation_idempotent(shop, db_path):
    run_activity(shop.reserve_inventory_once, "order-1001", "widget", 2)
    run_activity(shop.reserve_inventory_once, "order-1001", "widget", 2)
    run_concurrently(8, shop.reserve_inventory_once, "order-1001", "widget", 2)
    assert sql(db_path, "SELECT available FROM products") == 3
    assert sql(db_path, "SELECT count(*) FROM reservations") == 1


def test_reservation_id_still_refuses_to_oversell(shop, db_path):
    # 5 in stock: the same reservation of 3 twice is fine, another reservation of 3 is not.
    assert run_concurrently(2, shop.reserve_inventory_once, "order-1", "widget", 3) == [None, None]
    with pytest.raises(ApplicationError) as refused:
        run_activity(shop.reserve_inventory_once, "order-2", "widget", 3)
    assert refused.value.type == "InsufficientInventory"
    assert sql(db_path, "SELECT available FROM products") == 2


# ---------------------------------------------------------------- end to end, real dev server


@asynccontextmanager
async def shop_worker(client: Client, task_queue: str, shop: ShopActivities, **options: Any):
    with ThreadPoolExecutor(max_workers=4) as threads:
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[CheckoutWorkflow],
            activities=worker_activities(shop),
            activity_executor=threads,
            **options,
        ) as worker:
            yield worker


def checkout(order_id: str = "1001") -> Checkout:
    return Checkout(order_id, "u-1", "widget", quantity=2, amount_cents=2500)


def started_events(history, activity_name: str) -> Iterator:
    names = {}
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            names[event.event_id] = event.activity_task_scheduled_event_attributes.activity_type.name
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            attrs = event.activity_task_started_event_attributes
            if names[attrs.scheduled_event_id] == activity_name:
                yield attrs


async def test_charge_that_dies_after_the_write_is_retried_and_charges_once(client, task_queue, db_path, tmp_path):
    gateway = CrashAfterFirstCharge(str(tmp_path / "crashy-gateway.db"))
    async with shop_worker(client, task_queue, ShopActivities(db_path, gateway)):
        handle = await client.start_workflow(
            CheckoutWorkflow.run, checkout(), id=f"checkout-{task_queue}", task_queue=task_queue
        )
        assert await handle.result() == "ch_001"

    assert [(c.charge_id, c.amount_cents) for c in gateway.charges()] == [("ch_001", 2500)]
    assert gateway.request_count("order-1001-payment") == 2  # two attempts reached the gateway
    history = await handle.fetch_history()
    recorded = await record_history("result-lost", history)  # quiz part 3, Q3: the effect, then a retry
    assert [(row.name, [a.outcome for a in row.attempts]) for row in recorded.rows] == [
        ("create_order", ["completed"]),
        ("reserve_inventory_once", ["completed"]),
        ("charge_payment", ["failed", "completed"]),
        ("add_credits", ["completed"]),
    ]
    assert attempts_by_activity(history) == {
        "create_order": 1,
        "reserve_inventory_once": 1,
        "charge_payment": 2,
        "add_credits": 1,
    }
    [started] = started_events(history, "charge_payment")
    assert started.last_failure.message == "worker died after the charge was made"
    assert sql(db_path, "SELECT count(*) FROM orders") == 1
    assert sql(db_path, "SELECT available FROM products") == 3
    assert sql(db_path, "SELECT credits FROM users") == 25


# The worker process for the next test: it charges, then the process dies on the spot
# (os._exit: no exception, no failure report, nothing reaches Temporal).
DYING_WORKER = textwrap.dedent(
    """
    import asyncio, os, sys
    from concurrent.futures import ThreadPoolExecutor
    from temporalio.worker import Worker
    from examples.connect import temporal_client
    from examples.lesson7.idempotency import ShopActivities
    from examples.lesson7.payment_gateway import PaymentGateway

    class DieAfterCharge(PaymentGateway):
        def charge(self, key, cents):
            super().charge(key, cents)
            os._exit(17)

    async def main():
        db, gateway_db, task_queue = sys.argv[1:]
        shop = ShopActivities(db, DieAfterCharge(gateway_db))
        async with temporal_client() as client:
            with ThreadPoolExecutor() as threads:
                async with Worker(client, task_queue=task_queue, activities=[shop.charge_payment],
                                  activity_executor=threads):
                    print("polling", flush=True)
                    await asyncio.Event().wait()

    if __name__ == "__main__":
        asyncio.run(main())
    """
)


@workflow.defn
class PayOnce:
    """Just the charge, with a short start_to_close_timeout so a dead worker is noticed fast."""

    @workflow.run
    async def run(self, order_id: str) -> str:
        return await workflow.execute_activity_method(
            ShopActivities.charge_payment,
            args=[order_id, 2500],
            start_to_close_timeout=timedelta(seconds=2),
            retry_policy=RetryPolicy(initial_interval=timedelta(milliseconds=200)),
        )


async def test_worker_process_killed_after_the_charge_charges_once(client, task_queue, db_path, gateway):
    # A real crash: the dying worker reports nothing. Temporal notices only when the
    # attempt's start_to_close_timeout expires, then gives attempt 2 to a live worker.
    env = {
        **os.environ,
        "TEMPORAL_ADDRESS": client.service_client.config.target_host,
        "TEMPORAL_NAMESPACE": client.namespace,
    }
    dying = subprocess.Popen(
        [sys.executable, "-c", DYING_WORKER, db_path, gateway.db_path, task_queue],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        started_up = asyncio.to_thread(dying.stdout.readline)
        assert (await asyncio.wait_for(started_up, timeout=30)).strip() == "polling"
        async with Worker(client, task_queue=task_queue, workflows=[PayOnce]):
            handle = await client.start_workflow(PayOnce.run, "1001", id=f"pay-{task_queue}", task_queue=task_queue)
            assert await asyncio.to_thread(dying.wait, 20) == 17  # died right after charging
            assert len(gateway.charges()) == 1
            # Only now does a healthy worker join.
            with ThreadPoolExecutor() as threads:
                shop = ShopActivities(db_path, gateway)
                async with Worker(
                    client,
                    task_queue=task_queue,
                    activities=[shop.charge_payment],
                    activity_executor=threads,
                ):
                    assert await handle.result() == "ch_001"
    finally:
        if dying.poll() is None:
            dying.kill()
            dying.wait()
        dying.stdout.close()

    assert len(gateway.charges()) == 1
    assert gateway.request_count("order-1001-payment") == 2
    [started] = started_events(await handle.fetch_history(), "charge_payment")
    assert started.attempt == 2
    assert started.last_failure.timeout_failure_info.timeout_type == TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE


async def test_replay_does_not_run_activities(client, task_queue, shop, gateway, db_path):
    async with shop_worker(client, task_queue, shop):
        handle = await client.start_workflow(
            CheckoutWorkflow.run, checkout(), id=f"checkout-{task_queue}", task_queue=task_queue
        )
        await handle.result()
    history = await handle.fetch_history()
    assert gateway.request_count("order-1001-payment") == 1

    # Replay the whole history with NO activities registered: nothing is missing,
    # because replay takes every activity result from the history.
    result = await Replayer(workflows=[CheckoutWorkflow]).replay_workflow(history)
    assert result.replay_failure is None
    assert gateway.request_count("order-1001-payment") == 1  # no call during replay
    assert sql(db_path, "SELECT credits FROM users") == 25


async def test_a_worker_without_cache_replays_every_task_yet_runs_each_activity_once(client, task_queue, shop, gateway):
    # max_cached_workflows=0: every workflow task rebuilds the workflow by replaying
    # its history from the start, with the activities registered this time.
    async with shop_worker(client, task_queue, shop, max_cached_workflows=0):
        handle = await client.start_workflow(
            CheckoutWorkflow.run, checkout(), id=f"checkout-{task_queue}", task_queue=task_queue
        )
        await handle.result()
    history = await handle.fetch_history()
    tasks = [e for e in history.events if e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]
    assert len(tasks) == 5  # four of them started by replaying the history so far
    assert attempts_by_activity(history) == dict.fromkeys(
        ["create_order", "reserve_inventory_once", "charge_payment", "add_credits"], 1
    )
    assert gateway.request_count("order-1001-payment") == 1


def test_example_runs_on_its_own():
    # As a learner runs it: with no TEMPORAL_ADDRESS it starts its own dev server
    # (or, when the suite itself targets a cluster, it inherits TEMPORAL_ADDRESS).
    assert_output_matches_recorded(MODULE, run_example(MODULE))


def test_optimistic_locking_gives_up_retryably_when_the_row_keeps_changing(shop, monkeypatch):
    """Every write loses the race (another writer bumps the version first): after ten
    tries the activity fails with a retryable error, and the stock is untouched."""
    import examples.lesson7.idempotency as module

    real_connect = module.connect

    class LosingRace:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def execute(self, query: str, params: tuple = ()) -> Any:
            if query.startswith("UPDATE products SET available"):
                self.db.execute("UPDATE products SET version = version + 1 WHERE id = ?", (params[1],))
            return self.db.execute(query, params)

        def close(self) -> None:
            self.db.close()

    monkeypatch.setattr(module, "connect", lambda path: LosingRace(real_connect(path)))
    with pytest.raises(ApplicationError, match="stock keeps changing") as raised:
        run_activity(shop.reserve_inventory, "widget", 1)
    assert not raised.value.non_retryable
    assert sql(shop.db_path, "SELECT available FROM products") == 5
    assert sql(shop.db_path, "SELECT version FROM products") == 10  # the other writer's ten updates

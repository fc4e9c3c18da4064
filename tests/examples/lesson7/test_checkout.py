"""examples/lesson7/checkout.py on the real dev server: a retried charge, a worker
process that really dies, and replay, which never runs an activity."""

import asyncio
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.api.enums.v1 import EventType, TimeoutType
from temporalio.client import Client
from temporalio.common import RetryPolicy
from temporalio.worker import (
    ExecuteWorkflowInput,
    Interceptor,
    Replayer,
    Worker,
    WorkflowInboundInterceptor,
    WorkflowInterceptorClassInput,
)

# This module defines a workflow (PayOnce), so the sandbox re-imports it: let the
# non-Temporal imports through instead of re-running them inside the sandbox.
with workflow.unsafe.imports_passed_through():
    from examples.lesson7.checkout import Checkout, CheckoutWorkflow, CrashAfterFirstCharge, attempts_by_activity
    from examples.lesson7.idempotency_key import Payment, PaymentActivities
    from examples.lesson7.idempotent_writes import WriteActivities
    from examples.lesson7.inventory import InventoryActivities
    from examples.lesson7.payment_gateway import PaymentGateway
    from tests.examples.lesson7.conftest import sql
    from tests.support.histories import record_history
    from tests.support.run_example import ROOT, assert_output_matches_recorded, run_example

MODULE = "examples.lesson7.checkout"


def worker_activities(db_path: str, gateway: PaymentGateway) -> list[Any]:
    writes, inventory = WriteActivities(db_path), InventoryActivities(db_path)
    payments = PaymentActivities(gateway)
    return [writes.create_order, inventory.reserve_inventory_once, payments.charge_payment, writes.add_credits]


# ---------------------------------------------------------------- end to end, real dev server


@asynccontextmanager
async def shop_worker(client: Client, task_queue: str, db_path: str, gateway: PaymentGateway, **options: Any):
    with ThreadPoolExecutor(max_workers=4) as threads:
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[CheckoutWorkflow],
            activities=worker_activities(db_path, gateway),
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
    async with shop_worker(client, task_queue, db_path, gateway):
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
    from examples.lesson7.idempotency_key import PaymentActivities
    from examples.lesson7.payment_gateway import PaymentGateway

    class DieAfterCharge(PaymentGateway):
        def charge(self, key, cents):
            super().charge(key, cents)
            os._exit(17)

    async def main():
        db, gateway_db, task_queue = sys.argv[1:]
        payments = PaymentActivities(DieAfterCharge(gateway_db))
        async with temporal_client() as client:
            with ThreadPoolExecutor() as threads:
                async with Worker(client, task_queue=task_queue, activities=[payments.charge_payment],
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
    async def run(self, payment: Payment) -> str:
        return await workflow.execute_activity_method(
            PaymentActivities.charge_payment,
            payment,
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
            handle = await client.start_workflow(
                PayOnce.run, Payment("1001", 2500), id=f"pay-{task_queue}", task_queue=task_queue
            )
            assert await asyncio.to_thread(dying.wait, 20) == 17  # died right after charging
            assert len(gateway.charges()) == 1
            # Only now does a healthy worker join.
            with ThreadPoolExecutor() as threads:
                async with Worker(
                    client,
                    task_queue=task_queue,
                    activities=[PaymentActivities(gateway).charge_payment],
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


class RecordResults(Interceptor):
    """Records what each workflow run returns, replayed runs included."""

    def __init__(self, results: list) -> None:
        self.results = results

    def workflow_interceptor_class(self, input: WorkflowInterceptorClassInput) -> type[WorkflowInboundInterceptor]:
        results = self.results

        class Inbound(WorkflowInboundInterceptor):
            async def execute_workflow(self, input: ExecuteWorkflowInput) -> Any:
                result = await super().execute_workflow(input)
                results.append(result)
                return result

        return Inbound


async def test_replay_does_not_run_activities(client, task_queue, gateway, db_path):
    async with shop_worker(client, task_queue, db_path, gateway):
        handle = await client.start_workflow(
            CheckoutWorkflow.run, checkout(), id=f"checkout-{task_queue}", task_queue=task_queue
        )
        await handle.result()
    history = await handle.fetch_history()
    assert await handle.result() == "ch_001"

    # Rewrite the charge's recorded result in the history: a replay that called the
    # gateway would get ch_001 back; one that reads the history gets ch_777.
    (completed,) = [
        e.activity_task_completed_event_attributes
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
        and e.activity_task_completed_event_attributes.result.payloads[0].data == b'"ch_001"'
    ]
    completed.result.payloads[0].data = b'"ch_777"'

    # Replay the whole history with NO activities registered: nothing is missing,
    # because replay takes every activity result from the history.
    results: list[str] = []
    replayer = Replayer(workflows=[CheckoutWorkflow], interceptors=[RecordResults(results)])
    replay = await replayer.replay_workflow(history)
    assert replay.replay_failure is None
    assert results == ["ch_777"]  # the workflow code ran again, on the recorded results


async def test_a_worker_without_cache_replays_every_task_yet_runs_each_activity_once(
    client, task_queue, gateway, db_path
):
    # max_cached_workflows=0: every workflow task rebuilds the workflow by replaying
    # its history from the start, with the activities registered this time.
    async with shop_worker(client, task_queue, db_path, gateway, max_cached_workflows=0):
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

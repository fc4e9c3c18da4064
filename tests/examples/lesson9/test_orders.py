"""examples/lesson9/orders.py: the order workflow; its secret stays out of the history."""

import uuid

import pytest
from temporalio.client import WorkflowFailureError
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import Worker

from examples.lesson9.encrypted_orders import raw_history
from examples.lesson9.orders import Order, OrderWorkflow, charge_payment
from examples.lesson9.payments import PaymentProvider
from tests.support.run_example import assert_output_matches_recorded, run_example

SECRET = "sk_test_d0_not_l34k_me"


def test_example_output(tmp_path):
    output = run_example("examples.lesson9.orders", env={"PAYMENTS_DB": str(tmp_path / "p.db")})
    assert_output_matches_recorded("examples.lesson9.orders", output)


async def run_order(client, task_queue, order_id="order-5"):
    order = Order(order_id, "Alan Turing", "4000 0000 0000 0002", 1200)
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow], activities=[charge_payment]):
        handle = await client.start_workflow(
            OrderWorkflow.run, order, id=f"{order_id}-{uuid.uuid4()}", task_queue=task_queue
        )
        try:
            return handle.id, await handle.result()
        except WorkflowFailureError as failure:
            return handle.id, failure


async def test_the_secret_is_used_by_the_activity_but_never_stored_in_history(
    client, task_queue, monkeypatch, tmp_path
):
    monkeypatch.setenv("PAYMENT_API_KEY", SECRET)
    monkeypatch.setenv("PAYMENTS_DB", str(tmp_path / "payments.db"))
    workflow_id, result = await run_order(client, task_queue)
    assert result == "order order-5 for Alan Turing: paid (ch_order-5)"
    assert PaymentProvider(str(tmp_path / "payments.db")).count("order-5") == (1, 1)
    stored = await raw_history(client, workflow_id)
    assert SECRET.encode() not in stored
    assert b"Alan Turing" in stored  # control: payloads are in clear here (no codec), the secret is not


@pytest.mark.parametrize(
    ("api_key", "message"),
    [(None, "PAYMENT_API_KEY is not set"), ("wrong-key", "invalid API key")],
    ids=["missing", "rejected"],
)
async def test_a_missing_or_rejected_secret_fails_the_order_without_retrying(
    client, task_queue, monkeypatch, tmp_path, api_key, message
):
    if api_key is None:
        monkeypatch.delenv("PAYMENT_API_KEY", raising=False)
    else:
        monkeypatch.setenv("PAYMENT_API_KEY", api_key)
    monkeypatch.setenv("PAYMENTS_DB", str(tmp_path / "payments.db"))
    _, failure = await run_order(client, task_queue)
    assert isinstance(failure, WorkflowFailureError)
    assert isinstance(failure.cause, ActivityError) and failure.cause.retry_state.name == "NON_RETRYABLE_FAILURE"
    assert isinstance(failure.cause.cause, ApplicationError) and failure.cause.cause.message == message

"""examples/lesson9/encrypted_orders.py: the server stores payloads and error messages only as ciphertext."""

import dataclasses
import uuid

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio import activity
from temporalio.client import Client, WorkflowFailureError
from temporalio.converter import DefaultFailureConverter
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

from examples.lesson9.codec import encrypted_data_converter
from examples.lesson9.encrypted_orders import raw_history
from examples.lesson9.orders import Order, OrderWorkflow, charge_payment
from tests.support.run_example import assert_output_matches_recorded, run_example

ORDER = Order("order-7", "Grace Hopper", "4111 1111 1111 1111", 9900)


def test_example_output():
    output = run_example("examples.lesson9.encrypted_orders")
    assert_output_matches_recorded("examples.lesson9.encrypted_orders", output)


@pytest.fixture(autouse=True)
def payment_env(monkeypatch, tmp_path):
    monkeypatch.setenv("PAYMENT_API_KEY", "sk_test_lesson9")
    monkeypatch.setenv("PAYMENTS_DB", str(tmp_path / "payments.db"))


def with_converter(client: Client, converter) -> Client:
    """Same connection, another data converter."""
    config = client.config()
    config["data_converter"] = converter
    return Client(**config)


async def run_order(client: Client, task_queue: str) -> tuple[str, str]:
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow], activities=[charge_payment]):
        handle = await client.start_workflow(
            OrderWorkflow.run, ORDER, id=f"order-7-{uuid.uuid4()}", task_queue=task_queue
        )
        return handle.id, await handle.result()


async def test_no_plaintext_of_the_order_reaches_the_server(client, task_queue):
    key = AESGCM.generate_key(bit_length=256)
    encrypted = with_converter(client, encrypted_data_converter("key-2025-01", key))
    workflow_id, result = await run_order(encrypted, task_queue)
    assert result == "order order-7 for Grace Hopper: paid (ch_order-7)"

    stored = await raw_history(client, workflow_id)
    for plaintext in (ORDER.card_number, ORDER.customer, "ch_order-7", "9900"):
        assert plaintext.encode() not in stored
    # workflow input, activity input, activity result, workflow result
    assert stored.count(b"binary/encrypted") == 4

    # Without the key, the stored result cannot be read.
    wrong_key = with_converter(client, encrypted_data_converter("key-2025-01", AESGCM.generate_key(bit_length=256)))
    with pytest.raises(InvalidTag):  # AES-GCM authenticates: a wrong key fails loudly
        await wrong_key.get_workflow_handle(workflow_id).result()


async def test_control_without_the_codec_the_card_number_is_stored_in_clear(client, task_queue):
    workflow_id, _ = await run_order(client, task_queue)
    stored = await raw_history(client, workflow_id)
    assert ORDER.card_number.encode() in stored and b"binary/encrypted" not in stored


@activity.defn(name="charge_payment")
async def charge_declined(order: Order) -> str:
    # A provider error that quotes the card, as real error messages often do.
    raise ApplicationError(f"card {order.card_number} declined", type="PaymentDeclined", non_retryable=True)


async def run_declined_order(client: Client, task_queue: str) -> tuple[str, WorkflowFailureError]:
    async with Worker(client, task_queue=task_queue, workflows=[OrderWorkflow], activities=[charge_declined]):
        handle = await client.start_workflow(
            OrderWorkflow.run, ORDER, id=f"order-7-{uuid.uuid4()}", task_queue=task_queue
        )
        with pytest.raises(WorkflowFailureError) as failed:
            await handle.result()
        return handle.id, failed.value


async def test_an_error_that_quotes_the_card_number_is_stored_encrypted(client, task_queue):
    key = AESGCM.generate_key(bit_length=256)
    encrypted = with_converter(client, encrypted_data_converter("key-2025-01", key))
    workflow_id, failure = await run_declined_order(encrypted, task_queue)
    # Through the codec, the error reads as it was raised ...
    declined = failure.cause.cause
    assert isinstance(declined, ApplicationError)
    assert declined.message == f"card {ORDER.card_number} declined"
    # ... and the server stores neither the message nor the card number in it.
    stored = await raw_history(client, workflow_id)
    assert ORDER.card_number.encode() not in stored and b"declined" not in stored
    assert b"PaymentDeclined" in stored  # the error type is not encrypted


async def test_control_without_encoded_failure_attributes_the_error_is_stored_in_clear(client, task_queue):
    key = AESGCM.generate_key(bit_length=256)
    payloads_only = dataclasses.replace(
        encrypted_data_converter("key-2025-01", key), failure_converter_class=DefaultFailureConverter
    )
    workflow_id, _ = await run_declined_order(with_converter(client, payloads_only), task_queue)
    stored = await raw_history(client, workflow_id)
    assert f"card {ORDER.card_number} declined".encode() in stored

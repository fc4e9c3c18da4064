"""examples/lesson9/encrypted_orders.py: the server stores only ciphertext; results still decode."""

import uuid

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.client import Client
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

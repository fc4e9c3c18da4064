"""The order workflow with every payload encrypted, and what the server really stores.

Runs one order through a client and worker that share the ``EncryptionCodec``,
then reads the workflow's history straight from the server's API (no codec)
and looks for the card number in it.

Run it: ``python -m examples.lesson9.encrypted_orders``
"""

import asyncio
import os
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import GetWorkflowExecutionHistoryRequest
from temporalio.client import Client
from temporalio.worker import Worker

from examples.connect import temporal_client
from examples.lesson9.codec import encrypted_data_converter
from examples.lesson9.orders import Order, OrderWorkflow, charge_payment


async def raw_history(client: Client, workflow_id: str) -> bytes:
    """The history exactly as the server stores and returns it: no codec runs on a raw
    API call."""
    response = await client.workflow_service.get_workflow_execution_history(
        GetWorkflowExecutionHistoryRequest(
            namespace=client.namespace,
            execution=WorkflowExecution(workflow_id=workflow_id),
        )
    )
    return response.history.SerializeToString()


async def main() -> None:
    os.environ.setdefault("PAYMENT_API_KEY", "sk_test_lesson9")
    # region: connect
    key = AESGCM.generate_key(bit_length=256)  # in production: from a KMS or a Secret
    converter = encrypted_data_converter("key-2025-01", key)
    async with temporal_client(data_converter=converter) as client:
        # endregion: connect
        task_queue = f"encrypted-orders-{uuid.uuid4()}"
        order = Order("order-7", "Grace Hopper", "4242 4242 4242 4242", 9900)
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[OrderWorkflow],
            activities=[charge_payment],
        ):
            handle = await client.start_workflow(
                OrderWorkflow.run,
                order,
                id=f"order-7-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            print("result through the codec:", await handle.result())

        # region: check-history
        stored = await raw_history(client, handle.id)
        for secret in (order.card_number, order.customer):
            print(f"{secret!r} in the stored history: {secret.encode() in stored}")
        print("payloads stored as binary/encrypted:", stored.count(b"binary/encrypted"))
        # endregion: check-history


if __name__ == "__main__":
    asyncio.run(main())

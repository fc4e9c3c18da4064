"""Mutual TLS: the client proves who it is with a certificate, the server too.

Starts the embedded dev server behind the mTLS proxy (``tls_proxy.py``), with
certificates made by ``certs.py``, then runs an order through a client and a
worker that present a certificate from the right CA, and shows that clients
without one, or with one from another CA, are refused.

Run it: ``python -m examples.lesson9.mtls``
"""

import asyncio
import os
import tempfile
import uuid
from pathlib import Path

from temporalio.client import Client
from temporalio.service import TLSConfig
from temporalio.worker import Worker

from examples.connect import temporal_client
from examples.lesson9.certs import Pem, issue, make_ca
from examples.lesson9.orders import Order, OrderWorkflow, charge_payment
from examples.lesson9.tls_proxy import start_mtls_proxy


# region: connect
async def connect_with_mtls(address: str, ca_cert: bytes, client: Pem | None) -> Client:
    return await Client.connect(
        address,
        namespace="default",
        tls=TLSConfig(
            server_root_ca_cert=ca_cert,  # trust only servers signed by our CA
            domain="localhost",  # the name in the server's certificate
            client_cert=client.cert if client else None,  # who we are
            client_private_key=client.key if client else None,
        ),
    )


# endregion: connect


async def try_to_connect(
    label: str, address: str, ca_cert: bytes, client: Pem | None
) -> None:
    try:
        await connect_with_mtls(address, ca_cert, client)
        print(f"{label}: connected")
    except RuntimeError as err:  # "Failed client connect: ..."
        print(f"{label}: refused ({type(err).__name__})")


def write(directory: Path, name: str, data: bytes) -> str:
    (directory / name).write_bytes(data)
    return str(directory / name)


async def main() -> None:
    os.environ.setdefault("PAYMENT_API_KEY", "sk_test_lesson9")
    ca, other_ca = make_ca("Orders CA"), make_ca("Some other CA")
    server_cert = issue(ca, "localhost", server=True)
    worker_cert = issue(ca, "order-worker", server=False)
    stranger_cert = issue(other_ca, "order-worker", server=False)

    with tempfile.TemporaryDirectory() as tmp:
        async with temporal_client() as plaintext_client:
            proxy = await start_mtls_proxy(
                plaintext_client.service_client.config.target_host,
                cert_file=write(Path(tmp), "server.crt", server_cert.cert),
                key_file=write(Path(tmp), "server.key", server_cert.key),
                client_ca_file=write(Path(tmp), "ca.crt", ca.cert),
            )
            address = f"127.0.0.1:{proxy.sockets[0].getsockname()[1]}"

            client = await connect_with_mtls(address, ca.cert, worker_cert)
            task_queue = f"mtls-orders-{uuid.uuid4()}"
            async with Worker(
                client,
                task_queue=task_queue,
                workflows=[OrderWorkflow],
                activities=[charge_payment],
            ):
                order = Order(
                    "order-9", "Katherine Johnson", "4242 4242 4242 4242", 4200
                )
                result = await client.execute_workflow(
                    OrderWorkflow.run,
                    order,
                    id=f"order-9-{uuid.uuid4()}",
                    task_queue=task_queue,
                )
                print(f"certificate from our CA: {result}")

            await try_to_connect("no client certificate", address, ca.cert, None)
            await try_to_connect(
                "certificate from another CA", address, ca.cert, stranger_cert
            )
            proxy.close()


if __name__ == "__main__":
    asyncio.run(main())

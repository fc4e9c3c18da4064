"""examples/lesson9/mtls.py: mTLS end to end, through a TLS-terminating proxy.

The dev server has no TLS flags, so the proxy (in this test's event loop)
terminates mTLS in front of it, with a CA and certificates generated here.
"""

import signal
import uuid
from pathlib import Path

import pytest
from temporalio.client import Client
from temporalio.worker import Worker

from examples.lesson9.certs import issue, make_ca
from examples.lesson9.mtls import connect_with_mtls
from examples.lesson9.orders import Order, OrderWorkflow, charge_payment
from examples.lesson9.tls_proxy import start_mtls_proxy
from tests.examples.lesson9.conftest import python_module
from tests.support.run_example import assert_output_matches_recorded, run_example

CA = make_ca("Orders CA")
OTHER_CA = make_ca("Some other CA")
WORKER_CERT = issue(CA, "order-worker", server=False)


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.mtls", run_example("examples.lesson9.mtls"))


@pytest.fixture
async def proxy(client: Client, tmp_path: Path):
    server_cert = issue(CA, "localhost", server=True)
    files = {"server.crt": server_cert.cert, "server.key": server_cert.key, "ca.crt": CA.cert}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    proxy = await start_mtls_proxy(
        client.service_client.config.target_host,
        cert_file=str(tmp_path / "server.crt"),
        key_file=str(tmp_path / "server.key"),
        client_ca_file=str(tmp_path / "ca.crt"),
    )
    (tmp_path / "client.crt").write_bytes(WORKER_CERT.cert)
    (tmp_path / "client.key").write_bytes(WORKER_CERT.key)
    try:
        yield "127.0.0.1:%d" % proxy.sockets[0].getsockname()[1]
    finally:
        proxy.close()


async def test_a_client_with_a_certificate_from_our_ca_runs_an_order(proxy, task_queue, monkeypatch, tmp_path):
    monkeypatch.setenv("PAYMENT_API_KEY", "sk_test_lesson9")
    monkeypatch.setenv("PAYMENTS_DB", str(tmp_path / "payments.db"))
    secure = await connect_with_mtls(proxy, CA.cert, WORKER_CERT)
    async with Worker(secure, task_queue=task_queue, workflows=[OrderWorkflow], activities=[charge_payment]):
        result = await secure.execute_workflow(
            OrderWorkflow.run,
            Order("order-9", "K. Johnson", "4242", 100),
            id=f"order-9-{uuid.uuid4()}",
            task_queue=task_queue,
        )
    assert result == "order order-9 for K. Johnson: paid (ch_order-9)"


@pytest.mark.parametrize(
    "attempt",
    ["no client certificate", "client certificate from another CA", "server not trusted", "plaintext"],
)
async def test_other_clients_are_refused(proxy, attempt):
    if attempt == "no client certificate":
        connect = connect_with_mtls(proxy, CA.cert, None)
    elif attempt == "client certificate from another CA":
        connect = connect_with_mtls(proxy, CA.cert, issue(OTHER_CA, "order-worker", server=False))
    elif attempt == "server not trusted":  # the client checks the server too
        connect = connect_with_mtls(proxy, OTHER_CA.cert, WORKER_CERT)
    else:
        connect = Client.connect(proxy)
    with pytest.raises(RuntimeError, match="Failed client connect"):
        await connect


async def test_the_worker_process_connects_with_the_deployments_tls_variables(
    proxy, worker_env, spawn, client, task_queue, tmp_path
):
    # The same TEMPORAL_TLS_* variables k8s/worker-deployment.yaml sets, read by
    # temporalio.envconfig in examples/connect.py.
    env = {
        **worker_env,
        "TEMPORAL_ADDRESS": proxy,
        "TEMPORAL_TLS_CLIENT_CERT_PATH": str(tmp_path / "client.crt"),
        "TEMPORAL_TLS_CLIENT_KEY_PATH": str(tmp_path / "client.key"),
        "TEMPORAL_TLS_SERVER_CA_CERT_PATH": str(tmp_path / "ca.crt"),
        "TEMPORAL_TLS_SERVER_NAME": "localhost",
    }
    worker = await spawn("tls-worker", *python_module("examples.lesson9.worker"), env=env)
    await worker.expect("worker: polling")
    result = await client.execute_workflow(  # started over plaintext, run by the mTLS worker
        OrderWorkflow.run,
        Order("order-10", "M. Hamilton", "4242", 100),
        id=f"order-10-{uuid.uuid4()}",
        task_queue=task_queue,
    )
    assert result == "order order-10 for M. Hamilton: paid (ch_order-10)"
    await worker.expect("order-10: charged")
    worker.signal(signal.SIGTERM)
    await worker.wait(timeout=30)
    worker.assert_clean_exit()

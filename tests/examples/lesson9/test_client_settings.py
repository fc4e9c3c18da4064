"""examples/lesson9/client_settings.py: the settings exist and do what they say."""

import asyncio
import signal
import time
import uuid

import pytest
from temporalio.client import Client
from temporalio.service import RetryConfig, RPCError

from examples.lesson9 import client_settings
from examples.lesson9.reminder import ReminderWorkflow
from tests.examples.lesson9.conftest import start_dev_server
from tests.support.ports import free_port
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_output():
    output = run_example("examples.lesson9.client_settings")
    assert_output_matches_recorded("examples.lesson9.client_settings", output)


async def test_a_call_made_while_the_server_restarts_is_retried_until_it_succeeds(spawn, tmp_path, monkeypatch):
    port, db_file = free_port(), tmp_path / "temporal.db"
    server, _ = await start_dev_server(spawn, port, db_file)
    monkeypatch.setenv("TEMPORAL_ADDRESS", f"127.0.0.1:{port}")
    with_retries = await client_settings.connect()
    # (max_retries=0 does not turn retries off: it still retried for about 7 s here.)
    impatient = await Client.connect(f"127.0.0.1:{port}", retry_config=RetryConfig(max_elapsed_time_millis=300))
    handle = await with_retries.start_workflow(
        ReminderWorkflow.run, args=["order-1", 60], id=f"reminder-{uuid.uuid4()}", task_queue="nobody-polls"
    )

    server.signal(signal.SIGKILL)
    await server.wait(timeout=10)

    # A 300 ms retry budget: the call fails almost at once.
    started = time.monotonic()
    with pytest.raises(RPCError):
        await impatient.get_workflow_handle(handle.id).describe()
    assert time.monotonic() - started < 2

    # With the settings above: the same call, made while the server is down,
    # keeps retrying (up to 10 s) and succeeds once the server is back.
    call = asyncio.create_task(with_retries.get_workflow_handle(handle.id).describe())
    await asyncio.sleep(0.5)  # the call is failing and retrying now
    assert not call.done()
    await start_dev_server(spawn, port, db_file)
    description = await asyncio.wait_for(call, 15)
    assert description.run_id == handle.result_run_id

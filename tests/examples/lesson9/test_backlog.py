"""examples/lesson9/backlog.py and check_backlog.sh: a real backlog, seen by the real CLI, drained by workers."""

import asyncio
import re
import signal
import subprocess
import uuid
from pathlib import Path

from examples.connect import installed_binary
from examples.lesson9.backlog import wait_for_backlog
from examples.lesson9.orders import Order, OrderWorkflow
from tests.examples.lesson9.conftest import LESSON, poll_until, python_module
from tests.support.ports import free_port
from tests.support.run_example import assert_output_matches_recorded, run_example

ORDERS = 12


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.backlog", run_example("examples.lesson9.backlog"))


def check_backlog(client, task_queue: str) -> str:
    """Run the lesson's shell script against the test's dev server, with the real CLI."""
    bin_dir = str(Path(installed_binary("temporal")).parent)
    proc = subprocess.run(
        ["sh", str(LESSON / "check_backlog.sh")],
        env={
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "HOME": "/nonexistent",  # no CLI config file of the person running the tests
            "TEMPORAL_ADDRESS": client.service_client.config.target_host,
            "TEMPORAL_NAMESPACE": client.namespace,
            "TASK_QUEUE": task_queue,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


async def cli_until(client, task_queue: str, condition, timeout: float = 30) -> str:
    outputs = []

    async def check() -> bool:
        outputs.append(await asyncio.to_thread(check_backlog, client, task_queue))
        return condition(outputs[-1])

    try:
        await poll_until(check, timeout, "the CLI's answer", interval=0.5)
    except AssertionError as timed_out:
        raise AssertionError(f"{timed_out}\nlast CLI output:\n{outputs[-1] if outputs else None}") from None
    return outputs[-1]


def backlog_row(cli_output: str, task_type: str) -> int:
    # e.g. "  UNVERSIONED  workflow   12  2.29s  ..."
    match = re.search(rf"^\s*UNVERSIONED\s+{task_type}\s+(\d+)\s", cli_output, re.M)
    assert match, cli_output
    return int(match.group(1))


def pollers(cli_output: str) -> list[str]:
    section = cli_output.split("Pollers:", 1)[1].split("===", 1)[0]
    return re.findall(r"^\s*UNVERSIONED\s+workflow\s+(\S+)", section, re.M)


async def test_cli_shows_the_backlog_then_workers_drain_it(client, task_queue, worker_env, spawn):
    handles = [
        await client.start_workflow(
            OrderWorkflow.run,
            Order(f"order-{n}", "Ada", "4242", 100),
            id=f"order-{n}-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        for n in range(ORDERS)
    ]
    assert await wait_for_backlog(client, task_queue, ORDERS) == ORDERS  # the API
    # The CLI, via the lesson's script. Its statistics are approximate and
    # refreshed by the server every few seconds: poll (bounded).
    before = await cli_until(client, task_queue, lambda out: backlog_row(out, "workflow") == ORDERS)
    assert pollers(before) == []
    assert "=== Running workflows ===" in before and re.search(r"Total: \d+", before)

    second_port = free_port(worker_env["HEALTH_PORT"])
    workers = [
        await spawn(
            f"worker-{n}", *python_module("examples.lesson9.worker"), env={**worker_env, "HEALTH_PORT": str(port)}
        )
        for n, port in enumerate([worker_env["HEALTH_PORT"], second_port])
    ]
    results = await asyncio.wait_for(asyncio.gather(*(h.result() for h in handles)), 60)
    assert len(results) == ORDERS
    assert await wait_for_backlog(client, task_queue, 0) == 0
    identities = {w.process.pid for w in workers}
    await cli_until(  # backlog gone, and both workers among the pollers
        client,
        task_queue,
        lambda out: backlog_row(out, "workflow") == 0 and {int(p.split("@")[0]) for p in pollers(out)} == identities,
    )

    for worker in workers:
        worker.signal(signal.SIGTERM)
    for worker in workers:
        await worker.wait(timeout=30)
        worker.assert_clean_exit()


async def test_the_operator_subcommand_from_the_quiz_does_not_exist(client):
    proc = subprocess.run(
        [
            installed_binary("temporal"),
            "operator",
            "task-queue",
            "describe",
            "--task-queue",
            "orders",
            "--address",
            client.service_client.config.target_host,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0 and "unknown flag: --task-queue" in proc.stderr

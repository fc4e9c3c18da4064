"""examples/lesson4/start_server.sh: the dev server keeps its runs in the --db-filename file.

The test runs the script as a learner does (its own server on free ports),
runs every example of the lesson against it, stops the server as Ctrl-C does,
starts it again on the same file, and finds the runs still there. Then every
example runs a second time on that same server, in a namespace other than
"default", and prints the same transcript.
"""

import asyncio

from temporalio.client import Client, WorkflowExecutionStatus

from tests.support.run_example import assert_output_matches_recorded, run_example

MODULES = [
    "examples.lesson4.first_workflow",
    "examples.lesson4.inspect_run",
    "examples.lesson4.run_ids",
    "examples.lesson4.duplicate_starts",
]


def test_runs_survive_a_restart_of_the_server_on_its_database_file(own_server, tmp_path):
    db_file = tmp_path / "orders.db"
    server = own_server(db_file)
    assert_output_matches_recorded(MODULES[0], run_example(MODULES[0], env=server.env))
    before = asyncio.run(describe(server.address, "order-A-1001"))
    assert before.status == WorkflowExecutionStatus.COMPLETED
    assert db_file.stat().st_size > 0

    server.stop()  # Ctrl-C: the process ends
    assert server.process.returncode is not None
    again = own_server(db_file, port=int(server.address.rsplit(":", 1)[1]))  # same file, same port

    after = asyncio.run(describe(again.address, "order-A-1001"))
    assert (after.run_id, after.status) == (before.run_id, WorkflowExecutionStatus.COMPLETED)


async def describe(address: str, workflow_id: str):
    client = await Client.connect(address)
    return await client.get_workflow_handle(workflow_id).describe()


def test_every_example_runs_twice_in_a_row_on_one_server_in_any_namespace(own_server, tmp_path):
    """Fixed business ids, yet a second run works: each example closes its runs, and the
    default reuse policy lets a closed id start again. No namespace name is printed."""
    server = own_server(tmp_path / "orders.db", namespace="course-check")
    env = {**server.env, "TEMPORAL_NAMESPACE": "course-check"}
    for module in MODULES:
        for _ in range(2):
            assert_output_matches_recorded(module, run_example(module, env=env))

"""examples/lesson4/worker.py and cli.sh: the lesson's client calls, made with the temporal CLI.

The test starts the lesson's server (start_server.sh), the worker module as a
learner does (TEMPORAL_ADDRESS set), and runs cli.sh against them; it checks
what each command printed, then stops the worker with Ctrl-C (SIGINT).
"""

import re
import signal
import subprocess

from tests.examples.lesson4.conftest import LESSON
from tests.support.run_example import Terminal, assert_output_matches_recorded

MODULE = "examples.lesson4.worker"


def test_cli_script_starts_waits_for_describes_queries_shows_and_lists_the_run(own_server, tmp_path):
    server = own_server(tmp_path / "orders.db")
    worker = Terminal(MODULE, env=server.env)  # as a learner runs it, in a terminal
    try:
        worker.wait_for("worker polling task queue lesson4-orders")
        outputs = []
        for _ in range(2):  # twice in a row: the closed id starts a new run
            cli = subprocess.run(
                ["sh", str(LESSON / "cli.sh")], env=server.env, capture_output=True, text=True, timeout=120
            )
            assert cli.returncode == 0, cli.stdout + cli.stderr
            outputs.append(cli.stdout)
        worker.signal(signal.SIGINT)  # Ctrl-C
        shown = worker.finish(90)  # exit 0: no traceback, the module stops quietly
    finally:
        worker.kill()
    assert_output_matches_recorded(MODULE, shown)

    out = outputs[1]
    assert re.search(r"WorkflowId\s+order-B-2001", out)  # start
    assert re.search(r'Result\s+"order B-2001 paid 4200 cents \(pay-B-2001\)"', out)  # result
    assert re.search(r"Status\s+COMPLETED", out)  # describe
    assert re.search(r'QueryResult\s+"paid"', out)  # query
    for event in ("WorkflowExecutionStarted", "ActivityTaskCompleted", "WorkflowExecutionCompleted"):
        assert event in out  # show
    listed = [line for line in out.splitlines() if re.match(r"\s*Completed\s+order-B-2001\s", line)]
    assert len(listed) == 2, out  # list: both runs of the id, the first one's and the second's

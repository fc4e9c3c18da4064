"""The terminal ``run_example`` and ``Terminal`` give an example behaves as a learner's,
however the suite itself was started."""

import signal

import pytest

from tests.support.run_example import Terminal


@pytest.mark.parametrize("inherited", [signal.SIG_IGN, signal.default_int_handler], ids=["ignored", "handled"])
def test_ctrl_c_reaches_the_terminals_process_even_when_the_suite_ignores_sigint(inherited):
    # `./run test &` from a script or a CI runner starts the suite with SIGINT ignored (POSIX:
    # a background job of a non-interactive shell); the example inherited that, and lesson 4's
    # worker (test_worker.py) ignored the test's Ctrl-C until its 90 s timeout.
    previous = signal.signal(signal.SIGINT, inherited)
    try:
        console = Terminal("code")  # Python's interactive console: Ctrl-C prints KeyboardInterrupt
        assert signal.getsignal(signal.SIGINT) is inherited  # the suite's own setting is back
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        console.wait_for(">>> ")
        console.signal(signal.SIGINT)
        console.wait_for("KeyboardInterrupt", timeout=10)
    finally:
        console.kill()

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
        probe = Terminal("tests.support.wait_for_ctrl_c")  # prints "interrupted" on Ctrl-C, then exits 0
        assert signal.getsignal(signal.SIGINT) is inherited  # the suite's own setting is back
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        probe.wait_for("waiting for Ctrl-C")
        probe.signal(signal.SIGINT)
        assert probe.finish(30).endswith("interrupted\n")  # exit 0, after the Ctrl-C handler ran
    finally:
        probe.kill()


def test_ctrl_c_reaches_the_terminals_process_even_when_the_suite_blocks_sigint():
    # A thread's blocked signals are inherited by every process it starts (and kept across
    # exec): a suite thread with SIGINT blocked would start examples deaf to Ctrl-C.
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        probe = Terminal("tests.support.wait_for_ctrl_c")
        assert signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set())  # the suite's own mask is back
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    try:
        probe.wait_for("waiting for Ctrl-C")
        probe.signal(signal.SIGINT)
        assert probe.finish(30).endswith("interrupted\n")
    finally:
        probe.kill()

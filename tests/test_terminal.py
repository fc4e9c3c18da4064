"""The terminal ``run_example`` and ``Terminal`` give an example behaves as a learner's,
however the suite itself was started."""

import signal
import warnings

import pytest

from tests.support.run_example import CrashedAtExit, CrashedAtExitWarning, Terminal, run_example


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


# sdk-python#300: a native thread of the SDK can crash an example after all its work is done.
def test_an_example_that_crashed_at_exit_runs_once_more_with_a_warning(tmp_path):
    runs = tmp_path / "runs"
    with pytest.warns(CrashedAtExitWarning, match=r"was killed by SIGABRT(.|\n)*sdk-python#300"):
        output = run_example("tests.support.crash_at_exit", env={"PROBE_RUNS": str(runs), "PROBE_CRASH": "once"})
    assert output == "all work done\n"  # the second run's, complete
    assert runs.read_text().count("run") == 2


def test_the_suite_reports_a_crash_at_exit_without_failing_the_test_on_it(tmp_path):
    # As every test of the suite sees it: no pytest.warns, only the filters of pyproject.toml.
    # Under "error" alone the warning failed the test at the first crash, before the run once more.
    runs = tmp_path / "runs"
    with warnings.catch_warnings(record=True) as caught:
        output = run_example("tests.support.crash_at_exit", env={"PROBE_RUNS": str(runs), "PROBE_CRASH": "once"})
    assert output == "all work done\n"
    assert [warning.category for warning in caught] == [CrashedAtExitWarning]


def test_an_example_that_crashes_at_exit_twice_fails(tmp_path):
    runs = tmp_path / "runs"
    with pytest.warns(CrashedAtExitWarning), pytest.raises(CrashedAtExit, match="Python runtime state: finalizing"):
        run_example("tests.support.crash_at_exit", env={"PROBE_RUNS": str(runs), "PROBE_CRASH": "always"})
    assert runs.read_text().count("run") == 2


def test_any_other_crash_fails_at_once(tmp_path):
    runs = tmp_path / "runs"
    with pytest.raises(AssertionError, match="was killed by SIGABRT") as failure:
        run_example("tests.support.crash_at_exit", env={"PROBE_RUNS": str(runs), "PROBE_CRASH": "plain"})
    assert not isinstance(failure.value, CrashedAtExit)
    assert runs.read_text().count("run") == 1

"""examples/lesson5/heartbeats.py against a real Temporal server."""

from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    """An attempt that stops heartbeating is timed out by heartbeat_timeout (2 s) long before its
    start_to_close_timeout (10 min), and the next attempt reads the last heartbeat's details."""
    module = "examples.lesson5.heartbeats"
    assert_output_matches_recorded(module, run_example(module, timeout=60))

"""examples/lesson6/dynamic_handlers.py against a real Temporal server."""

from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    """Signals and a query of names no method has reach the dynamic handlers, with their
    names and arguments."""
    module = "examples.lesson6.dynamic_handlers"
    assert_output_matches_recorded(module, run_example(module))

"""examples/lesson4/run_ids.py against a real Temporal server."""

from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    """Starting the id of a closed run again makes a second run: same workflow id, a new run id;
    the first run stays COMPLETED, and a handle without a run id reaches the latest run."""
    module = "examples.lesson4.run_ids"
    assert_output_matches_recorded(module, run_example(module))

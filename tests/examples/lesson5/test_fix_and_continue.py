"""examples/lesson5/fix_and_continue.py against a real Temporal server."""

from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_runs_on_its_own_and_prints_the_recorded_output():
    """A failing activity stays pending (attempt count, last error) in a RUNNING workflow; a worker
    with the fixed activity under the same name completes the same run, and the step already
    done (charge_card, printed once) does not run again."""
    module = "examples.lesson5.fix_and_continue"
    assert_output_matches_recorded(module, run_example(module))

"""examples/lesson9/reminder.py (its crash test is test_dev_server.py)."""

from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.reminder", run_example("examples.lesson9.reminder"))

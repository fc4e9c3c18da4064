"""examples/lesson9/reminder.py (its crash test is test_dev_server.py)."""

from tests.examples.lesson9.conftest import example_stdout
from tests.support.run_example import assert_output_matches_recorded


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.reminder", example_stdout("examples.lesson9.reminder"))

"""examples/lesson8/order_workflow_tests.py: the lesson's workflow tests, collected and run here.

Importing the test functions and their fixture makes pytest run them as tests
of this module. The last test runs the module as the page tells a learner to.
"""

from examples.lesson8.order_workflow_tests import (  # noqa: F401  (collected by pytest)
    env,
    test_cancel_signal_during_the_window_cancels_the_order,
    test_order_succeeds_with_every_activity_mocked,
    test_payment_failure_releases_the_reservation,
)
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_module_runs_its_tests_when_run_as_a_script():
    output = run_example("examples.lesson8.order_workflow_tests")
    assert output.count("PASSED ") == 3
    assert_output_matches_recorded("examples.lesson8.order_workflow_tests", output)

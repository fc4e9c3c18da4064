"""examples/lesson8/order_workflow.py runs as a learner runs it.

The workflow's behaviour is tested by the lesson's own tests, which the page
shows: ``examples/lesson8/order_workflow_tests.py`` (mocked activities,
time-skipping server), ``activity_tests.py`` (ActivityEnvironment) and
``integration_tests.py`` (dev server), each collected by its mirror here.
"""

from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_completes_one_order_and_cancels_another():
    output = run_example("examples.lesson8.order_workflow")
    assert "A-1: completed, payment-1, shipment-A-1" in output
    assert "A-2: canceled" in output
    assert_output_matches_recorded("examples.lesson8.order_workflow", output)

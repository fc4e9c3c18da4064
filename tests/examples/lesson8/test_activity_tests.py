"""examples/lesson8/activity_tests.py: the lesson's activity unit tests, collected and run here."""

from examples.lesson8.activity_tests import (  # noqa: F401  (collected by pytest)
    test_a_retry_resumes_from_the_last_heartbeat,
    test_charge_payment_is_idempotent,
    test_charge_payment_returns_the_payment_id,
    test_create_shipment_heartbeats_its_progress,
    test_create_shipment_stops_when_cancelled,
)
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_module_runs_its_tests_when_run_as_a_script():
    output = run_example("examples.lesson8.activity_tests")
    assert output.count("PASSED ") == 5
    assert_output_matches_recorded("examples.lesson8.activity_tests", output)

"""examples/lesson9/tls_proxy.py (the refusals it enforces are tested in test_mtls.py)."""

from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.tls_proxy", run_example("examples.lesson9.tls_proxy"))

"""examples/lesson9/tls_proxy.py (the refusals it enforces are tested in test_mtls.py)."""

from tests.examples.lesson9.conftest import example_stdout
from tests.support.run_example import assert_output_matches_recorded


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.tls_proxy", example_stdout("examples.lesson9.tls_proxy"))

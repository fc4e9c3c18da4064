"""examples/lesson8/integration_tests.py: the lesson's integration test, collected and run here.

Its ``client`` fixture (``temporal_client()``: the embedded dev server, or
``TEMPORAL_ADDRESS``) replaces the session's ``client`` in this module.
"""

import subprocess
import sys

from examples.lesson8.integration_tests import (  # noqa: F401  (collected by pytest)
    client,
    test_order_completes_on_a_real_server,
)
from tests.support.run_example import ROOT, assert_output_matches_recorded, run_example


def test_module_runs_its_tests_when_run_as_a_script():
    output = run_example(
        "examples.lesson8.integration_tests",
    )
    assert output.count("PASSED ") == 1
    assert_output_matches_recorded("examples.lesson8.integration_tests", output)


def test_the_integration_marker_selects_it_and_not_integration_skips_it():
    assert test_order_completes_on_a_real_server.pytestmark[0].name == "integration"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-m", "not integration",
         "examples/lesson8/integration_tests.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "1 deselected" in proc.stdout, proc.stdout

"""Fixtures of the Lesson 1 tests.

- ``example_env``: environment for ``run_example`` that points the example at
  the session's dev server (``TEMPORAL_ADDRESS``) instead of starting one more.
"""

import os

import pytest
from temporalio.testing import WorkflowEnvironment


@pytest.fixture
def example_env(dev_env: WorkflowEnvironment) -> dict[str, str]:
    if os.environ.get("TEMPORAL_ADDRESS"):
        return {}
    return {"TEMPORAL_ADDRESS": dev_env.client.service_client.config.target_host}

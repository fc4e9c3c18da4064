"""examples/lesson8/versioning.py: patched -> deprecate_patch -> removed, proven by replaying real histories.

The histories in ``histories/`` were recorded on the dev server by running each
deployment of the workflow once. They are the test data of a replay test, as a
team would keep histories downloaded from production (``temporal workflow show
-w ID -o json``). Re-record them after changing the workflows with:

    UPDATE_HISTORIES=1 .venv/bin/python -m pytest tests/examples/lesson8/test_versioning.py
"""

import json
import os
from pathlib import Path

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHistory
from temporalio.converter import DataConverter
from temporalio.worker import Replayer
from temporalio.workflow import NondeterminismError

from examples.lesson8.versioning import (
    OrderWorkflowDeprecated,
    OrderWorkflowFinal,
    OrderWorkflowPatched,
    OrderWorkflowUnsafe,
    OrderWorkflowV1,
    record_history,
    replay,
)
from tests.support.run_example import assert_output_matches_recorded, run_example

HISTORIES = Path(__file__).parent / "histories"
RECORDED_BY = {"v1": OrderWorkflowV1, "patched": OrderWorkflowPatched, "deprecated": OrderWorkflowDeprecated}

ACTIVITY_CHANGED = (
    "Activity type of scheduled event 'charge_payment' does not match activity type of activity command 'check_fraud'"
)
MARKER_WITHOUT_PATCH = (
    "Non-deprecated patch marker encountered for change add-fraud-check, but there is no corresponding change command!"
)

# (history recorded by, replayed by) -> None for a clean replay, or the non-determinism it must report.
EXPECTED = {
    ("v1", OrderWorkflowV1): None,
    ("v1", OrderWorkflowUnsafe): ACTIVITY_CHANGED,
    ("v1", OrderWorkflowPatched): None,
    ("v1", OrderWorkflowDeprecated): ACTIVITY_CHANGED,
    ("v1", OrderWorkflowFinal): ACTIVITY_CHANGED,
    ("patched", OrderWorkflowPatched): None,
    ("patched", OrderWorkflowDeprecated): None,
    ("patched", OrderWorkflowFinal): MARKER_WITHOUT_PATCH,
    ("deprecated", OrderWorkflowDeprecated): None,
    ("deprecated", OrderWorkflowFinal): None,
}


def stored_history(name: str) -> WorkflowHistory:
    data = json.loads((HISTORIES / f"{name}.json").read_text(encoding="utf-8"))
    return WorkflowHistory.from_json(data["workflow_id"], data["history"])


@pytest.fixture(scope="module", autouse=True)
async def rerecord_histories_if_asked(dev_env):
    """UPDATE_HISTORIES=1: run each deployment once on the dev server and store its history."""
    if os.environ.get("UPDATE_HISTORIES") != "1":
        return
    client: Client = dev_env.client
    HISTORIES.mkdir(exist_ok=True)
    for name, workflow_class in RECORDED_BY.items():
        history = await record_history(client, workflow_class, "A-1")
        data = {"workflow_id": history.workflow_id, "history": history.to_json_dict()}
        (HISTORIES / f"{name}.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def activities_scheduled(history: WorkflowHistory) -> list[str]:
    return [
        e.activity_task_scheduled_event_attributes.activity_type.name
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    ]


def patch_markers(history: WorkflowHistory) -> list[dict]:
    """The data of each patch marker, e.g. {"id": "add-fraud-check", "deprecated": False}."""
    converter = DataConverter.default.payload_converter
    return [
        converter.from_payload(e.marker_recorded_event_attributes.details["patch-data"].payloads[0])
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
        and e.marker_recorded_event_attributes.marker_name == "core_patch"
    ]


def test_stored_histories_come_from_the_deployments_they_are_named_after():
    v1, patched, deprecated = (stored_history(n) for n in RECORDED_BY)
    assert activities_scheduled(v1) == ["validate_order", "charge_payment"]
    assert patch_markers(v1) == []
    # patched() is True in a new run: the fraud check ran, and the marker was recorded.
    assert activities_scheduled(patched) == ["validate_order", "check_fraud", "charge_payment"]
    assert patch_markers(patched) == [{"id": "add-fraud-check", "deprecated": False}]
    # deprecate_patch() records the marker too, flagged deprecated.
    assert activities_scheduled(deprecated) == ["validate_order", "check_fraud", "charge_payment"]
    assert patch_markers(deprecated) == [{"id": "add-fraud-check", "deprecated": True}]


@pytest.mark.parametrize(
    ("recorded_by", "replayed_by"), list(EXPECTED), ids=[f"{r}-by-{c.__name__}" for r, c in EXPECTED]
)
async def test_replay(recorded_by, replayed_by):
    history = stored_history(recorded_by)
    expected_error = EXPECTED[(recorded_by, replayed_by)]

    result = await Replayer(workflows=[replayed_by]).replay_workflow(history, raise_on_replay_failure=False)

    if expected_error is None:
        assert result.replay_failure is None
        assert await replay(history, replayed_by) == "ok"  # the example's helper agrees
    else:
        assert isinstance(result.replay_failure, NondeterminismError)
        assert expected_error in str(result.replay_failure)
        assert await replay(history, replayed_by) == "NondeterminismError"


def test_example_prints_the_replay_matrix():
    output = run_example("examples.lesson8.versioning")
    assert_output_matches_recorded("examples.lesson8.versioning", output)

"""Timelines from recorded workflow histories (issue 12): parsing, drawing, the directive, the colours."""

from __future__ import annotations

import colorsys
import itertools
import json
import re
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import pytest

from tested_examples.core import ExampleError
from tested_examples.core import history as history_module
from tested_examples.core.history import (
    RunHistory,
    comparison_lines,
    overlapping_pairs,
    parse_history,
    proof_path,
    read_history,
    sha256_of,
    stale_reason,
)
from tested_examples.core.timeline import Shown, render_timeline
from tests.plugin.conftest import PAGE, render, write_files
from tests.support.histories import assert_same_run

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
MS = 1_000_000  # the model's times are nanoseconds


# -- a history builder ------------------------------------------------------------------------------------------------
def _time(ms: int) -> str:
    return f"2026-01-01T00:00:{ms // 1000:02d}.{ms % 1000:03d}000000Z"


def _enum(event_type: str) -> str:
    return "EVENT_TYPE_" + re.sub(r"(?<!^)([A-Z])", r"_\1", event_type).upper()


@dataclass
class History:
    """A workflow history as the SDK writes it, built event by event (ids in order, times as given)."""

    workflow: str = "OrderWorkflow"
    style: str = "enum"  # enum: EVENT_TYPE_ACTIVITY_TASK_SCHEDULED; camel: ActivityTaskScheduled
    events: list[dict[str, object]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.add("WorkflowExecutionStarted", 0, workflowType={"name": self.workflow})

    def add(self, event_type: str, ms: int, **attributes: object) -> int:
        event_id = len(self.events) + 1
        name = _enum(event_type) if self.style == "enum" else event_type
        key = event_type[0].lower() + event_type[1:] + "EventAttributes"
        self.events.append({"eventId": str(event_id), "eventTime": _time(ms), "eventType": name, key: attributes})
        return event_id

    def schedule(self, name: str, ms: int, batch: int = 4) -> int:
        return self.add(
            "ActivityTaskScheduled", ms, activityId=str(len(self.events)), activityType={"name": name},
            workflowTaskCompletedEventId=str(batch),
        )  # fmt: skip

    def finish(self, scheduled: int, started: int, closed: int, outcome: str = "Completed", **extra: object) -> None:
        attempt = extra.pop("attempt", 1)
        last_failure = extra.pop("last_failure", None)
        started_attrs: dict[str, object] = {"scheduledEventId": str(scheduled), "attempt": attempt}
        if last_failure is not None:
            started_attrs["lastFailure"] = last_failure
        started_id = self.add("ActivityTaskStarted", started, **started_attrs)
        self.add(
            f"ActivityTask{outcome}", closed, scheduledEventId=str(scheduled), startedEventId=str(started_id), **extra
        )

    def close(self, ms: int, outcome: str = "Completed") -> History:
        self.add(f"WorkflowExecution{outcome}", ms)
        return self

    def json(self, indent: int | None = 1) -> str:
        return json.dumps({"events": self.events}, indent=indent)


def timeout(kind: str = "START_TO_CLOSE") -> dict[str, object]:
    return {"message": "activity StartToClose timeout", "timeoutFailureInfo": {"timeoutType": f"TIMEOUT_TYPE_{kind}"}}


def sequential(style: str = "enum") -> History:
    h = History(style=style)
    email = h.schedule("send_email", 100)
    h.finish(email, 110, 600)
    sms = h.schedule("send_sms", 610, batch=10)
    h.finish(sms, 620, 900)
    return h.close(950)


def parallel() -> History:
    h = History()
    email, sms = h.schedule("send_email", 100), h.schedule("send_sms", 100)
    h.finish(sms, 105, 400)  # the SDK writes an attempt's started event when it closes: in closing order
    h.finish(email, 102, 600)
    return h.close(650)


def retried() -> History:
    """Attempt 1 timed out (start-to-close), attempt 2 completed: the history records attempt 2 only."""
    h = History(workflow="ChargeWorkflow")
    charge = h.schedule("charge", 10)
    h.finish(charge, 2020, 2100, attempt=2, last_failure=timeout())
    return h.close(2150)


def timed_out() -> History:
    h = History(workflow="ChargeWorkflow")
    charge = h.schedule("charge", 10)
    h.finish(charge, 20, 1020, outcome="TimedOut", failure=timeout())
    return h.close(1100, outcome="Failed")


def with_timer_child_signal_update() -> History:
    h = History(workflow="ApprovalWorkflow")
    timer = h.add("TimerStarted", 10, timerId="1", startToFireTimeout="1s")
    h.add("WorkflowExecutionSignaled", 300, signalName="approve")
    h.add("WorkflowExecutionUpdateAccepted", 400, acceptedRequest={"input": {"name": "set_address"}})
    h.add("TimerFired", 1010, timerId="1", startedEventId=str(timer))
    child = h.add("StartChildWorkflowExecutionInitiated", 1020, workflowType={"name": "ShipWorkflow"})
    h.add("ChildWorkflowExecutionStarted", 1030, initiatedEventId=str(child))
    h.add("ChildWorkflowExecutionCompleted", 1500, initiatedEventId=str(child))
    return h.close(1600)


def never_started() -> History:
    """No worker picked the activity up: it timed out schedule-to-start, without a started event."""
    h = History(workflow="ChargeWorkflow")
    charge = h.schedule("charge", 10)
    h.add("ActivityTaskTimedOut", 1010, scheduledEventId=str(charge), failure=timeout("SCHEDULE_TO_START"))
    return h.close(1100, outcome="Failed")


def still_running() -> History:
    """Fetched before the workflow closed: the activity has started, nothing has closed."""
    h = History()
    h.schedule("send_email", 100)
    h.add("ActivityTaskStarted", 150, scheduledEventId="2", attempt=1)  # a pending attempt, as the UI shows it
    return h


def parse(h: History, indent: int | None = 1) -> RunHistory:
    return parse_history(h.json(indent), "examples/lesson8/x.run.history.json")


# -- parsing -----------------------------------------------------------------------------------------------------------
def rows(run: RunHistory) -> list[tuple[object, ...]]:
    return [
        (row.kind, row.label, row.scheduled // MS, row.closed // MS if row.closed is not None else None, row.outcome,
         [(a.number, a.outcome, a.timeout_type, a.recorded) for a in row.attempts])
        for row in run.rows
    ]  # fmt: skip


PARSED = [
    pytest.param(
        sequential(),
        ("OrderWorkflow", "completed", 950),
        [
            ("activity", "send_email", 100, 600, "completed", [(1, "completed", None, True)]),
            ("activity", "send_sms", 610, 900, "completed", [(1, "completed", None, True)]),
        ],
        [],
        id="sequential",
    ),
    pytest.param(
        sequential(style="camel"),
        ("OrderWorkflow", "completed", 950),
        [
            ("activity", "send_email", 100, 600, "completed", [(1, "completed", None, True)]),
            ("activity", "send_sms", 610, 900, "completed", [(1, "completed", None, True)]),
        ],
        [],
        id="camel-case-event-types",
    ),
    pytest.param(
        parallel(),
        ("OrderWorkflow", "completed", 650),
        [
            ("activity", "send_email", 100, 600, "completed", [(1, "completed", None, True)]),
            ("activity", "send_sms", 100, 400, "completed", [(1, "completed", None, True)]),
        ],
        [("send_email", "send_sms")],
        id="parallel",
    ),
    pytest.param(
        retried(),
        ("ChargeWorkflow", "completed", 2150),
        [
            (
                "activity",
                "charge",
                10,
                2100,
                "completed",
                [(1, "timed out", "start-to-close", False), (2, "completed", None, True)],
            ),
        ],
        [],
        id="timed-out-then-completed",
    ),
    pytest.param(
        timed_out(),
        ("ChargeWorkflow", "failed", 1100),
        [("activity", "charge", 10, 1020, "timed out", [(1, "timed out", "start-to-close", True)])],
        [],
        id="timed-out",
    ),
    pytest.param(
        never_started(),
        ("ChargeWorkflow", "failed", 1100),
        [("activity", "charge", 10, 1010, "timed out", [(1, "timed out", "schedule-to-start", True)])],
        [],
        id="never-started",
    ),
    pytest.param(
        with_timer_child_signal_update(),
        ("ApprovalWorkflow", "completed", 1600),
        [
            ("timer", "timer 1", 10, 1010, "fired", [(1, "fired", None, True)]),
            ("child workflow", "ShipWorkflow", 1020, 1500, "completed", [(1, "completed", None, True)]),
        ],
        [],
        id="timer-child-signal-update",
    ),
]


@pytest.mark.parametrize(("history", "workflow", "expected_rows", "overlaps"), PARSED)
def test_a_history_becomes_rows_with_attempts(history, workflow, expected_rows, overlaps) -> None:
    run = parse(history)
    assert (run.workflow_type, run.outcome, run.closed // MS) == workflow
    assert rows(run) == expected_rows
    assert [(a.label, b.label) for a, b in overlapping_pairs(run)] == overlaps


def test_signals_and_updates_are_ticks() -> None:
    run = parse(with_timer_child_signal_update())
    assert [(t.kind, t.name, t.at // MS) for t in run.ticks] == [
        ("signal", "approve", 300),
        ("update", "set_address", 400),
    ]


def test_the_same_name_scheduled_twice_gets_two_labels() -> None:
    h = History()
    first = h.schedule("notify", 10)
    h.finish(first, 11, 20)
    second = h.schedule("notify", 30)
    h.finish(second, 31, 40)
    assert [row.label for row in parse(h.close(50)).rows] == ["notify", "notify (2)"]


@pytest.mark.parametrize("name", ["sequential", "parallel"])
def test_the_recorded_lesson8_runs_parse(name: str) -> None:
    run = read_history(ROOT / f"examples/lesson8/parallel.{name}.history.json", name)
    assert [row.name for row in run.rows] == ["send_email", "send_sms"]
    assert bool(overlapping_pairs(run)) == (name == "parallel")


# -- hostile histories -------------------------------------------------------------------------------------------------
def events_json(*events: object) -> str:
    return json.dumps({"events": list(events)}, indent=1)


START = {"eventId": "1", "eventTime": _time(0), "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED",
         "workflowExecutionStartedEventAttributes": {"workflowType": {"name": "W"}}}  # fmt: skip


def event(event_id: object = "2", ms: int = 10, event_type: object = "EVENT_TYPE_TIMER_STARTED", **attrs: object):
    return {"eventId": event_id, "eventTime": _time(ms), "eventType": event_type, "timerStartedEventAttributes": attrs}


# In events_json(START, ...), START spans JSON lines 3-12 and the next event begins on line 13.
HOSTILE = [
    ("{", "H.json:1: not valid JSON: Expecting property name enclosed in double quotes"),
    ('{"events": [}', "H.json:1: not valid JSON"),
    ("[1, 2]", 'H.json: not a workflow history (expected a JSON object {"events": [...]})'),
    ('{"events": {}}', "H.json: not a workflow history"),
    ('{"events": []}', "H.json: the history has no events"),
    ("[" * 100_000 + "]" * 100_000, "H.json: JSON nested too deeply to be a workflow history"),
    (events_json(7), "H.json:3: event 1: is not a JSON object"),
    (events_json({"eventId": "1"}), "H.json:3: event 1: has no eventType name"),
    (
        events_json({**START, "eventType": "<script>"}),
        "H.json:3: event 1: eventType '<script>' is not an event type name",
    ),
    (events_json({**START, "eventId": "one"}), "H.json:3: event 1: has no eventId (a whole number)"),
    (events_json({**START, "eventTime": "yesterday"}), "H.json:3: event 1: has no eventTime like"),
    (
        events_json({**START, "eventTime": "2026-13-01T00:00:00Z"}),
        "event 1: eventTime '2026-13-01T00:00:00Z' is not a valid time",
    ),
    (
        events_json({**START, "workflowExecutionStartedEventAttributes": []}),
        "event 1: workflowExecutionStartedEventAttributes is not a JSON object",
    ),
    (
        events_json({**START, "workflowExecutionStartedEventAttributes": {}}),
        "H.json:3: event 1: has no workflowType.name",
    ),
    (events_json(event("1")), "event 1: a history starts with WorkflowExecutionStarted, not TimerStarted"),
    (
        events_json(START, event("1", timerId="t")),
        "H.json:13: event 2: eventId 1 does not follow 1: the events are out of order",
    ),
    (
        events_json(START, {**event(timerId="t"), "eventTime": "2025-12-31T23:59:59Z"}),
        "H.json:13: event 2: happened before the workflow started",
    ),
    (events_json(START, event(timerId="")), "H.json:13: event 2: has no timerId"),
    (
        events_json(START, event(event_type="EVENT_TYPE_TIMER_FIRED", startedEventId="9")),
        "H.json:13: event 2: TimerFired has no startedEventId of an earlier event that it closes",
    ),
    (
        events_json(START, event(event_type="EVENT_TYPE_ACTIVITY_TASK_COMPLETED")),
        "event 2: ActivityTaskCompleted has no scheduledEventId of an earlier event that it closes",
    ),
    (
        events_json(START, event(event_type="EVENT_TYPE_WORKFLOW_EXECUTION_STARTED")),
        "event 2: a second WorkflowExecutionStarted: a history records one run",
    ),
    (
        events_json(START, event(event_type="EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED"), event("3", timerId="t")),
        "event 3: TimerStarted after the workflow closed (completed)",
    ),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE, ids=[m.split(": ", 1)[-1][:40] for _, m in HOSTILE])
def test_a_malformed_history_is_an_error_naming_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ExampleError) as caught:
        parse_history(text, "H.json")
    assert message in caught.value.message
    assert "re-record it" in caught.value.fix or "record it with" in caught.value.fix


def test_a_closing_event_twice_is_an_error() -> None:
    h = History()
    timer = h.add("TimerStarted", 10, timerId="1")
    h.add("TimerFired", 20, timerId="1", startedEventId=str(timer))
    h.add("TimerFired", 30, timerId="1", startedEventId=str(timer))
    with pytest.raises(ExampleError, match="event 4: TimerFired closes timer 1, which had already closed"):
        parse(h)


def test_read_history_refuses_missing_huge_and_non_utf8_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ExampleError, match=r"^x.json does not exist\. Fix: re-record"):
        read_history(tmp_path / "missing.json", "x.json")
    (tmp_path / "latin1.json").write_bytes(b'{"events": ["\xe9"]}')
    with pytest.raises(ExampleError, match=r"x.json is not UTF-8 \(bad byte at offset 13\)"):
        read_history(tmp_path / "latin1.json", "x.json")
    (tmp_path / "big.json").write_text(sequential().json(), encoding="utf-8")
    monkeypatch.setattr(history_module, "MAX_BYTES", 100)
    with pytest.raises(ExampleError, match="more than a course example's history can be"):
        read_history(tmp_path / "big.json", "x.json")


# -- comparing a new run with the recording ----------------------------------------------------------------------------
def test_the_comparison_ignores_times_and_the_servers_order_of_concurrent_events() -> None:
    a, b = parallel(), History()
    email, sms = b.schedule("send_email", 200), b.schedule("send_sms", 200)
    b.finish(email, 201, 900)  # the other activity closes first, and every time differs
    b.finish(sms, 250, 700)
    assert comparison_lines(parse(a)) == comparison_lines(parse(b.close(990)))


@pytest.mark.parametrize(
    ("recorded", "new", "diff_line"),
    [
        (sequential(), parallel(), "+overlap send_email | send_sms"),
        (retried(), timed_out(), "+activity charge: attempt 1 timed out (start-to-close); timed out"),
        (sequential(), History().close(10), "-event ActivityTaskScheduled send_email"),
    ],
    ids=["overlap", "attempts", "events"],
)
def test_a_different_run_fails_the_comparison_with_a_diff(recorded: History, new: History, diff_line: str) -> None:
    with pytest.raises(AssertionError) as caught:
        assert_same_run(parse(recorded), parse_history(new.json(), "this run"))
    assert "re-record it with UPDATE_OUTPUTS=1" in str(caught.value)
    assert diff_line in str(caught.value).splitlines()


def test_a_recording_is_fresh_only_while_a_test_compared_it(tmp_path: Path) -> None:
    recording = "examples/lesson8/x.run.history.json"
    (tmp_path / "examples/lesson8").mkdir(parents=True)
    (tmp_path / recording).write_text(sequential().json(), encoding="utf-8")
    assert stale_reason(tmp_path, recording) == (
        f"no test compared a new run with {recording} (no .cache/tested-examples/histories/{recording}.proof.json)"
    )
    proof = proof_path(tmp_path, recording)
    proof.parent.mkdir(parents=True)
    data = {"recording": recording, "sha256": sha256_of(tmp_path / recording), "test": "tests/t.py::t"}
    proof.write_text(json.dumps(data), encoding="utf-8")
    assert stale_reason(tmp_path, recording) is None
    (tmp_path / recording).write_text(parallel().json(), encoding="utf-8")
    assert stale_reason(tmp_path, recording) == f"{recording} changed after tests/t.py::t last compared a run with it"


def test_a_recording_is_stale_once_its_example_changed(tmp_path: Path) -> None:
    recording, example = "examples/lesson8/x.run.history.json", "examples/lesson8/x.py"
    write_files(tmp_path, {recording: sequential().json(), example: EXAMPLE})
    proof = proof_path(tmp_path, recording)
    proof.parent.mkdir(parents=True)
    data = {"recording": recording, "sha256": sha256_of(tmp_path / recording), "test": "tests/t.py::t",
            "example": example, "example_sha256": sha256_of(tmp_path / example)}  # fmt: skip
    proof.write_text(json.dumps(data), encoding="utf-8")
    assert stale_reason(tmp_path, recording) is None
    (tmp_path / example).write_text(EXAMPLE + "# changed\n", encoding="utf-8")
    assert stale_reason(tmp_path, recording) == (
        f"{example} changed after tests/t.py::t last compared a run of it with {recording}"
    )


# -- drawing -----------------------------------------------------------------------------------------------------------
def figure_of(*histories: History, caption: str | None = None) -> str:
    shown = [Shown(f"run{i}", parse(h)) for i, h in enumerate(histories)]
    return render_timeline(shown, ident="t", caption=caption)


def svg_of(html_text: str) -> ET.Element:
    figure = ET.fromstring(html_text)  # the figure is well-formed XML
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    return svg


def bars(svg: ET.Element) -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if "tl-bar" in r.get("class", "").split()]


DRAWN = [
    pytest.param(
        [sequential()],
        "Timeline of the recorded run OrderWorkflow",
        "OrderWorkflow: activity send_email ran from 0.10 s to 0.60 s, then activity send_sms ran from 0.61 s "
        "to 0.90 s; the workflow completed at 0.95 s.",
        2,
        0,
        id="sequential",
    ),
    pytest.param(
        [parallel()],
        "Timeline of the recorded run OrderWorkflow",
        "OrderWorkflow: 2 activities ran in parallel between 100 ms and 600 ms (send_email, send_sms); "
        "the workflow completed at 650 ms.",
        2,
        0,
        id="parallel",
    ),
    pytest.param(
        [retried()],
        "Timeline of the recorded run ChargeWorkflow",
        "ChargeWorkflow: activity charge ran from 0.01 s to 2.10 s (charge: attempt 1 timed out (start-to-close), "
        "attempt 2 completed); the workflow completed at 2.15 s.",
        2,
        1,
        id="retried",
    ),
    pytest.param(
        [timed_out()],
        "Timeline of the recorded run ChargeWorkflow",
        "ChargeWorkflow: activity charge ran from 0.01 s to 1.02 s (charge: attempt 1 timed out (start-to-close)); "
        "the workflow failed at 1.10 s.",
        1,
        1,
        id="timed-out",
    ),
    pytest.param(
        [with_timer_child_signal_update()],
        "Timeline of the recorded run ApprovalWorkflow",
        "ApprovalWorkflow: timer timer 1 ran from 0.01 s to 1.01 s, then child workflow ShipWorkflow ran from 1.02 s "
        "to 1.50 s; signal approve at 0.30 s; update set_address at 0.40 s; the workflow completed at 1.60 s.",
        2,
        0,
        id="timer-child-ticks",
    ),
    pytest.param(
        [sequential(), parallel()],
        "Timeline of the recorded runs OrderWorkflow (run0) and OrderWorkflow (run1)",
        "OrderWorkflow (run0): activity send_email ran from 0.10 s to 0.60 s, then activity send_sms ran from 0.61 s "
        "to 0.90 s; the workflow completed at 0.95 s; OrderWorkflow (run1): 2 activities ran in parallel between "
        "0.10 s and 0.60 s (send_email, send_sms); the workflow completed at 0.65 s.",
        4,
        0,
        id="two-runs-one-axis",
    ),
]


DRAWN += [
    pytest.param(
        [never_started()],
        "Timeline of the recorded run ChargeWorkflow",
        "ChargeWorkflow: activity charge ran from 0.01 s to 1.01 s (charge: attempt 1 timed out (schedule-to-start)); "
        "the workflow failed at 1.10 s.",
        1, 1,
        id="never-started",
    ),
    pytest.param(
        [still_running()],
        "Timeline of the recorded run OrderWorkflow",
        "OrderWorkflow: activity send_email ran from 100 ms to 150 ms (send_email: attempt 1 running); "
        "the workflow was still running.",
        1, 0,
        id="still-running",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("histories", "title", "desc", "bar_count", "failure_marks"), DRAWN)
def test_the_drawing_says_what_it_shows(histories, title: str, desc: str, bar_count: int, failure_marks: int) -> None:
    svg = svg_of(figure_of(*histories))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "t-title t-desc"
    assert svg.findtext(f"{SVG}title") == title
    assert svg.findtext(f"{SVG}desc") == desc
    assert len(bars(svg)) == bar_count
    marks = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "tl-mark"]
    hatched = [r for r in bars(svg) if "tl-failed" in r.get("class", "")]
    assert len(marks) == len(hatched) == failure_marks
    assert all(r.get("fill") == "url(#t-hatch)" for r in hatched)


def test_a_failed_attempt_is_said_in_words_not_colour_alone() -> None:
    svg = svg_of(figure_of(retried()))
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert labels[2:4] == ["charge 2.09 s in all", "attempt 1 timed out (start-to-close), attempt 2 completed"]
    hatched = next(r for r in bars(svg) if "tl-failed" in r.get("class", ""))
    assert hatched.findtext(f"{SVG}title") == "charge: attempt 1 timed out (start-to-close)"


def test_the_axis_comes_from_the_recorded_times() -> None:
    svg = svg_of(figure_of(parallel()))
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "tl-tick-label"]
    assert ticks == ["0 ms", "200 ms", "400 ms", "600 ms", "800 ms"]
    email = next(r for r in bars(svg) if r.findtext(f"{SVG}title") == "send_email: attempt 1 completed")
    # 102 ms to 600 ms of an 800-ms axis drawn from x=6 to x=354
    assert (email.get("x"), email.get("width")) == ("50.4", "216.6")


@pytest.mark.parametrize(
    ("end_ms", "ticks"),
    [
        (579, ["0 ms", "200 ms", "400 ms", "600 ms"]),  # "ms" labels are wide: at most 5 intervals
        (650, ["0 ms", "200 ms", "400 ms", "600 ms", "800 ms"]),
        (950, ["0 s", "0.2 s", "0.4 s", "0.6 s", "0.8 s", "1.0 s"]),
        (1070, ["0 s", "0.2 s", "0.4 s", "0.6 s", "0.8 s", "1.0 s", "1.2 s"]),
        (2350, ["0 s", "0.5 s", "1.0 s", "1.5 s", "2.0 s", "2.5 s"]),
        (3, ["0 ms", "2 ms", "4 ms", "6 ms", "8 ms", "10 ms"]),  # whole milliseconds, never "0 ms" twice
        (45_000, ["0 s", "10 s", "20 s", "30 s", "40 s", "50 s"]),
    ],
)
def test_axis_ticks_are_round_and_their_labels_do_not_collide(end_ms: int, ticks: list[str]) -> None:
    h = History()
    h.close(end_ms)
    svg = svg_of(figure_of(h))
    labels = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "tl-tick-label"]
    assert [t.text for t in labels] == ticks
    # at about 6.5 units a character (font-size 11), neighbours keep 8 units apart
    edges = []
    for t in labels:
        x, width = float(t.get("x", 0)), 6.5 * len(t.text or "")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[t.get("text-anchor", "start")]
        edges.append((left, left + width))
    assert all(right + 8 <= left for (_, right), (left, _) in itertools.pairwise(edges)), edges


def test_the_drawing_fits_a_phone_and_needs_nothing_from_outside() -> None:
    text = figure_of(sequential(), parallel(), caption="durations scaled")
    svg = svg_of(text)
    assert svg.get("width") == "100%"
    assert re.fullmatch(r"0 0 360 \d+", svg.get("viewBox", ""))
    assert "<script" not in text and "style=" not in text
    assert re.findall(r"https?://[^\"' ]+", text) == ["http://www.w3.org/2000/svg"]
    assert all(len(t.text or "") <= 58 for t in svg.iter(f"{SVG}text"))
    assert "\n\n" not in text  # a raw HTML block: a blank line would end it


def test_the_same_facts_are_in_a_collapsed_table_with_the_caption() -> None:
    figure = ET.fromstring(figure_of(retried(), caption="durations scaled: the example sleeps 1 s"))
    assert figure.findtext("figcaption") == "durations scaled: the example sleeps 1 s"
    details = figure.find("details")
    assert details is not None and details.get("open") is None
    cells = [[cell.text for cell in row] for row in details.iter("tr")]
    assert cells[3:] == [
        ["activity charge", "1", "0.01 s", "not recorded", "not recorded", "timed out (start-to-close)"],
        ["activity charge", "2", None, "2.02 s", "2.10 s", "completed"],
    ]


def test_the_same_history_gives_the_same_bytes() -> None:
    compact = render_timeline([Shown("a", parse(parallel(), indent=None))], ident="t")
    pretty = render_timeline([Shown("a", parse(parallel(), indent=4))], ident="t")
    assert compact == pretty == render_timeline([Shown("a", parse(parallel()))], ident="t")


def test_names_from_a_history_are_escaped() -> None:
    h = History(workflow="W<script>")
    charge = h.schedule("a&b<i>", 10)
    h.finish(charge, 11, 20)
    text = figure_of(h.close(30))
    assert "<script>" not in text and "<i>" not in text
    assert svg_of(text).findtext(f"{SVG}title") == "Timeline of the recorded run W<script>"


# -- the directive -----------------------------------------------------------------------------------------------------
EXAMPLE = '''\
"""Two workflows."""
from temporalio import workflow


@workflow.defn
class OrderWorkflow:
    pass


@workflow.defn(name="ChargeWorkflow")
class Charge:
    pass
'''


@pytest.fixture
def recorded(examples: Path) -> Path:
    write_files(
        examples,
        {
            "lesson8/orders.py": EXAMPLE,
            "lesson8/orders.sequential.history.json": sequential().json(),
            "lesson8/orders.parallel.history.json": parallel().json(),
            "lesson8/orders.retried.history.json": retried().json(),
            "lesson8/orders.broken.history.json": '{"events": [\n  {"eventId": "1"}\n]}',
            "lesson8/orders.renamed.history.json": History(workflow="OldWorkflow").close(5).json(),
            "lesson8/lonely.py": EXAMPLE,
        },
    )
    return examples


def page(*body: str) -> str:
    return "\n".join(["# Title", "", "```example", *body, "```", ""])


def test_a_timeline_block_renders_the_figure(recorded: Path) -> None:
    out = render(page("path: lesson8/orders.py", "show: timeline", "run: sequential, parallel"), recorded)
    assert '<figure class="tested-timeline" id="timeline-3">' in out
    assert "Timeline of the recorded runs OrderWorkflow (sequential) and OrderWorkflow (parallel)" in out
    assert "```" not in out


ERRORS = [
    (
        ("path: lesson8/orders.py", "show: timeline"),
        5,
        (
            "'show: timeline' needs 'run: NAME', the recorded run to draw. Fix: name a recording: 'run: NAME' draws "
            "lesson8/orders.NAME.history.json (several: 'run: first, second')"
        ),
    ),
    (
        ("path: lesson8/orders.py", "run: sequential"),
        5,
        "'run' applies only to 'show: timeline'. Fix: add 'show: timeline', or remove 'run'",
    ),
    (("path: lesson8/orders.py", "caption: scaled"), 5, "'caption' applies only to 'show: timeline'"),
    (("path: lesson8/orders.py", "show: timeline", "run: a/b"), 6, "'run: a/b' does not name recorded runs"),
    (
        ("path: lesson8/orders.py", "show: timeline", "run: parallel, parallel"),
        6,
        "'run: parallel, parallel' does not name recorded runs",
    ),
    (
        ("path: lesson8/orders.py", "show: timeline", "region: x", "run: parallel"),
        6,
        "'show: timeline' shows the whole example, so 'region' does not apply",
    ),
    (("path: lesson8/missing.py", "show: timeline", "run: parallel"), 4, "examples/lesson8/missing.py does not exist"),
    (
        ("path: lesson8/orders.sequential.history.json", "show: timeline", "run: parallel"),
        6,
        (
            "'show: timeline' draws a recorded run of a Python example, and "
            "examples/lesson8/orders.sequential.history.json is not a .py file"
        ),
    ),
    (
        ("path: lesson8/orders.py", "show: timeline", "run: nightly"),
        6,
        (
            "no recorded run 'nightly' of examples/lesson8/orders.py "
            "(examples/lesson8/orders.nightly.history.json does not exist). "
            "Fix: name one of its recorded runs: broken, parallel, renamed, retried, sequential; "
            "or record 'nightly' in its test with record_history('nightly', handle) and UPDATE_OUTPUTS=1"
        ),
    ),
    (
        ("path: lesson8/lonely.py", "show: timeline", "run: parallel"),
        6,
        (
            "examples/lesson8/lonely.parallel.history.json, a recorded run of examples/lesson8/lonely.py, "
            "does not exist. Fix: record it: in the example's mirror test, "
            "call await record_history('parallel', handle)"
        ),
    ),
    (
        ("path: lesson8/orders.py", "show: timeline", "run: parallel, broken"),
        6,
        "examples/lesson8/orders.broken.history.json:2: event 1: has no eventType name. Fix: re-record it",
    ),
    (
        ("path: lesson8/orders.py", "show: timeline", "run: renamed"),
        6,
        (
            "examples/lesson8/orders.renamed.history.json is stale: it records workflow OldWorkflow, which "
            "examples/lesson8/orders.py does not define"
        ),
    ),
]


@pytest.mark.parametrize(("body", "line", "message"), ERRORS, ids=[m[:50] for _, _, m in ERRORS])
def test_a_bad_timeline_block_stops_the_build_at_its_line(recorded: Path, body, line: int, message: str) -> None:
    with pytest.raises(ExampleError) as caught:
        render(page(*body), recorded)
    assert str(caught.value).startswith(f"{PAGE}:{line}: {message}")


def test_a_workflow_named_in_its_decorator_is_not_stale(recorded: Path) -> None:
    assert "ChargeWorkflow" in render(page("path: lesson8/orders.py", "show: timeline", "run: retried"), recorded)


def test_the_figure_survives_markdown_inside_a_collapsible_answer(recorded: Path) -> None:
    source = textwrap.dedent(
        """\
        ??? success "Answer"

            Before.

            ```example
            path: lesson8/orders.py
            show: timeline
            run: retried
            caption: "durations scaled: 1 s where a real provider takes 5"
            ```

            After.
        """
    )
    html_text = markdown.markdown(
        render(source, recorded), extensions=["admonition", "pymdownx.details", "md_in_html", "pymdownx.superfences"]
    )
    figure = html_text[html_text.index("<figure") : html_text.index("</figure>") + len("</figure>")]
    assert ET.fromstring(figure).find(f"{SVG}svg") is not None  # raw HTML, not escaped nor wrapped in <p>
    assert "<p><svg" not in html_text and "&lt;svg" not in html_text
    assert html_text.index("Before.") < html_text.index("<figure") < html_text.index("After.")


# -- colours -----------------------------------------------------------------------------------------------------------
CSS = ROOT / "docs/stylesheets/timeline.css"
BACKGROUNDS = {"default": (1.0, 1.0, 1.0), "slate": colorsys.hls_to_rgb(225 / 360, 0.14, 0.15)}  # Material's page


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def scheme_colours(css: str) -> dict[str, dict[str, tuple[float, float, float]]]:
    blocks = {
        "default": re.search(r"^\.tested-timeline \{(.*?)\}", css, re.S | re.M),
        "slate": re.search(r'^\[data-md-color-scheme="slate"\] \.tested-timeline \{(.*?)\}', css, re.S | re.M),
    }
    found: dict[str, dict[str, tuple[float, float, float]]] = {}
    for scheme, block in blocks.items():
        assert block is not None, f"timeline.css has no {scheme} block"
        found[scheme] = {
            name: tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[misc]
            for name, value in re.findall(r"--tl-([a-z]+):\s*#([0-9a-fA-F]{6})", block[1])
        }
    return found


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_colour_that_carries_meaning_reaches_5_to_1(scheme: str) -> None:
    colours = scheme_colours(CSS.read_text(encoding="utf-8"))[scheme]
    assert set(colours) == {"bar", "wait", "fail", "workflow", "grid"}
    ratios = {name: round(contrast(rgb, BACKGROUNDS[scheme]), 1) for name, rgb in colours.items() if name != "grid"}
    assert min(ratios.values()) >= 5, ratios


def test_the_fallback_colours_are_the_light_schemes() -> None:
    from tested_examples.core.timeline import _FILL

    light = scheme_colours(CSS.read_text(encoding="utf-8"))["default"]
    assert {name: "#" + "".join(f"{round(c * 255):02x}" for c in rgb) for name, rgb in light.items()} == _FILL


def test_the_site_loads_the_stylesheet() -> None:
    assert "stylesheets/timeline.css" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


# -- the check: every drawn recording is fresh -------------------------------------------------------------------------
def test_the_check_fails_on_a_drawn_recording_no_test_compared(tmp_path: Path) -> None:
    from tested_examples import check

    recording = "examples/lesson8/orders.parallel.history.json"
    mirror = "tests/examples/lesson8/test_orders.py"
    write_files(tmp_path, {"examples/lesson8/orders.py": EXAMPLE, recording: parallel().json(), mirror: ""})
    shown = {"page": "docs/quiz.md", "page_line": 9, "file": "examples/lesson8/orders.py", "kind": "timeline",
             "lines": [], "first_line": 0, "last_line": 0, "region": None, "symbol": None, "highlight": [],
             "recordings": [recording]}  # fmt: skip

    def problems() -> list[str]:
        found, _ = check.check(
            tmp_path, {"examples_dir": "examples", "snippets": [shown]}, None, check.Inventory("i", {}, {}, {})
        )
        return [str(p) for p in found]

    assert problems() == [
        (
            f"docs/quiz.md:9: {recording} is drawn, but no test compared a new run with {recording} "
            f"(no .cache/tested-examples/histories/{recording}.proof.json). Fix: run the whole suite with ./run test: "
            "tests/examples/lesson8/test_orders.py must call record_history for it"
        )
    ]
    proof = proof_path(tmp_path, recording)
    proof.parent.mkdir(parents=True)
    proof.write_text(json.dumps({"recording": recording, "sha256": sha256_of(tmp_path / recording)}), encoding="utf-8")
    assert problems() == []  # fresh, and the drawn recording counts as used (not dead teaching code)


def test_the_table_gives_a_failures_message() -> None:
    h = History()
    charge = h.schedule("charge", 10)
    h.finish(charge, 11, 20, outcome="Failed", failure={"message": "card declined", "applicationFailureInfo": {}})
    figure = ET.fromstring(figure_of(h.close(30, outcome="Failed")))
    rows = [[cell.text for cell in row] for row in figure.iter("tr")]
    assert rows[-1] == ["activity charge", "1", "10 ms", "11 ms", "20 ms", "failed: card declined"]


def test_long_names_are_clipped_in_the_drawing_and_whole_in_its_title_and_table() -> None:
    name = "VeryLongWorkflowNameThatAnEngineerMightWellChooseForAnOrderSaga"
    h = History(workflow=name)
    step = h.schedule("reserve_inventory_for_every_line_of_the_order_in_every_warehouse", 10)
    h.finish(step, 11, 20)
    text = figure_of(h.close(30))
    svg = svg_of(text)
    drawn = [t.text or "" for t in svg.iter(f"{SVG}text")]
    assert drawn[0] == name[:45] + "…" and drawn[2].endswith("…")
    assert max(len(t) for t in drawn) <= 58
    assert svg.findtext(f"{SVG}title") == f"Timeline of the recorded run {name}"
    assert "reserve_inventory_for_every_line_of_the_order_in_every_warehouse</td>" in text

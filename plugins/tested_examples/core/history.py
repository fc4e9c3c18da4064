"""Read a recorded Temporal workflow history into a small model a timeline can draw.

The input is the JSON that ``temporalio.client.WorkflowHistory.to_json()`` and
``temporal workflow show --output json`` write: ``{"events": [...]}``, each event
with ``eventId``, ``eventTime``, ``eventType`` (``EVENT_TYPE_ACTIVITY_TASK_SCHEDULED``
or ``ActivityTaskScheduled``) and its ``...EventAttributes``. Pure Python: no
temporalio import, so the site build does not need the SDK.

What a history does and does not record: an activity's ``ActivityTaskStarted``
event is written when the attempt closes, for the *last* attempt only; earlier
attempts appear as its ``attempt`` number and ``lastFailure``. The model keeps
that distinction (``Attempt.recorded``) instead of inventing their times.

Times are integer nanoseconds since the workflow started, so the same history
always gives the same model (and the same drawing).
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ExampleError

HISTORY_SUFFIX = ".history.json"
MAX_BYTES = 20_000_000  # a course example's history is a few kB; anything this big is not one
PROOF_DIR = ".cache/tested-examples/histories"  # where tests record that a comparison ran

_FIX_RECORD = (
    "re-record it from the example's test with UPDATE_OUTPUTS=1 (tests/support/histories.py: record_history), "
    "never edit it by hand"
)

_WORKFLOW_CLOSE = {
    "WorkflowExecutionCompleted": "completed",
    "WorkflowExecutionFailed": "failed",
    "WorkflowExecutionTimedOut": "timed out",
    "WorkflowExecutionCanceled": "canceled",
    "WorkflowExecutionTerminated": "terminated",
    "WorkflowExecutionContinuedAsNew": "continued as new",
}
_ACTIVITY_CLOSE = {
    "ActivityTaskCompleted": "completed",
    "ActivityTaskFailed": "failed",
    "ActivityTaskTimedOut": "timed out",
    "ActivityTaskCanceled": "canceled",
}
_CHILD_CLOSE = {
    "ChildWorkflowExecutionCompleted": "completed",
    "ChildWorkflowExecutionFailed": "failed",
    "ChildWorkflowExecutionTimedOut": "timed out",
    "ChildWorkflowExecutionCanceled": "canceled",
    "ChildWorkflowExecutionTerminated": "terminated",
    "StartChildWorkflowExecutionFailed": "failed to start",
}
_TIMER_CLOSE = {"TimerFired": "fired", "TimerCanceled": "canceled"}
# Events the workflow's own code caused (its commands): their order is the workflow's.
COMMAND_EVENTS = frozenset(
    {
        "ActivityTaskScheduled",
        "ActivityTaskCancelRequested",
        "TimerStarted",
        "TimerCanceled",
        "StartChildWorkflowExecutionInitiated",
        "RequestCancelExternalWorkflowExecutionInitiated",
        "SignalExternalWorkflowExecutionInitiated",
        "MarkerRecorded",
        "UpsertWorkflowSearchAttributes",
        "WorkflowPropertiesModified",
        "WorkflowExecutionUpdateAccepted",
        "WorkflowExecutionUpdateCompleted",
        *_WORKFLOW_CLOSE,
    }
)
_TIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)")
_ENUM_TYPE = re.compile(r"EVENT_TYPE_[A-Z0-9_]+")
_CAMEL_TYPE = re.compile(r"[A-Z][A-Za-z0-9]*")


@dataclass(frozen=True)
class Attempt:
    """One attempt of an activity (or the one run of a timer or child workflow).

    ``recorded`` is False for attempts the history only counts (an earlier attempt
    of a retried activity): their times are unknown, ``started``/``closed`` None.
    """

    number: int
    started: int | None
    closed: int | None
    outcome: str  # completed, failed, timed out, canceled, fired, running, ...
    timeout_type: str | None = None  # start-to-close, schedule-to-start, schedule-to-close, heartbeat
    message: str | None = None
    recorded: bool = True


@dataclass(frozen=True)
class Row:
    """An activity, timer or child workflow of the run: one bar (per attempt) on the timeline."""

    kind: str  # activity | timer | child workflow
    name: str  # activity type, timer id, child workflow type
    label: str  # ``name``, with ``(2)`` etc. when the same name is scheduled again
    scheduled: int
    closed: int | None
    outcome: str
    attempts: tuple[Attempt, ...]
    batch: int  # event id of the workflow task that scheduled it (rows of one task started together)

    @property
    def started(self) -> int | None:
        """When the last attempt started (None if it never did)."""
        return self.attempts[-1].started if self.attempts else None


@dataclass(frozen=True)
class Tick:
    """A moment without duration: a signal received, an update accepted."""

    kind: str  # signal | update
    name: str
    at: int


@dataclass(frozen=True)
class RunHistory:
    """A recorded run: the workflow's start (time 0) and close, its rows and ticks, its event types."""

    source: str  # how messages name the recording, e.g. examples/lesson8/parallel.sequential.history.json
    workflow_type: str
    start_time: int  # nanoseconds since the epoch (UTC) of the first event
    closed: int | None  # nanoseconds after the start; None if the run had not closed
    outcome: str  # completed, failed, ..., or running
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    events: tuple[tuple[str, str], ...]  # (event type, what it concerns: a row label, tick name or "")
    last_event: int = 0  # nanoseconds after the start of the latest event time

    @property
    def end(self) -> int:
        """The last moment the run shows: its latest event (its close, unless it was still running)."""
        return max(self.last_event, self.closed or 0)


def read_history(path: Path, display: str) -> RunHistory:
    """Read the recording at ``path`` (``display`` names it in errors)."""
    try:
        size = path.stat().st_size
    except OSError:
        raise ExampleError(f"{display} does not exist", _FIX_RECORD) from None
    if size > MAX_BYTES:
        raise ExampleError(
            f"{display} is {size} bytes, more than a course example's history can be ({MAX_BYTES})",
            "record a run of the example itself, not of a long-running workflow",
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ExampleError(f"{display} is not UTF-8 (bad byte at offset {error.start})", _FIX_RECORD) from None
    return parse_history(text, display)


def parse_history(text: str, display: str) -> RunHistory:
    """Parse a history's JSON text; any problem is an ExampleError naming ``display`` (and the line)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExampleError(f"{display}:{error.lineno}: not valid JSON: {error.msg}", _FIX_RECORD) from None
    except RecursionError:
        raise ExampleError(f"{display}: JSON nested too deeply to be a workflow history", _FIX_RECORD) from None
    if not isinstance(document, dict) or not isinstance(document.get("events"), list):
        raise ExampleError(
            f'{display}: not a workflow history (expected a JSON object {{"events": [...]}})',
            "record it with WorkflowHistory.to_json() (tests/support/histories.py: record_history)",
        )
    events: list[object] = document["events"]
    if not events:
        raise ExampleError(f"{display}: the history has no events", _FIX_RECORD)
    return _Reader(text, display, events).read()


def history_path(example: str, run: str) -> str:
    """``lesson8/parallel.py`` and ``sequential`` -> ``lesson8/parallel.sequential.history.json``."""
    stem = example.removesuffix(".py")
    return f"{stem}.{run}{HISTORY_SUFFIX}"


def comparison_lines(run: RunHistory) -> list[str]:
    """What a page relies on in a run, one fact a line (no timestamps, no ids): compare these.

    - the workflow type and how it closed;
    - the event types in order, where events the workflow did not cause (an
      activity completing, a signal arriving) between two of its own commands
      are sorted, since their order there is the server's, not the workflow's;
    - each row with its attempts and outcomes;
    - which rows overlapped in time (scheduled to closed), and the ticks.
    """
    lines = [f"workflow {run.workflow_type}: {run.outcome}"]
    segment: list[str] = []
    for event_type, concerns in run.events:
        if event_type.startswith("WorkflowTask"):
            continue  # how many workflow tasks a run takes depends on timing, not on the code
        entry = f"event {event_type}" + (f" {concerns}" if concerns else "")
        if event_type in COMMAND_EVENTS:
            lines.extend(sorted(segment))
            segment = []
            lines.append(entry)
        else:
            segment.append(entry)
    lines.extend(sorted(segment))
    for row in run.rows:
        attempts = ", ".join(_attempt_text(a) for a in row.attempts) or "never started"
        lines.append(f"{row.kind} {row.label}: {attempts}; {row.outcome}")
    lines.extend(f"overlap {a.label} | {b.label}" for a, b in overlapping_pairs(run))
    lines.extend(f"{tick.kind} {tick.name}" for tick in run.ticks)
    return lines


def overlapping_pairs(run: RunHistory) -> list[tuple[Row, Row]]:
    """Pairs of rows that were open at the same time (scheduled..closed), in row order."""
    pairs: list[tuple[Row, Row]] = []
    for i, first in enumerate(run.rows):
        for second in run.rows[i + 1 :]:
            if _overlap(first, second, run.end):
                pairs.append((first, second))
    return pairs


def _overlap(a: Row, b: Row, end: int) -> bool:
    a_end = a.closed if a.closed is not None else end
    b_end = b.closed if b.closed is not None else end
    return max(a.scheduled, b.scheduled) < min(a_end, b_end)


def _attempt_text(attempt: Attempt) -> str:
    text = f"attempt {attempt.number} {attempt.outcome}"
    if attempt.timeout_type:
        text += f" ({attempt.timeout_type})"
    return text


def proof_path(repo_root: Path, recording: str) -> Path:
    """Where a test records that it compared a new run with ``recording`` (``examples/...history.json``)."""
    return repo_root / PROOF_DIR / (recording + ".proof.json")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stale_reason(repo_root: Path, recording: str) -> str | None:
    """Why ``recording`` (a repository path) is not proven fresh, or None when a test compared a run with it."""
    proof = proof_path(repo_root, recording)
    try:
        data = json.loads(proof.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"no test compared a new run with {recording} (no {proof.relative_to(repo_root)})"
    if not isinstance(data, dict) or data.get("recording") != recording:
        return f"{proof.relative_to(repo_root)} is not a proof for {recording}"
    path = repo_root / recording
    if not path.is_file():
        return f"{recording} does not exist"
    test = data.get("test") or "its test"
    if data.get("sha256") != sha256_of(path):
        return f"{recording} changed after {test} last compared a run with it"
    example = data.get("example")
    example_path = repo_root / example if isinstance(example, str) else None
    if example_path is not None and example_path.is_file() and data.get("example_sha256") != sha256_of(example_path):
        return f"{example} changed after {test} last compared a run of it with {recording}"
    return None


class _Reader:
    """One pass over the events, pairing each close with what it closes."""

    def __init__(self, text: str, display: str, events: list[object]):
        self.text = text
        self.display = display
        self.raw = events
        self._lines: list[int] | None = None

    # -- errors -----------------------------------------------------------------
    def error(self, index: int, message: str) -> ExampleError:
        line = self._line_of(index)
        where = f"{self.display}:{line}" if line is not None else self.display
        return ExampleError(f"{where}: event {index + 1}: {message}", _FIX_RECORD)

    def _line_of(self, index: int) -> int | None:
        """The JSON line where event ``index`` begins (None if the text is laid out unusually)."""
        if self._lines is None:
            self._lines = _element_lines(self.text)
        return self._lines[index] if index < len(self._lines) else None

    # -- reading ----------------------------------------------------------------
    def read(self) -> RunHistory:
        rows: dict[int, _OpenRow] = {}  # by the event id that opened the row
        order: list[int] = []
        ticks: list[Tick] = []
        events: list[tuple[str, str]] = []
        names: dict[tuple[str, str], int] = {}
        start_time = 0
        workflow_type = ""
        closed: int | None = None
        outcome = "running"
        last_id = 0
        latest = 0
        for index, raw in enumerate(self.raw):
            if not isinstance(raw, dict):
                raise self.error(index, "is not a JSON object")
            event_type = self._type(index, raw)
            event_id = self._int(index, raw, "eventId")
            if event_id <= last_id:
                raise self.error(index, f"eventId {event_id} does not follow {last_id}: the events are out of order")
            last_id = event_id
            moment = self._time(index, raw)
            attrs = self._attributes(index, raw, event_type)
            if index == 0:
                if event_type != "WorkflowExecutionStarted":
                    raise self.error(index, f"a history starts with WorkflowExecutionStarted, not {event_type}")
                start_time = moment
                workflow_type = self._name(index, attrs, "workflowType")
                events.append((event_type, ""))
                continue
            at = moment - start_time
            if at < 0:
                raise self.error(index, "happened before the workflow started (eventTime)")
            latest = max(latest, at)
            concerns = ""
            if event_type == "WorkflowExecutionStarted":
                raise self.error(index, "a second WorkflowExecutionStarted: a history records one run")
            if closed is not None:
                raise self.error(index, f"{event_type} after the workflow closed ({outcome})")
            if event_type in _WORKFLOW_CLOSE:
                closed, outcome = at, _WORKFLOW_CLOSE[event_type]
            elif event_type in ("ActivityTaskScheduled", "TimerStarted", "StartChildWorkflowExecutionInitiated"):
                kind, name = self._opened(index, event_type, attrs)
                count = names[(kind, name)] = names.get((kind, name), 0) + 1
                label = name if count == 1 else f"{name} ({count})"
                batch = _optional_int(attrs, "workflowTaskCompletedEventId") or 0
                rows[event_id] = _OpenRow(kind, name, label, at, batch)
                order.append(event_id)
                concerns = label
            elif event_type in ("ActivityTaskStarted", "ChildWorkflowExecutionStarted"):
                row = self._row(index, rows, attrs, event_type)
                number = _optional_int(attrs, "attempt") or 1
                row.started = (number, at)
                row.last_failure = _failure(attrs.get("lastFailure"))
                concerns = row.label
            elif event_type in _ACTIVITY_CLOSE or event_type in _CHILD_CLOSE or event_type in _TIMER_CLOSE:
                row = self._row(index, rows, attrs, event_type)
                if row.closed is not None:
                    raise self.error(index, f"{event_type} closes {row.label}, which had already closed")
                row.closed = at
                row.outcome = {**_ACTIVITY_CLOSE, **_CHILD_CLOSE, **_TIMER_CLOSE}[event_type]
                row.failure = _failure(attrs.get("failure"))
                concerns = row.label
            elif event_type == "WorkflowExecutionSignaled":
                name = _text(attrs.get("signalName")) or "signal"
                ticks.append(Tick("signal", name, at))
                concerns = name
            elif event_type == "WorkflowExecutionUpdateAccepted":
                request = attrs.get("acceptedRequest")
                body = request.get("input") if isinstance(request, dict) else None
                name = (_text(body.get("name")) if isinstance(body, dict) else None) or "update"
                ticks.append(Tick("update", name, at))
                concerns = name
            events.append((event_type, concerns))
        return RunHistory(
            source=self.display,
            workflow_type=workflow_type,
            start_time=start_time,
            closed=closed,
            outcome=outcome,
            rows=tuple(rows[i].freeze() for i in order),
            ticks=tuple(ticks),
            events=tuple(events),
            last_event=latest,
        )

    def _type(self, index: int, raw: Mapping[str, object]) -> str:
        value = raw.get("eventType")
        if not isinstance(value, str):
            raise self.error(index, "has no eventType name")
        if _ENUM_TYPE.fullmatch(value):
            return "".join(part.capitalize() for part in value.removeprefix("EVENT_TYPE_").split("_"))
        if _CAMEL_TYPE.fullmatch(value):
            return value
        raise self.error(index, f"eventType {value!r} is not an event type name")

    def _int(self, index: int, raw: Mapping[str, object], key: str) -> int:
        value = _optional_int(raw, key)
        if value is None:
            raise self.error(index, f"has no {key} (a whole number)")
        return value

    def _time(self, index: int, raw: Mapping[str, object]) -> int:
        value = raw.get("eventTime")
        match = _TIME.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            raise self.error(index, "has no eventTime like 2026-01-02T03:04:05.123456789Z")
        year, month, day, hour, minute, second = (int(match[i]) for i in range(1, 7))
        if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 61):
            raise self.error(index, f"eventTime {value!r} is not a valid time")
        seconds = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
        zone = match[8]
        if zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            seconds -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
        fraction = (match[7] or "").ljust(9, "0")
        return seconds * 1_000_000_000 + int(fraction)

    def _attributes(self, index: int, raw: Mapping[str, object], event_type: str) -> Mapping[str, object]:
        camel = event_type[0].lower() + event_type[1:] + "EventAttributes"
        snake = re.sub(r"(?<!^)([A-Z])", r"_\1", camel).lower()
        value = raw.get(camel, raw.get(snake, {}))
        if not isinstance(value, dict):
            raise self.error(index, f"{camel} is not a JSON object")
        return value

    def _name(self, index: int, attrs: Mapping[str, object], key: str) -> str:
        holder = attrs.get(key)
        name = _text(holder.get("name")) if isinstance(holder, dict) else None
        if not name:
            raise self.error(index, f"has no {key}.name")
        return name

    def _opened(self, index: int, event_type: str, attrs: Mapping[str, object]) -> tuple[str, str]:
        if event_type == "ActivityTaskScheduled":
            return "activity", self._name(index, attrs, "activityType")
        if event_type == "TimerStarted":
            timer = _text(attrs.get("timerId"))
            if not timer:
                raise self.error(index, "has no timerId")
            return "timer", f"timer {timer}"
        return "child workflow", self._name(index, attrs, "workflowType")

    def _row(self, index: int, rows: Mapping[int, _OpenRow], attrs: Mapping[str, object], event_type: str) -> _OpenRow:
        key = "startedEventId" if event_type.startswith("Timer") else "scheduledEventId"
        if "Child" in event_type:
            key = "initiatedEventId"
        opened = _optional_int(attrs, key)
        if opened is None or opened not in rows:
            raise self.error(index, f"{event_type} has no {key} of an earlier event that it closes")
        return rows[opened]


class _OpenRow:
    """A row while its events are read."""

    def __init__(self, kind: str, name: str, label: str, scheduled: int, batch: int):
        self.kind, self.name, self.label, self.scheduled, self.batch = kind, name, label, scheduled, batch
        self.started: tuple[int, int] | None = None  # (attempt number, when)
        self.last_failure: tuple[str, str | None, str | None] | None = None
        self.closed: int | None = None
        self.outcome = "running"
        self.failure: tuple[str, str | None, str | None] | None = None

    def freeze(self) -> Row:
        attempts: list[Attempt] = []
        number, started = self.started if self.started is not None else (1, None)
        for earlier in range(1, number):
            if earlier == number - 1 and self.last_failure is not None:
                outcome, timeout, message = self.last_failure
                attempts.append(Attempt(earlier, None, None, outcome, timeout, message, recorded=False))
            else:
                attempts.append(Attempt(earlier, None, None, "failed", None, None, recorded=False))
        timeout = message = None
        if self.failure is not None:
            _, timeout, message = self.failure
        if started is not None or self.closed is not None:
            attempts.append(Attempt(number, started, self.closed, self.outcome, timeout, message))
        if self.kind == "timer":
            attempts = [Attempt(1, self.scheduled, self.closed, self.outcome)]
        return Row(
            self.kind, self.name, self.label, self.scheduled, self.closed, self.outcome, tuple(attempts), self.batch
        )


def _failure(value: object) -> tuple[str, str | None, str | None] | None:
    """(outcome, timeout type, message) of a Failure message."""
    if not isinstance(value, dict):
        return None
    message = _text(value.get("message"))
    info = value.get("timeoutFailureInfo")
    if isinstance(info, dict):
        kind = _text(info.get("timeoutType")) or ""
        timeout = kind.removeprefix("TIMEOUT_TYPE_").lower().replace("_", "-") or None
        return "timed out", timeout, message
    return "failed", None, message


def _optional_int(raw: Mapping[str, object], key: str) -> int | None:
    value = raw.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _element_lines(text: str) -> list[int]:
    """The line on which each element of the top-level ``"events"`` array begins."""
    match = re.search(r'"events"\s*:\s*\[', text)
    if match is None:
        return []
    decoder = json.JSONDecoder()
    lines: list[int] = []
    position = match.end()
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            return lines
        lines.append(text.count("\n", 0, position) + 1)
        try:
            _, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            return lines


def describe_attempts(attempts: Sequence[Attempt]) -> str:
    """``attempt 1 timed out (start-to-close), attempt 2 completed``."""
    return ", ".join(_attempt_text(a) for a in attempts)

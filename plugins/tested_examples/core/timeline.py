"""Draw recorded runs (:mod:`.history`) as a timeline: inline SVG, and the same facts as a table.

Built at build time, for any HTML page: no JavaScript, no request, no font of its
own. The axis comes from the recorded timestamps. A failed or timed-out attempt
is hatched and crossed, and its label says so in words (never colour alone).
Colours are CSS custom properties (``docs/stylesheets/timeline.css``) with
presentation attributes as the fallback; text takes the page's colour
(``currentColor``). The same runs always give the same bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from .errors import ExampleError
from .history import (
    HISTORY_SUFFIX,
    Attempt,
    Row,
    RunHistory,
    describe_attempts,
    history_path,
    overlapping_pairs,
    read_history,
)
from .paths import ExamplesRoot, resolve_example_path
from .sources import read_text

WIDTH = 360  # viewBox units; the drawing scales to its container (width: 100%)
LEFT, RIGHT = 6, 354
ROW = 32  # a label line, then its bar
BAR = 10
LABEL_CHARS = 52  # at font-size 12, what fits in WIDTH
DETAIL_CHARS = 58  # at font-size 11
TITLE_CHARS = 46  # bold, at font-size 13
FAILED = frozenset({"failed", "timed out", "canceled", "terminated", "failed to start"})  # hatched and crossed

# Fallback colours (light scheme) when the stylesheet is absent; timeline.css sets both schemes.
_FILL = {"bar": "#1b4f9c", "wait": "#545b66", "fail": "#a8201a", "grid": "#c6cbd3", "workflow": "#3a3f47"}


@dataclass(frozen=True)
class Shown:
    """One recorded run on the figure: its name on the page (``run:``) and its history."""

    name: str
    history: RunHistory


def load_runs(root: ExamplesRoot, example: str, names: Sequence[str]) -> list[Shown]:
    """The recordings ``<module>.<name>.history.json`` of ``example`` (a .py under the root), checked.

    A recording that is missing, does not parse, or records a workflow the example
    no longer defines (stale) is an ExampleError saying how to re-record it.
    """
    display = root.display(PurePosixPath(example).as_posix())
    if not example.endswith(".py"):
        raise ExampleError(
            f"'show: timeline' draws a recorded run of a Python example, and {display} is not a .py file",
            "point 'path' at the example's .py file whose test records the run",
        )
    source = read_text(resolve_example_path(root, example), display)
    shown: list[Shown] = []
    for name in names:
        relative = history_path(PurePosixPath(example).as_posix(), name)
        recording = root.display(relative)
        if not (root.path / relative).is_file():
            raise _missing(root, example, name, recording)
        history = read_history(root.path / relative, recording)
        if not _defines_workflow(source, history.workflow_type):
            raise ExampleError(
                f"{recording} is stale: it records workflow {history.workflow_type}, which {display} does not define",
                "re-record it from the example's test with UPDATE_OUTPUTS=1 (record_history), "
                "or name a current run in 'run:'",
            )
        shown.append(Shown(name, history))
    return shown


def _missing(root: ExamplesRoot, example: str, name: str, recording: str) -> ExampleError:
    stem = PurePosixPath(example).stem
    folder = root.path / PurePosixPath(example).parent
    recorded = sorted(
        p.name.removeprefix(stem + ".").removesuffix(HISTORY_SUFFIX)
        for p in folder.glob(f"{stem}.*{HISTORY_SUFFIX}")
        if p.is_file()
    )
    if recorded:
        return ExampleError(
            f"no recorded run '{name}' of {root.display(example)} ({recording} does not exist)",
            f"name one of its recorded runs: {', '.join(recorded)}; or record '{name}' in its test with "
            f"record_history('{name}', handle) and UPDATE_OUTPUTS=1",
        )
    return ExampleError(
        f"{recording}, a recorded run of {root.display(example)}, does not exist",
        f"record it: in the example's mirror test, call await record_history('{name}', handle) "
        "(tests/support/histories.py) and run it with UPDATE_OUTPUTS=1 ./run test",
    )


def _defines_workflow(source: str, workflow_type: str) -> bool:
    """Whether the example's text defines a workflow of that type (its class, or @workflow.defn(name=...))."""
    name = re.escape(workflow_type)
    return re.search(rf"^\s*class {name}\b|name\s*=\s*[\"']{name}[\"']", source, re.MULTILINE) is not None


def render_timeline(runs: Sequence[Shown], *, ident: str, caption: str | None = None) -> str:
    """The figure (one line per element, no blank line): SVG, caption, and a collapsed table."""
    if not runs:
        raise ValueError("render_timeline needs at least one run")
    scale = _Scale(max(run.history.end for run in runs))
    titles = _titles(runs)
    svg = _Svg(ident, scale)
    for shown, title in zip(runs, titles, strict=True):
        svg.panel(shown.history, title)
    svg.axis()
    what = "; ".join(describe_run(shown.history, scale, title) for shown, title in zip(runs, titles, strict=True))
    name = "Timeline of the recorded run" + ("s " if len(runs) > 1 else " ") + " and ".join(titles)
    lines = [f'<figure class="tested-timeline" id="{ident}">']
    lines.extend(svg.document(name, what))
    if caption:
        lines.append(f"<figcaption>{_esc(caption)}</figcaption>")
    lines.extend(_table(runs, titles, scale))
    lines.append("</figure>")
    return "\n".join(lines)


def describe_run(run: RunHistory, scale: _Scale, title: str) -> str:
    """One sentence: what ran when, what overlapped, how attempts ended, when the workflow closed."""
    parts: list[str] = []
    for group in _groups(run):
        first = min(row.scheduled for row in group)
        last = max(_end(row, run) for row in group)
        if len(group) == 1:
            (row,) = group
            text = f"{row.kind} {row.label} ran from {scale.text(first)} to {scale.text(last)}"
        else:
            kind = group[0].kind
            kinds = {"activity": "activities", "timer": "timers", "child workflow": "child workflows"}[kind]
            if any(row.kind != kind for row in group):
                kinds = "steps"
            names = ", ".join(row.label for row in group)
            text = f"{len(group)} {kinds} ran in parallel between {scale.text(first)} and {scale.text(last)} ({names})"
        parts.append(text + _trouble(group))
    closed = (
        f"the workflow {run.outcome} at {scale.text(run.closed)}"
        if run.closed is not None
        else "the workflow was still running"
    )
    ticks = "".join(f"; {tick.kind} {tick.name} at {scale.text(tick.at)}" for tick in run.ticks)
    steps = ", then ".join(parts) if parts else "nothing was scheduled"
    return f"{title}: {steps}{ticks}; {closed}"


def _trouble(group: Sequence[Row]) -> str:
    """`` (send_email: attempt 1 timed out (start-to-close), attempt 2 completed)``: rows that did not just succeed."""
    notes = [
        f"{row.label}: {describe_attempts(row.attempts)}" if row.attempts else f"{row.label}: {row.outcome}"
        for row in group
        if len(row.attempts) != 1 or row.outcome not in ("completed", "fired")
    ]
    return f" ({'; '.join(notes)})" if notes else ""


def _groups(run: RunHistory) -> list[list[Row]]:
    """Rows that overlapped in time, transitively, in the order they were scheduled."""
    group_of = {row.label: index for index, row in enumerate(run.rows)}
    for a, b in overlapping_pairs(run):
        old, new = group_of[b.label], group_of[a.label]
        for label, group in group_of.items():
            if group == old:
                group_of[label] = new
    groups: dict[int, list[Row]] = {}
    for row in run.rows:
        groups.setdefault(group_of[row.label], []).append(row)
    return list(groups.values())


def _end(row: Row, run: RunHistory) -> int:
    return row.closed if row.closed is not None else run.end


def _titles(runs: Sequence[Shown]) -> list[str]:
    types = [shown.history.workflow_type for shown in runs]
    return [t if types.count(t) == 1 else f"{t} ({shown.name})" for t, shown in zip(types, runs, strict=True)]


class _Scale:
    """Time to x, and tick positions and labels: ms below one second, s above."""

    def __init__(self, end: int):
        end = max(end, 10_000_000)  # at least 10 ms: ticks of whole milliseconds
        for most in (6, 5):  # intervals; "600 ms" labels are wider than "0.6 s" ones
            step = 1
            while -(-end // step) > most:
                step = step * 5 // 2 if str(step).startswith("2") else step * 2  # 1, 2, 5, 10, 20, 50, ...
            self.step = step
            self.span = -(-end // step) * step  # the axis runs to the next tick after the end
            self.unit = "ms" if self.span < 1_000_000_000 else "s"
            if self.unit == "s":
                break

    def x(self, at: int) -> float:
        return LEFT + (RIGHT - LEFT) * at / self.span

    def ticks(self) -> list[int]:
        return list(range(0, self.span + 1, self.step))

    def text(self, at: int) -> str:
        """A moment or duration as the figure writes it: ``540 ms``, ``1.07 s``."""
        if self.unit == "ms":
            return f"{round(at / 1_000_000)} ms"
        seconds = at / 1_000_000_000
        return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s" if seconds < 100 else f"{round(seconds)} s"

    def tick_text(self, at: int) -> str:
        if at == 0:
            return f"0 {self.unit}"
        if self.unit == "ms":
            return f"{at // 1_000_000} ms"
        decimals = 0
        while (self.step * 10**decimals) % 1_000_000_000:
            decimals += 1
        return f"{at / 1_000_000_000:.{decimals}f} s"


class _Svg:
    """The drawing, element by element, top to bottom."""

    def __init__(self, ident: str, scale: _Scale):
        self.ident = ident
        self.scale = scale
        self.y = 4
        self.body: list[str] = []
        self.top = self.y
        self.hatched = False

    def panel(self, run: RunHistory, title: str) -> None:
        closed = f"{run.outcome} at {self.scale.text(run.closed)}" if run.closed is not None else "still running"
        self._text(LEFT, self.y + 12, _clip(f"{title}: {closed}", TITLE_CHARS), "tl-title", weight="bold", size=13)
        self.y += 18
        self._workflow_row(run)
        for row in run.rows:
            self._row(row, run)
        if run.ticks:
            self._ticks(run)
        self.y += 8

    def _workflow_row(self, run: RunHistory) -> None:
        self._text(LEFT, self.y + 11, "workflow", "tl-label")
        end = self.scale.x(run.closed if run.closed is not None else run.end)
        mid = self.y + 16 + BAR / 2
        self.body.append(
            f'<rect class="tl-workflow" x="{LEFT:.1f}" y="{mid - 1.5:.1f}" width="{max(end - LEFT, 1.5):.1f}" '
            f'height="3" fill="{_FILL["workflow"]}"/>'
        )
        for x in (LEFT, end):
            self.body.append(
                f'<rect class="tl-workflow" x="{x - 1:.1f}" y="{self.y + 16:.1f}" width="2" height="{BAR}" '
                f'fill="{_FILL["workflow"]}"/>'
            )
        self.y += ROW

    def _row(self, row: Row, run: RunHistory) -> None:
        last = row.attempts[-1] if row.attempts else None
        words = [row.label]
        if any(not a.recorded for a in row.attempts) and row.closed is not None:
            words.append(f"{self.scale.text(row.closed - row.scheduled)} in all")
        elif last is not None and last.started is not None and last.closed is not None:
            words.append(self.scale.text(last.closed - last.started))
        self._text(LEFT, self.y + 11, _clip(" ".join(words)), "tl-label")
        if len(row.attempts) != 1 or row.outcome not in ("completed", "fired"):  # in words, on a line of its own
            detail = describe_attempts(row.attempts) if row.attempts else row.outcome
            self._text(LEFT, self.y + 25, _clip(detail, DETAIL_CHARS), "tl-label tl-detail", size=11)
            self.y += 14
        top = self.y + 16
        end = row.closed if row.closed is not None else run.end
        begin = row.started if row.started is not None else end
        earlier = [a for a in row.attempts if not a.recorded]
        if earlier:  # attempts the history only counts: between the schedule and the last attempt
            self._bar(row.scheduled, begin, top, failed=True, title=f"{row.label}: {describe_attempts(earlier)}")
            self._cross(self.scale.x(begin), top, inside=True)
        elif self.scale.x(begin) - self.scale.x(row.scheduled) >= 1:  # waiting for a worker
            x0, x1 = self.scale.x(row.scheduled), self.scale.x(begin)
            self.body.append(
                f'<rect class="tl-wait" x="{x0:.1f}" y="{top + BAR / 2 - 1:.1f}" width="{max(x1 - x0, 0.5):.1f}" '
                f'height="2" fill="{_FILL["wait"]}"/>'
            )
        if last is not None and last.recorded and last.started is not None:
            failed = last.outcome in FAILED
            self._bar(last.started, end, top, failed=failed, title=f"{row.label}: {_attempt_title(last)}")
            if failed:
                self._cross(self.scale.x(end), top)
        elif row.kind != "activity" or (last is not None and last.outcome in FAILED):  # e.g. never started
            failed = row.outcome in FAILED
            self._bar(row.scheduled, end, top, failed=failed, title=f"{row.label}: {row.outcome}")
            if failed:
                self._cross(self.scale.x(end), top)
        self.y += ROW

    def _ticks(self, run: RunHistory) -> None:
        self._text(LEFT, self.y + 11, _clip("signals and updates: " + ", ".join(t.name for t in run.ticks)), "tl-label")
        for tick in run.ticks:
            x, y = self.scale.x(tick.at), self.y + 16 + BAR / 2
            self.body.append(
                f'<path class="tl-tick" d="M{x:.1f} {y - 5:.1f}l5 5l-5 5l-5 -5z" fill="{_FILL["workflow"]}">'
                f"<title>{_esc(tick.kind)} {_esc(tick.name)} at {_esc(self.scale.text(tick.at))}</title></path>"
            )
        self.y += ROW

    def _bar(self, start: int, end: int, top: float, *, failed: bool, title: str) -> None:
        x0, x1 = self.scale.x(start), self.scale.x(end)
        width = max(x1 - x0, 1.5)
        if failed:
            self.hatched = True
            self.body.append(
                f'<rect class="tl-bar tl-failed" x="{x0:.1f}" y="{top:.1f}" width="{width:.1f}" height="{BAR}" '
                f'fill="url(#{self.ident}-hatch)" stroke="{_FILL["fail"]}" stroke-width="1.2">'
                f"<title>{_esc(title)}</title></rect>"
            )
        else:
            self.body.append(
                f'<rect class="tl-bar" x="{x0:.1f}" y="{top:.1f}" width="{width:.1f}" height="{BAR}" '
                f'fill="{_FILL["bar"]}"><title>{_esc(title)}</title></rect>'
            )

    def _cross(self, x: float, top: float, *, inside: bool = False) -> None:
        """The failure mark: an X after the end of a failed attempt (``inside``: just before it)."""
        cx, cy = (x - 6 if inside else min(x + 6, RIGHT - 3)), top + BAR / 2
        shape = f"M{cx - 3:.1f} {cy - 3:.1f}l6 6m0 -6l-6 6"
        self.body.append(f'<path class="tl-halo" d="{shape}" stroke="#fff" stroke-width="4.5" fill="none"/>')
        self.body.append(f'<path class="tl-mark" d="{shape}" stroke="{_FILL["fail"]}" stroke-width="1.8" fill="none"/>')

    def axis(self) -> None:
        bottom = self.y
        grid = [
            f'<line class="tl-grid" x1="{self.scale.x(t):.1f}" y1="{self.top:.1f}" x2="{self.scale.x(t):.1f}" '
            f'y2="{bottom:.1f}" stroke="{_FILL["grid"]}" stroke-width="0.6"/>'
            for t in self.scale.ticks()
        ]
        self.body[:0] = grid  # under the bars
        self.body.append(
            f'<line class="tl-axis" x1="{LEFT}" y1="{bottom:.1f}" x2="{RIGHT}" y2="{bottom:.1f}" '
            'stroke="currentColor" stroke-width="1"/>'
        )
        ticks = self.scale.ticks()
        for index, t in enumerate(ticks):
            x = self.scale.x(t)
            anchor = "start" if index == 0 else "end" if index == len(ticks) - 1 else "middle"
            self.body.append(
                f'<line class="tl-axis" x1="{x:.1f}" y1="{bottom:.1f}" x2="{x:.1f}" y2="{bottom + 4:.1f}" '
                'stroke="currentColor" stroke-width="1"/>'
            )
            self._text(x, bottom + 15, self.scale.tick_text(t), "tl-tick-label", anchor=anchor, size=11)
        self.y = bottom + 20

    def document(self, name: str, description: str) -> list[str]:
        ident = self.ident
        defs = []
        if self.hatched:
            defs = [
                (
                    f'<defs><pattern id="{ident}-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
                    f'patternTransform="rotate(45)"><rect class="tl-hatch" width="2" height="5" '
                    f'fill="{_FILL["fail"]}"/></pattern></defs>'
                )
            ]
        return [
            (
                f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {self.y:.0f}" width="100%" '
                f'aria-labelledby="{ident}-title {ident}-desc" font-family="inherit">'
            ),
            f'<title id="{ident}-title">{_esc(name)}</title>',
            f'<desc id="{ident}-desc">{_esc(description)}.</desc>',
            *defs,
            *self.body,
            "</svg>",
        ]

    def _text(
        self, x: float, y: float, text: str, cls: str, *, anchor: str = "start", weight: str = "", size: int = 12
    ) -> None:
        bold = f' font-weight="{weight}"' if weight else ""
        self.body.append(
            f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="currentColor"{bold}>{_esc(text)}</text>'
        )


def _attempt_title(attempt: Attempt) -> str:
    text = describe_attempts([attempt])
    return f"{text}: {attempt.message}" if attempt.message and attempt.outcome != "completed" else text


def _table(runs: Sequence[Shown], titles: Sequence[str], scale: _Scale) -> list[str]:
    lines = [
        '<details class="tested-timeline-facts">',
        "<summary>The same run" + ("s" if len(runs) > 1 else "") + " as a table</summary>",
        '<div class="tested-timeline-table"><table>',
        (
            "<thead><tr><th>Step</th><th>Attempt</th><th>Scheduled</th><th>Started</th><th>Closed</th>"
            "<th>Outcome</th></tr></thead>"
        ),
    ]
    for shown, title in zip(runs, titles, strict=True):
        run = shown.history
        closed = scale.text(run.closed) if run.closed is not None else "—"
        lines.append(f'<tbody><tr><th colspan="6" scope="rowgroup">{_esc(title)}</th></tr>')
        lines.append(
            f"<tr><td>workflow</td><td></td><td></td><td>{scale.text(0)}</td><td>{closed}</td><td>{_esc(run.outcome)}</td></tr>"
        )
        for row in run.rows:
            for index, attempt in enumerate(row.attempts or [Attempt(1, None, None, row.outcome)]):
                outcome = attempt.outcome + (f" ({attempt.timeout_type})" if attempt.timeout_type else "")
                if attempt.message and attempt.outcome in FAILED and not attempt.timeout_type:
                    outcome += f": {attempt.message}"
                scheduled = scale.text(row.scheduled) if index == 0 else ""
                started = scale.text(attempt.started) if attempt.started is not None else "not recorded"
                ended = scale.text(attempt.closed) if attempt.closed is not None else "not recorded"
                if attempt.recorded and attempt.started is None:
                    started = "—"
                lines.append(
                    f"<tr><td>{_esc(row.kind)} {_esc(row.label)}</td><td>{attempt.number}</td><td>{scheduled}</td>"
                    f"<td>{started}</td><td>{ended}</td><td>{_esc(outcome)}</td></tr>"
                )
        for tick in run.ticks:
            lines.append(
                f"<tr><td>{_esc(tick.kind)} {_esc(tick.name)}</td><td></td><td></td><td>{scale.text(tick.at)}</td>"
                "<td></td><td>received</td></tr>"
            )
        lines.append("</tbody>")
    lines.extend(["</table></div>", "</details>"])
    return lines


def _clip(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def timeline_lines(figure: str, prefix: str) -> list[str]:
    """The figure as page lines led by ``prefix`` (a raw HTML block: one line per element, no blank line)."""
    return [prefix.rstrip(), *(prefix + line for line in figure.split("\n")), prefix.rstrip()]

"""Parse the YAML body of an ```example block into a checked Directive."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

import yaml

from .errors import ExampleError
from .fences import Fence
from .regions import REGION_NAME

DIRECTIVE_LANGUAGE = "example"
KEYS = ("path", "symbol", "region", "title", "show", "highlight", "run", "caption")
TAB_KEYS = ("label", *KEYS)
GROUP_KEYS = ("tabs", "path", "highlight")  # a tab group: its tabs, and what every tab shares
SHOW_CHOICES = ("code", "command", "output", "timeline")
_SYNTAX = (
    "write one 'key: value' per line, e.g. 'path: lesson7/order_workflow.py' "
    f"(keys: {', '.join(KEYS)}, or 'tabs:' with a list of tabs)"
)
_TAB_SYNTAX = "write each tab as a list item: '- label: Workflow' then its keys indented below it"


@dataclass(frozen=True)
class Directive:
    """What an ```example block (or one tab of it) asks for, with the page line of each key."""

    path: str
    line: int  # page line of the opening fence (of the tab's first key, in a tab group)
    symbol: str | None = None
    region: str | None = None
    title: str | None = None
    show: str = "code"
    key_lines: Mapping[str, int] = field(default_factory=dict)
    highlight: tuple[str, ...] = ()  # regions whose lines are highlighted
    label: str | None = None  # the tab's label, in a tab group
    highlight_optional: bool = False  # the highlight came from the group: tabs without it ignore it
    runs: tuple[str, ...] = ()  # 'show: timeline': the recorded runs drawn ('run: sequential, parallel')
    caption: str | None = None  # 'show: timeline': how the run differs from a real one (scaled durations)

    def line_of(self, key: str) -> int:
        """Page line of ``key`` (the fence line if the key is absent)."""
        return self.key_lines.get(key, self.line)


@dataclass(frozen=True)
class TabGroup:
    """An ```example block with ``tabs:``: several snippets in one tabbed block."""

    tabs: tuple[Directive, ...]
    line: int


def is_directive(fence: Fence) -> bool:
    return fence.language == DIRECTIVE_LANGUAGE


def parse_directive(fence: Fence, page: str, line: int) -> Directive | TabGroup:
    """Check an ```example block opened on page line ``line``; any problem is an ExampleError."""

    def error(message: str, fix: str, at: int = line) -> ExampleError:
        return ExampleError(message, fix, page=page, line=at)

    if fence.close_index is None:
        raise error(
            "this ```example block is never closed",
            f"end it with a line holding exactly {fence.fence} at the fence's indentation, "
            "and indent every line of its body at least as much as the fence",
        )
    if fence.info != DIRECTIVE_LANGUAGE:
        raise error(
            f"the ```example fence line takes no options (found '{fence.info}')",
            "put options in the block's YAML body, one 'key: value' per line",
        )
    body_start = line + 1  # page line of the body's first line
    for index, text in enumerate(fence.body):
        bad = next((c for c in text if _is_control(c)), None)
        if bad is not None:
            raise error(
                f"the ```example block holds a control character ({_char_name(bad)})",
                "delete it: the block's body is plain 'key: value' text",
                body_start + index,
            )
    simple = _simple_mapping(fence.body, body_start)
    if simple is not None:  # the common case, read without the (slow, pure-Python) YAML parser
        return _directive(*simple, error, line)
    text = "\n".join(fence.body)
    try:
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as problem:  # the reader refuses a character
        raise error(f"the ```example block is not valid YAML: {problem}", _SYNTAX) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise error("this ```example block is empty", _SYNTAX)
        nodes, key_lines = _mapping(node, body_start, error, _SYNTAX, "the ```example block's body")
        if "tabs" in nodes:
            return _tab_group(loader, nodes, key_lines, body_start, error, line)
        values = _strings(loader, nodes, key_lines, KEYS, error, "```example block")
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        at = body_start + mark.line if mark is not None else line
        raise error(
            f"the ```example block is not valid YAML: {problem.problem or problem.context}",
            _SYNTAX + "; quote values that contain ': ' or start with a special character",
            at,
        ) from None
    except yaml.YAMLError as problem:
        where = getattr(problem, "position", None)
        at = body_start + text[:where].count("\n") if isinstance(where, int) else line
        raise error(f"the ```example block is not valid YAML: {problem}", _SYNTAX, at) from None
    except RecursionError:
        raise error("the ```example block is nested too deeply", _SYNTAX) from None
    finally:
        loader.dispose()
    return _directive(values, key_lines, error, line)


# A line 'key: value' whose value YAML reads as the same plain string (no quotes,
# comments, flow or block syntax, and not a number, bool or null).
_SIMPLE_LINE = re.compile(r"(?P<key>[a-z]+): +(?P<value>[A-Za-z_][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./(),-]+)*) *")
_NOT_STRINGS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _simple_mapping(body: tuple[str, ...], body_start: int) -> tuple[dict[str, str], dict[str, int]] | None:
    """``{key: value}`` and key lines for a body of plain ``key: value`` lines; None for anything else."""
    values: dict[str, str] = {}
    key_lines: dict[str, int] = {}
    for index, text in enumerate(body):
        if not text.strip():
            continue
        match = _SIMPLE_LINE.fullmatch(text)
        if match is None:
            return None
        key, value = match["key"], match["value"]
        if key not in KEYS or key in values or value.lower() in _NOT_STRINGS:
            return None  # let the YAML path report it
        values[key] = value
        key_lines[key] = body_start + index
    return (values, key_lines) if values else None


class _Error(Protocol):
    """Makes the ExampleError of a block: located at its fence line, or at ``at``."""

    def __call__(self, message: str, fix: str, at: int = ...) -> ExampleError: ...


def _tab_group(
    loader: yaml.SafeLoader,
    nodes: dict[str, yaml.Node],
    key_lines: dict[str, int],
    body_start: int,
    error: _Error,
    line: int,
) -> TabGroup:
    for key in nodes:
        if key not in GROUP_KEYS:
            hint = (
                "put it inside each tab" if key in TAB_KEYS else f"the keys of a tab group are: {', '.join(GROUP_KEYS)}"
            )
            raise error(f"'{key}' does not apply to a whole tab group", hint, key_lines[key])
    shared = _strings(
        loader, {k: v for k, v in nodes.items() if k != "tabs"}, key_lines, GROUP_KEYS, error, "tab group"
    )
    items = nodes["tabs"]
    if not isinstance(items, yaml.SequenceNode) or not items.value:
        raise error("'tabs' must be a non-empty list of tabs", _TAB_SYNTAX, key_lines["tabs"])
    tabs: list[Directive] = []
    labels: dict[str, int] = {}
    for item in items.value:
        tab_nodes, tab_lines = _mapping(item, body_start, error, _TAB_SYNTAX, "a tab")
        if not tab_nodes:
            raise error("a tab is empty", _TAB_SYNTAX, body_start + item.start_mark.line)
        values = _strings(loader, tab_nodes, tab_lines, TAB_KEYS, error, "tab")
        first = min(tab_lines.values())
        if "label" not in values:
            raise error("a tab has no 'label'", "give every tab a 'label: TEXT', the name on its tab", first)
        if values["label"] in labels:
            raise error(
                f"two tabs are labelled '{values['label']}' (lines {labels[values['label']]} and {tab_lines['label']})",
                "give each tab its own label",
                tab_lines["label"],
            )
        labels[values["label"]] = tab_lines["label"]
        optional = False
        if "path" not in values and "path" in shared:
            values["path"] = shared["path"]
            tab_lines.setdefault("path", key_lines["path"])
        show = values.get("show", "code")
        if "highlight" not in values and "highlight" in shared and show == "code":
            values["highlight"] = shared["highlight"]
            tab_lines.setdefault("highlight", key_lines["highlight"])
            optional = True
        directive = _directive(values, tab_lines, error, first)
        tabs.append(replace(directive, label=values["label"], highlight_optional=optional))
    return TabGroup(tuple(tabs), line)


def _mapping(
    node: yaml.Node, body_start: int, error: _Error, syntax: str, what: str
) -> tuple[dict[str, yaml.Node], dict[str, int]]:
    """A mapping node's value nodes by key, and the page line of each key."""
    if not isinstance(node, yaml.MappingNode):
        raise error(f"{what} is not a YAML mapping", syntax, body_start + node.start_mark.line)
    key_lines: dict[str, int] = {}
    nodes: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key_line = body_start + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            raise error("a key of the ```example block is not a plain name", syntax, key_line)
        if key_node.value in key_lines:
            raise error(
                f"key '{key_node.value}' appears twice in the ```example block "
                f"(lines {key_lines[key_node.value]} and {key_line})",
                "keep one of them",
                key_line,
            )
        key_lines[key_node.value] = key_line
        nodes[key_node.value] = value_node
    return nodes, key_lines


def _strings(
    loader: yaml.SafeLoader,
    nodes: dict[str, yaml.Node],
    key_lines: dict[str, int],
    allowed: tuple[str, ...],
    error: _Error,
    what: str,
) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, node in nodes.items():
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise error(f"unknown key '{key}' in {what}", f"{hint}The keys are: {', '.join(allowed)}", key_lines[key])
        value = _string_value(node)
        if value is None:
            kind = _kind_of(node)
            raise error(
                f"'{key}' must be a string, not {kind}",
                f"give '{key}' a text value (quote it if YAML reads it as something else: {key}: \"...\")",
                key_lines[key],
            )
        if not value.strip():
            raise error(f"'{key}' is empty", f"give '{key}' a value, or remove the line", key_lines[key])
        values[key] = value
    return values


def _directive(values: dict[str, str], key_lines: dict[str, int], error: _Error, line: int) -> Directive:
    if "path" not in values:
        raise error(
            "```example block has no 'path'",
            "add 'path: FILE', relative to examples/, e.g. lesson7/order_workflow.py",
            line,
        )
    if "symbol" in values and "region" in values:
        raise error(
            "```example block has both 'symbol' and 'region'",
            "keep one: 'symbol' for a function or class, 'region' for marked lines",
            key_lines["region"],
        )
    show = values.get("show", "code")
    if show not in SHOW_CHOICES:
        raise error(f"'show: {show}' is not a choice", f"use one of: {', '.join(SHOW_CHOICES)}", key_lines["show"])
    if show != "code":
        for key in ("symbol", "region", "highlight"):
            if key in values:
                raise error(
                    f"'show: {show}' shows the whole example, so '{key}' does not apply",
                    f"remove '{key}', or use a separate block with 'show: code' for the part",
                    key_lines[key],
                )
    runs = _timeline_runs(values, key_lines, error, show, line)
    region = values.get("region")
    if region is not None and not REGION_NAME.fullmatch(region):
        raise error(
            f"region name '{region}' is not valid",
            "region names use only letters, digits, '_', '.' and '-'",
            key_lines["region"],
        )
    highlight: tuple[str, ...] = ()
    if "highlight" in values:
        highlight = tuple(n for n in re.split(r"[,\s]+", values["highlight"]) if n)
        if not highlight:
            raise error(
                f"'highlight: {values['highlight']}' names no region",
                "name one or more regions, separated by commas, or remove the line",
                key_lines["highlight"],
            )
        for name in highlight:
            if not REGION_NAME.fullmatch(name):
                raise error(
                    f"'highlight: {values['highlight']}' does not name regions",
                    "name one or more regions, separated by commas (or mark lines with a trailing '# highlight')",
                    key_lines["highlight"],
                )
    return Directive(
        path=values["path"].strip(),
        line=line,
        symbol=values["symbol"].strip() if "symbol" in values else None,
        region=region,
        title=values.get("title"),
        show=show,
        key_lines=key_lines,
        highlight=highlight,
        runs=runs,
        caption=values.get("caption"),
    )


def _timeline_runs(
    values: dict[str, str], key_lines: dict[str, int], error: _Error, show: str, line: int
) -> tuple[str, ...]:
    """The names in 'run: a, b' of a 'show: timeline' block (issue 12); 'run' and 'caption' belong to it alone."""
    if show != "timeline":
        for key in ("run", "caption"):
            if key in values:
                fix = f"add 'show: timeline', or remove '{key}'"
                raise error(f"'{key}' applies only to 'show: timeline'", fix, key_lines[key])
        return ()
    if "run" not in values:
        raise error(
            "'show: timeline' needs 'run: NAME', the recorded run to draw",
            f"name a recording: 'run: NAME' draws {values['path'].removesuffix('.py')}.NAME.history.json "
            "(several: 'run: first, second')",
            key_lines.get("show", line),
        )
    runs = tuple(name for name in re.split(r"[,\s]+", values["run"]) if name)
    for name in runs:
        if not REGION_NAME.fullmatch(name) or runs.count(name) > 1:
            raise error(
                f"'run: {values['run']}' does not name recorded runs",
                "name each run once, with letters, digits, '_', '.' and '-', separated by commas",
                key_lines["run"],
            )
    return runs


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_KINDS = {
    "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:bool": "a bool",
    "tag:yaml.org,2002:int": "an int",
    "tag:yaml.org,2002:float": "a float",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:binary": "binary data",
}


def _string_value(node: yaml.Node) -> str | None:
    """The text of a string scalar; None for anything else (nothing is constructed: no YAML code runs)."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR_TAG and isinstance(node.value, str):
        return node.value
    return None


def _kind_of(node: yaml.Node) -> str:
    if node.tag not in _KINDS and node.tag not in (_STR_TAG, _SEQ_TAG, _MAP_TAG):
        return f"a value tagged '{node.tag.replace('tag:yaml.org,2002:', '!!')}'"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if node.tag in _KINDS:
        return _KINDS[node.tag]
    return f"a value tagged '{node.tag.replace('tag:yaml.org,2002:', '!!')}'"


def _is_control(char: str) -> bool:
    """A character that has no place in a directive: C0/C1 controls (not tab), and other unprintables."""
    return char != "\t" and (ord(char) < 32 or 0x7F <= ord(char) < 0xA0 or char in "\ufeff\ufffe\uffff\u2028\u2029")


def _char_name(char: str) -> str:
    import unicodedata

    name = {"\x00": "NUL", "\x0c": "form feed", "\x0b": "vertical tab", "\x1b": "escape"}.get(char)
    name = name or unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f", {name}" if name else "")

"""Parse the YAML body of an ```example block into a checked Directive."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import yaml

from .errors import ExampleError
from .fences import Fence
from .regions import REGION_NAME

DIRECTIVE_LANGUAGE = "example"
KEYS = ("path", "symbol", "region", "title", "show")
SHOW_CHOICES = ("code", "command", "output")
_SYNTAX = (
    "write one 'key: value' per line, e.g. 'path: lesson7/order_workflow.py' "
    f"(keys: {', '.join(KEYS)})"
)


@dataclass(frozen=True)
class Directive:
    """What an ```example block asks for, with the page line of each key for error messages."""

    path: str
    line: int  # page line of the opening fence
    symbol: str | None = None
    region: str | None = None
    title: str | None = None
    show: str = "code"
    key_lines: Mapping[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """Page line of ``key`` (the fence line if the key is absent)."""
        return self.key_lines.get(key, self.line)


def is_directive(fence: Fence) -> bool:
    return fence.language == DIRECTIVE_LANGUAGE


def parse_directive(fence: Fence, page: str, line: int) -> Directive:
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
    values, key_lines = _load_mapping(fence, error, line)
    for key, value in values.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise error(
                f"unknown key '{key}' in ```example block",
                f"{hint}The keys are: {', '.join(KEYS)}",
                key_lines[key],
            )
        if not isinstance(value, str):
            kind = "nothing" if value is None else _with_article(type(value).__name__)
            raise error(
                f"'{key}' must be a string, not {kind}",
                f"give '{key}' a text value (quote it if YAML reads it as something else: {key}: \"...\")",
                key_lines[key],
            )
        if not value.strip():
            raise error(f"'{key}' is empty", f"give '{key}' a value, or remove the line", key_lines[key])
    if "path" not in values:
        raise error("```example block has no 'path'", "add 'path: FILE', relative to examples/, e.g. lesson7/order_workflow.py")
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
        for key in ("symbol", "region"):
            if key in values:
                raise error(
                    f"'show: {show}' shows the whole example, so '{key}' does not apply",
                    f"remove '{key}', or use a separate block with 'show: code' for the part",
                    key_lines[key],
                )
    region = values.get("region")
    if region is not None and not REGION_NAME.fullmatch(region):
        raise error(
            f"region name '{region}' is not valid",
            "region names use only letters, digits, '_', '.' and '-'",
            key_lines["region"],
        )
    return Directive(
        path=values["path"].strip(),
        line=line,
        symbol=values["symbol"].strip() if "symbol" in values else None,
        region=region,
        title=values.get("title"),
        show=show,
        key_lines=key_lines,
    )


def _load_mapping(
    fence: Fence, error: Callable[..., ExampleError], line: int
) -> tuple[dict[str, object], dict[str, int]]:
    """The body as a mapping, and the page line of each key."""
    text = "\n".join(fence.body)
    body_start = line + 1  # page line of the body's first line
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise error("this ```example block is empty", _SYNTAX)
        if not isinstance(node, yaml.MappingNode):
            raise error(
                "the ```example block's body is not a YAML mapping",
                _SYNTAX,
                body_start + node.start_mark.line,
            )
        key_lines: dict[str, int] = {}
        for key_node, _ in node.value:
            key_line = body_start + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise error("a key of the ```example block is not a plain name", _SYNTAX, key_line)
            if key_node.value in key_lines:
                raise error(
                    f"key '{key_node.value}' appears twice in the ```example block "
                    f"(lines {key_lines[key_node.value]} and {key_line})",
                    "keep one of them",
                    key_line,
                )
            key_lines[key_node.value] = key_line
        values = loader.construct_document(node)
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        at = body_start + mark.line if mark is not None else line
        raise error(
            f"the ```example block is not valid YAML: {problem.problem or problem.context}",
            _SYNTAX + "; quote values that contain ': ' or start with a special character",
            at,
        ) from None
    except yaml.YAMLError as problem:
        raise error(f"the ```example block is not valid YAML: {problem}", _SYNTAX) from None
    finally:
        loader.dispose()
    return {str(k): v for k, v in values.items()}, key_lines


def _with_article(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"

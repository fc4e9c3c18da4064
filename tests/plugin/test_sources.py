"""Parsing without keeping syntax trees: the same comment lines, and never fewer lines counted inside strings."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tested_examples.core.languages import PYTHON
from tested_examples.core.sources import _multiline_string_lines, _tree_string_lines, parse_source

ROOT = Path(__file__).resolve().parents[2]
CRAFTED = {
    "docstring": '"""\n# region: a\n"""\nx = 1\n',
    "escaped quote": 'x = """\\"""\n# hide: start\n"""\n',
    "raw string": "x = r'''\\'''\n# a\n'''\n",
    "joined over lines": 'x = (\n    "a"\n    # a comment\n    r"b"\n)\n',
    "backslash continued": 'x = "a\\\n# b"\n',
    "hash in strings": "x = '#'\ny = \"# not\"\n# real\n",
    "bytes": "x = b'''\n# b\n'''\n",
    "two statements": '"""Doc."""\n# region: a\n"""Another."""\n',
}
FILES = sorted(
    str(path.relative_to(ROOT)) for folder in ("examples", "plugins") for path in (ROOT / folder).rglob("*.py")
)


def comment_starts(text: str) -> set[int]:
    return {n for n, line in enumerate(text.split("\n"), start=1) if re.match(r"[ \t]*#", line)}


@pytest.mark.parametrize("text", [*CRAFTED.values(), *FILES], ids=[*CRAFTED, *FILES])
def test_no_comment_line_inside_a_string_is_missed(text: str) -> None:
    """Every '#' line the syntax tree places inside a string is counted (counting more only costs tokenizing)."""
    if text in FILES:
        text = (ROOT / text).read_text(encoding="utf-8")
    starts = comment_starts(text)
    spanned = _multiline_string_lines(text)
    assert spanned is not None
    assert starts & _tree_string_lines(ast.parse(text)) <= starts & spanned


def test_an_f_string_over_lines_asks_the_tree() -> None:
    assert _multiline_string_lines('x = f"""{1}\n# region: no\n"""\n') is None
    assert _multiline_string_lines('x = f"{1}"\n# region: yes\n') == set()


def test_only_definitions_are_kept() -> None:
    parsed = parse_source("class A:\n    def f(self):\n        return 1\n", PYTHON, "examples/a.py")
    assert parsed.definitions is not None
    top = parsed.definitions.top
    assert [(d.name, d.first, d.last) for d in top] == [("A", 1, 3)]
    assert top[0].body is not None and [(d.name, d.first, d.body) for d in top[0].body] == [("f", 2, None)]
    assert not any(isinstance(value, ast.AST) for value in vars(parsed.definitions).values())

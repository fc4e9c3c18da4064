"""Find a function, class or ``Class.method`` in a Python module with ``ast``."""

from __future__ import annotations

import ast
import difflib
import unicodedata
from collections.abc import Sequence

from .errors import ExampleError

_Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def is_symbol_name(dotted: str) -> bool:
    """Whether ``dotted`` looks like ``name`` or ``Outer.Inner.name``."""
    return all(part.isidentifier() for part in dotted.split("."))


def symbol_lines(tree: ast.Module, dotted: str, display: str, lines: Sequence[str] = ()) -> tuple[int, int]:
    """First and last line (1-based) of the definition, decorators included.

    ``lines``: the file's lines, to find each decorator's ``@`` (a decorator written
    ``@(`` over several lines starts before its expression does).
    """
    if not is_symbol_name(dotted):
        raise ExampleError(
            f"symbol '{dotted}' is not a Python name",
            "name a function or class, or Class.method, e.g. 'symbol: OrderWorkflow.run'",
        )
    # Python normalises identifiers (NFKC), so the ast holds the normalised spelling.
    parts = [unicodedata.normalize("NFKC", part) for part in dotted.split(".")]
    body: list[ast.stmt] = tree.body
    scope = "at the top level"
    node: _Definition | None = None
    for depth, part in enumerate(parts):
        node = _only_definition(body, part, dotted, display, scope)
        if depth < len(parts) - 1:
            if not isinstance(node, ast.ClassDef):
                raise ExampleError(
                    f"symbol '{dotted}': '{'.'.join(parts[: depth + 1])}' in {display} is a function, "
                    "and only classes are searched for dotted names",
                    "name the function itself, or show a region around the nested code",
                )
            body = node.body
            scope = f"in class {'.'.join(parts[: depth + 1])}"
    assert node is not None
    first = min([node.lineno, *(_at_line(d.lineno, lines) for d in node.decorator_list)])
    last = node.end_lineno or node.lineno
    return first, last


def _at_line(expression_line: int, lines: Sequence[str]) -> int:
    """The line of the ``@`` of a decorator whose expression starts on ``expression_line``."""
    number = expression_line
    while 1 <= number <= len(lines) and not lines[number - 1].lstrip().startswith("@"):
        number -= 1
    return number if number >= 1 and lines else expression_line


def _only_definition(body: list[ast.stmt], name: str, dotted: str, display: str, scope: str) -> _Definition:
    defined = [s for s in body if isinstance(s, _Definition)]
    matches = [s for s in defined if s.name == name]
    if len(matches) == 1:
        return matches[0]
    if matches:
        lines = ", ".join(str(m.lineno) for m in matches)
        raise ExampleError(
            f"symbol '{dotted}' is ambiguous in {display}: '{name}' is defined {len(matches)} times "
            f"{scope} (lines {lines})",
            "put '# region: NAME' … '# endregion: NAME' around the definition to show and use 'region:' "
            "instead, or rename one of them",
        )
    names = list(dict.fromkeys(s.name for s in defined))
    listed = f"names defined there: {', '.join(names)}" if names else "no functions or classes are defined there"
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise ExampleError(
        f"symbol '{dotted}' not found {scope} of {display} ({listed})",
        f"{hint}Name a function or class defined in the file (methods as Class.method)",
    )

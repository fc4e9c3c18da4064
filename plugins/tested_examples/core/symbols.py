"""Find a function, class or ``Class.method`` in a Python module with ``ast``.

Only what the lookup needs is kept of the syntax tree (:class:`Definitions`): the
functions and classes of each scope a dotted name can reach (the module, and
classes, nested to any depth), with their lines; a tree of the whole file would
cost a hundred times its size in memory, and garbage collection with it.
"""

from __future__ import annotations

import ast
import difflib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .errors import ExampleError

_Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


@dataclass(frozen=True, slots=True)
class Definition:
    """A function or class statement of a scope: its name, ``def``/``class`` line and shown lines."""

    name: str
    lineno: int  # the def/class line
    first: int  # its first line, decorators included
    last: int
    body: tuple[Definition, ...] | None  # a class's own definitions; None for a function


class Definitions:
    """The definitions of a Python file, read from its syntax tree on first use; the tree is not kept.

    ``parse``: the file's syntax tree (the file is known to parse); ``lines``: its lines.
    """

    def __init__(self, parse: Callable[[], ast.Module], lines: Sequence[str]) -> None:
        self._parse: Callable[[], ast.Module] | None = parse
        self._lines = lines
        self._top: tuple[Definition, ...] = ()

    @property
    def top(self) -> tuple[Definition, ...]:
        """The module's top-level definitions, in file order."""
        if self._parse is not None:
            self._top = _definitions(self._parse().body, self._lines)
            self._parse = None
        return self._top


def _definitions(body: list[ast.stmt], lines: Sequence[str]) -> tuple[Definition, ...]:
    return tuple(
        Definition(
            statement.name,
            statement.lineno,
            min([statement.lineno, *(_at_line(d.lineno, lines) for d in statement.decorator_list)]),
            statement.end_lineno or statement.lineno,
            _definitions(statement.body, lines) if isinstance(statement, ast.ClassDef) else None,
        )
        for statement in body
        if isinstance(statement, _Definition)
    )


def is_symbol_name(dotted: str) -> bool:
    """Whether ``dotted`` looks like ``name`` or ``Outer.Inner.name``."""
    return all(part.isidentifier() for part in dotted.split("."))


def symbol_lines(definitions: Definitions, dotted: str, display: str) -> tuple[int, int]:
    """First and last line (1-based) of the definition, decorators included (from each decorator's
    ``@``: a decorator written ``@(`` over several lines starts before its expression does)."""
    if not is_symbol_name(dotted):
        raise ExampleError(
            f"symbol '{dotted}' is not a Python name",
            "name a function or class, or Class.method, e.g. 'symbol: OrderWorkflow.run'",
        )
    # Python normalises identifiers (NFKC), so the ast holds the normalised spelling.
    parts = [unicodedata.normalize("NFKC", part) for part in dotted.split(".")]
    body = definitions.top
    scope = "at the top level"
    node: Definition | None = None
    for depth, part in enumerate(parts):
        node = _only_definition(body, part, dotted, display, scope)
        if depth < len(parts) - 1:
            if node.body is None:
                raise ExampleError(
                    f"symbol '{dotted}': '{'.'.join(parts[: depth + 1])}' in {display} is a function, "
                    "and only classes are searched for dotted names",
                    "name the function itself, or show a region around the nested code",
                )
            body = node.body
            scope = f"in class {'.'.join(parts[: depth + 1])}"
    assert node is not None
    return node.first, node.last


def _at_line(expression_line: int, lines: Sequence[str]) -> int:
    """The line of the ``@`` of a decorator whose expression starts on ``expression_line``."""
    number = expression_line
    while 1 <= number <= len(lines) and not lines[number - 1].lstrip().startswith("@"):
        number -= 1
    return number if number >= 1 and lines else expression_line


def _only_definition(defined: Sequence[Definition], name: str, dotted: str, display: str, scope: str) -> Definition:
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

"""Cut the lines a directive asks for out of an example file."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .errors import ExampleError
from .regions import region as find_region
from .sources import ExampleFile
from .symbols import symbol_lines


@dataclass(frozen=True)
class Snippet:
    """Code to show, and the file lines (1-based, markers excluded) it starts and ends on."""

    code: str
    first_line: int
    last_line: int


def cut_snippet(file: ExampleFile, *, symbol: str | None = None, region: str | None = None) -> Snippet:
    """The whole file, a region or a symbol: marker lines dropped, dedented, blank edges trimmed."""
    parsed = file.parsed
    if symbol is not None:
        if parsed.tree is None:
            raise ExampleError(
                f"'symbol:' needs a Python file, and {file.display} is {file.language.name}",
                "use 'region:' with '# region: NAME' … '# endregion: NAME' markers instead",
            )
        first, last = symbol_lines(parsed.tree, symbol, file.display)
        what = f"symbol '{symbol}' in {file.display}"
    elif region is not None:
        found = find_region(parsed.regions, region, file.display, file.language)
        first, last = found.start + 1, found.end - 1
        what = f"region '{region}' in {file.display}"
    else:
        first, last = 1, len(parsed.lines)
        what = file.display
    numbered = [
        (number, parsed.lines[number - 1])
        for number in range(first, last + 1)
        if number not in parsed.regions.marker_lines
    ]
    while numbered and not numbered[0][1].strip():
        numbered.pop(0)
    while numbered and not numbered[-1][1].strip():
        numbered.pop()
    if not numbered:
        raise ExampleError(
            f"nothing to show: {what} is empty (only blank lines and region markers)",
            "put the code to show there, or remove the example block",
        )
    code = textwrap.dedent("\n".join(text for _, text in numbered))
    return Snippet(code, numbered[0][0], numbered[-1][0])

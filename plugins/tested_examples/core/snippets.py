"""Cut the lines a directive asks for out of an example file."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .errors import ExampleError
from .markers import ELISION
from .regions import region as find_region
from .sources import ExampleFile
from .symbols import symbol_lines


@dataclass(frozen=True)
class Snippet:
    """Code to show, and where it came from.

    ``first_line``/``last_line``: the first and last file line shown (1-based);
    ``lines``: every file line shown, in order (marker, hidden and elided lines
    excluded, so not always contiguous); ``highlight``: the 1-based positions in
    ``code`` to highlight.
    """

    code: str
    first_line: int
    last_line: int
    lines: tuple[int, ...] = ()
    highlight: tuple[int, ...] = ()
    applied: tuple[str, ...] = ()  # the 'highlight' regions that were inside what is shown


def cut_snippet(
    file: ExampleFile,
    *,
    symbol: str | None = None,
    region: str | None = None,
    highlight: tuple[str, ...] = (),
    highlight_optional: bool = False,
) -> Snippet:
    """The whole file, a region or a symbol: markers applied, dedented, blank edges trimmed.

    ``highlight`` names regions whose lines are highlighted too; each must lie
    inside what is shown (unless ``highlight_optional``, for a tab group's shared option).
    """
    parsed = file.parsed
    marks = parsed.marks
    if symbol is not None:
        if parsed.definitions is None:
            raise ExampleError(
                f"'symbol:' needs a Python file, and {file.display} is {file.language.name}",
                "use 'region:' with '# region: NAME' … '# endregion: NAME' markers instead",
            )
        first, last = symbol_lines(parsed.definitions, symbol, file.display)
        what = f"symbol '{symbol}' in {file.display}"
    elif region is not None:
        found = find_region(parsed.regions, region, file.display, file.language)
        first, last = found.start + 1, found.end - 1
        what = f"region '{region}' in {file.display}"
    else:
        first, last = 1, len(parsed.lines)
        what = file.display
    highlighted = set(marks.highlighted)
    applied: list[str] = []
    for name in highlight:
        if name not in parsed.regions.regions and highlight_optional:
            continue
        found = find_region(parsed.regions, name, file.display, file.language)
        if found.start < first - 1 or found.end > last + 1:
            if highlight_optional:
                continue
            raise ExampleError(
                f"'highlight: {name}' is out of range: region '{name}' (lines {found.start}-{found.end} of "
                f"{file.display}) is not inside {what} (lines {first}-{last})",
                "highlight a region inside the lines shown, or mark the lines with a trailing '# highlight'",
            )
        highlighted.update(range(found.start + 1, found.end))
        applied.append(name)
    skipped = parsed.regions.marker_lines | marks.marker_lines | marks.hidden
    numbered: list[tuple[int | None, str]] = []
    for number in range(first, last + 1):
        if number in marks.elisions:
            text = parsed.lines[number - 1]
            indent = text[: len(text) - len(text.lstrip())]
            if not numbered or numbered[-1][1].strip() != ELISION:
                numbered.append((None, indent + ELISION))
            continue
        if number in skipped:
            continue
        numbered.append((number, marks.stripped.get(number, parsed.lines[number - 1])))
    while numbered and not numbered[0][1].strip():
        numbered.pop(0)
    while numbered and not numbered[-1][1].strip():
        numbered.pop()
    shown = [number for number, _ in numbered if number is not None]
    if not shown:
        raise ExampleError(
            f"nothing to show: {what} is empty (only blank lines, markers and hidden lines)",
            "put the code to show there, or remove the example block",
        )
    code = textwrap.dedent("\n".join(text for _, text in numbered))
    positions = tuple(i for i, (number, _) in enumerate(numbered, start=1) if number in highlighted)
    return Snippet(code, shown[0], shown[-1], tuple(shown), positions, tuple(applied))

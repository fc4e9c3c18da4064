"""Presentation markers in example files: hide lines, elide them as ``...``, highlight them.

Block markers stand alone on their line, like region markers::

    # hide: start        lines up to '# hide: end' run but never reach a page
    # elide: start       the same, and the page shows one '...' line in their place
    # highlight: start   lines up to '# highlight: end' are highlighted on every page showing them

Line markers end a code line (the comment is removed from what the page shows)::

    client = await connect()  # hide
    await workflow.sleep(5)   # highlight

Markers are comments, so the example still runs unchanged. In Python only real
comments count (never text inside a string).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from .errors import ExampleError
from .languages import Language

BLOCK_KINDS = ("hide", "elide", "highlight")
LINE_KINDS = ("hide", "highlight")
ELISION = "..."


# A build keeps the marks of every example file it reads, and most files have few or none:
# their empty sets and map are shared (an empty frozenset alone costs 216 bytes).
_NONE: frozenset[int] = frozenset()
_NO_TEXT: Mapping[int, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class LineMarks:
    """What the presentation markers of a file say, by 1-based line number."""

    marker_lines: frozenset[int] = _NONE  # block-marker lines: never shown
    hidden: frozenset[int] = _NONE  # run, never shown
    elisions: frozenset[int] = _NONE  # '# elide: start' lines: shown as '...'
    highlighted: frozenset[int] = _NONE
    stripped: Mapping[int, str] = field(default_factory=lambda: _NO_TEXT)  # line -> text without its line marker


def find_marks(
    lines: Sequence[str],
    language: Language,
    display: str,
    comment_lines: Collection[int] | None = None,
    trailing_comments: Mapping[int, int] | None = None,
) -> LineMarks:
    """Parse the markers of a file and check that blocks balance.

    ``comment_lines``: lines that are only a comment (None: any line may be one).
    ``trailing_comments``: line -> column of a comment token ending that line
    (None: found by a regex, for files without a tokenizer).
    """
    if not language.comment_prefixes:
        return LineMarks()
    starts = "|".join(re.escape(p) for p in language.comment_prefixes)
    comment = language.comment_prefixes[0]
    block = re.compile(rf"^[ \t]*(?:{starts})[ \t]*(?P<kind>{'|'.join(BLOCK_KINDS)})[ \t]*:[ \t]*(?P<edge>\S*)[ \t]*$")
    one_marker = rf"[ \t]+(?:{starts})[ \t]*(?:{'|'.join(LINE_KINDS)})"
    line_marker = re.compile(rf"(?:{one_marker})+[ \t]*$")  # one or more: '# hide  # highlight'
    kinds_in = re.compile(rf"(?:{starts})[ \t]*(?P<kind>{'|'.join(LINE_KINDS)})")
    marker_lines: set[int] = set()
    hidden: set[int] = set()
    elisions: set[int] = set()
    highlighted: set[int] = set()
    stripped: dict[int, str] = {}
    open_blocks: dict[str, int] = {}
    for number, text in enumerate(lines, start=1):
        match = block.match(text)
        if match and (comment_lines is None or number in comment_lines):
            kind, edge = match["kind"], match["edge"]
            if edge not in ("start", "end"):
                raise ExampleError(
                    f"malformed marker at {display}:{number}: '{text.strip()}'",
                    f"write '{comment} {kind}: start' before the lines and '{comment} {kind}: end' after them",
                )
            if edge == "start":
                if kind in open_blocks or (kind in ("hide", "elide") and {"hide", "elide"} & set(open_blocks)):
                    raise ExampleError(
                        f"'{comment} {kind}: start' at {display}:{number} is inside a block opened at line "
                        f"{max(open_blocks.values())} that is not closed",
                        f"close the first block with '{comment} {kind}: end' before opening another",
                    )
                open_blocks[kind] = number
                if kind == "elide":
                    elisions.add(number)
                else:
                    marker_lines.add(number)
            else:
                if kind not in open_blocks:
                    raise ExampleError(
                        f"'{comment} {kind}: end' at {display}:{number} has no '{comment} {kind}: start' before it",
                        f"add '{comment} {kind}: start' above the lines, or remove the stray end marker",
                    )
                del open_blocks[kind]
                marker_lines.add(number)
            continue
        if "hide" in open_blocks or "elide" in open_blocks:
            hidden.add(number)
        if "highlight" in open_blocks:
            highlighted.add(number)
        found = line_marker.search(text)
        if found is None or not text[: found.start()].strip():
            continue
        if trailing_comments is not None:
            column = trailing_comments.get(number)
            first_marker = len(text) - len(text[found.start() :].lstrip())
            if column is None or column > first_marker:
                continue  # the marker text is inside a string, not in the comment ending the line
        stripped[number] = text[: found.start()].rstrip()
        for kind in kinds_in.finditer(found.group(0)):
            (hidden if kind["kind"] == "hide" else highlighted).add(number)
    if open_blocks:
        kind, number = next(iter(open_blocks.items()))
        raise ExampleError(
            f"'{comment} {kind}: start' at {display}:{number} is never closed",
            f"add '{comment} {kind}: end' after the last line of the block",
        )
    return LineMarks(
        _frozen(marker_lines), _frozen(hidden), _frozen(elisions), _frozen(highlighted), stripped or _NO_TEXT
    )


def _frozen(numbers: set[int]) -> frozenset[int]:
    return frozenset(numbers) if numbers else _NONE

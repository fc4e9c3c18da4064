"""The rule for code blocks a page writes by hand: only exempted text or mermaid blocks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .errors import ExampleError
from .fences import FENCE, LIST_MARKER, Fence

NOT_CODE_LANGUAGES = ("text", "mermaid")
_EXEMPTION = re.compile(r"^[> \t]*<!--\s*not-code\b(?P<colon>\s*:)?(?P<reason>.*?)-->\s*$")
_PULL_IT = (
    "move the code into a file under examples/ (run by a test) and pull it into the page with an ```example block"
)


def check_hand_written(fence: Fence, page: str, line: int) -> None:
    """Raise unless the block is exempted with ``<!-- not-code: REASON -->`` and is not code."""
    shown = f"```{fence.language}" if fence.language else "``` (no language)"
    exemption = _EXEMPTION.match(fence.preceding_line or "")
    if exemption is None:
        raise ExampleError(
            f"hand-written code block {shown}: every code block must come from examples/",
            f"{_PULL_IT} (see CONTRIBUTING.md); or, if it is not code, put "
            "'<!-- not-code: REASON -->' on the line just before the fence and use ```text or ```mermaid",
            page=page,
            line=line,
        )
    if not exemption["colon"] or not exemption["reason"].strip():
        raise ExampleError(
            "the not-code exemption before this block gives no reason",
            "write it as '<!-- not-code: REASON -->', saying why the block is not code",
            page=page,
            line=line - 1,
        )
    if fence.language and fence.language.lower() not in NOT_CODE_LANGUAGES:
        raise ExampleError(
            f"block {shown} is marked not-code, but '{fence.language}' is code",
            f"{_PULL_IT}; not-code exemptions are only for ```text or ```mermaid blocks",
            page=page,
            line=line,
        )


def check_fence_line(fence: Fence, page: str, line: int) -> None:
    """A fence-like line that superfences does not open (see :mod:`.fences`): say so at that line."""
    shown = f"```{fence.info}" if fence.info else "```"
    if fence.kind == LIST_MARKER:
        raise ExampleError(
            f"a fence cannot open on a list-marker line ('{shown}' after the marker): Markdown renders it "
            "as inline code, not as a block",
            "put the fence on a line of its own, indented under the list item (4 spaces), after a blank line",
            page=page,
            line=line,
        )
    if fence.language == "example":
        raise ExampleError(
            f"the ```example fence line takes no options (found '{fence.info}')",
            "put options in the block's YAML body, one 'key: value' per line",
            page=page,
            line=line,
        )
    raise ExampleError(
        f"'{shown}' is not a fence line pymdownx.superfences accepts (unknown options or malformed text after "
        "the language), so no code block opens here and the lines below render as text",
        'write the fence as ```LANGUAGE, optionally followed by title="...", hl_lines="..." or linenums="..."',
        page=page,
        line=line,
    )


def orphan_exemptions(lines: Sequence[str], fences: Sequence[Fence], page: str, line_offset: int) -> list[ExampleError]:
    """Exemptions that cover no block: each must stand on the line just before a hand-written fence."""
    inside: set[int] = set()
    covered: set[int] = set()
    for fence in fences:
        last = (
            fence.close_index
            if fence.close_index is not None
            else (len(lines) - 1 if fence.kind == FENCE else fence.open_index)
        )
        inside.update(range(fence.open_index + 1, last + 1))
        if fence.kind == FENCE and fence.language != "example":
            covered.add(fence.open_index - 1)
    errors = []
    for index, text in enumerate(lines):
        if index in inside or index in covered or not _EXEMPTION.match(text):
            continue
        errors.append(
            ExampleError(
                "this not-code exemption covers no block: the line after it does not open a fenced block",
                "put '<!-- not-code: REASON -->' on the line just before the ```text fence it exempts "
                "(one exemption per block), or remove it",
                page=page,
                line=index + 1 + line_offset,
            )
        )
    return errors

"""The rule for code blocks a page writes by hand: only exempted text or mermaid blocks."""

from __future__ import annotations

import re

from .errors import ExampleError
from .fences import Fence

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

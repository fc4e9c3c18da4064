"""Write the fenced Markdown blocks that replace ```example blocks."""

from __future__ import annotations

import re

from .errors import ExampleError

_BACKTICK_RUN = re.compile(r"`+")


def fenced_block(
    text: str, language: str, title: str | None, prefix: str = "", highlight: tuple[int, ...] = ()
) -> list[str]:
    """A superfences block, each line led by ``prefix`` (the directive's indentation).

    The fence is longer than any backtick run in ``text`` so the code cannot close it.
    """
    longest = max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    header = f"{prefix}{fence}{language}"
    if title:
        header += f" {title_option(title)}"
    if highlight:
        header += f' hl_lines="{" ".join(_ranges(highlight))}"'
    body = [prefix + line if line.strip() else prefix.rstrip() for line in text.split("\n")]
    return [header, *body, prefix + fence]


def title_option(title: str) -> str:
    """``title="..."`` as superfences reads it (it has no escapes, so pick the quote)."""
    if "\n" in title:
        raise ExampleError("'title' spans several lines", "keep the title on one line")
    if '"' not in title:
        return f'title="{title}"'
    if "'" not in title:
        return f"title='{title}'"
    raise ExampleError(
        "'title' contains both \" and ' quotes, which a code block title cannot hold",
        "drop one kind of quote from the title",
    )


def _ranges(numbers: tuple[int, ...]) -> list[str]:
    """``(1, 2, 3, 7)`` → ``["1-3", "7"]``, as pymdownx.highlight's hl_lines reads them."""
    ranges: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        ranges.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ranges

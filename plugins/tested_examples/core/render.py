"""Write the fenced Markdown blocks that replace ```example blocks."""

from __future__ import annotations

import re

from .errors import ExampleError
from .fences import Fence, fence_language

_BACKTICK_RUN = re.compile(r"`+")


def fenced_block(
    text: str, language: str, title: str | None, prefix: str = "", highlight: tuple[int, ...] = ()
) -> list[str]:
    """A superfences block, each line led by ``prefix`` (the directive's indentation).

    The fence is longer than any backtick run in ``text`` so the code cannot close it.
    """
    options = [title_option(title)] if title else []
    if highlight:
        options.append(f'hl_lines="{" ".join(_ranges(highlight))}"')
    return _fence_lines(text, " ".join([language, *options]), prefix)


def _fence_lines(text: str, info: str, prefix: str) -> list[str]:
    longest = max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = [prefix + line if line.strip() else prefix.rstrip() for line in text.split("\n")]
    return [f"{prefix}{fence}{info}", *body, prefix + fence]


_ATTRIBUTES = re.compile(r"^(?P<lang>\.?[\w#.+-]+)?[ \t]*(?:\{(?P<attrs>.*)\}|(?P<options>.*))$")


def reemitted_block(fence: Fence, mark: str) -> list[str]:
    """An exempted plain-text block written again by the plugin, carrying the class ``mark``.

    The body is the one the scanner read (so what renders is what was checked);
    the fence keeps its language (``text`` when it names none) and options.
    """
    match = _ATTRIBUTES.match(fence.info)
    language = fence_language(fence.info) or "text"
    extra = ""
    if match is not None and match["attrs"] is not None:
        extra = re.sub(rf"(^|\s)\.{re.escape(language)}(?=\s|$)", " ", match["attrs"], count=1).strip()
    elif match is not None and match["options"] is not None:
        extra = match["options"].strip()
    inside = " ".join(part for part in (f".{language}", f".{mark}", extra) if part)
    return _fence_lines("\n".join(fence.body), f"{{{inside}}}", fence.prefix)


_MARKDOWN_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "`*_[]\\<>&!|~{}#+-=:"})


def error_line(message: str, prefix: str) -> list[str]:
    """A visible line in place of a block that could not be shown (``mkdocs serve`` shows the page anyway)."""
    text = " ".join(message.split()).translate(_MARKDOWN_SPECIAL)  # no Markdown, no HTML inside
    return [prefix.rstrip(), f'{prefix}<mark class="tested-example-error">{text}</mark>', prefix.rstrip()]


def title_option(title: str) -> str:
    """``title="..."`` as superfences reads it (it has no escapes, so pick the quote)."""
    if "\n" in title:
        raise ExampleError("'title' spans several lines", "keep the title on one line")
    bad = next((c for c in title if ord(c) < 32 or 0x7F <= ord(c) < 0xA0), None)
    if bad is not None:
        raise ExampleError(f"'title' holds a control character (U+{ord(bad):04X})", "remove it from the title")
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

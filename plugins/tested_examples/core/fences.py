"""Find the fenced blocks of a Markdown page the way pymdownx.superfences does.

A fence may sit at any indentation and inside blockquotes (prefix of spaces,
tabs and ``>``); it closes on a line holding exactly the same fence at the same
indentation. Lines inside a fence are content, never fences themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAB_LENGTH = 4  # Python-Markdown's default, which superfences uses to expand tabs
_PREFIX_CHARS = (">", " ", "\t")
_OPENING = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_LANGUAGE = re.compile(r"\.?(?P<lang>[\w#.+-]+)(?=[ \t]|$)")
_ATTR_CLASS = re.compile(r"(?:^|[\s{])\.(?P<lang>[\w#.+-]+)")


@dataclass(frozen=True)
class Fence:
    """A fenced block: where it is (0-based line indexes) and what it holds."""

    open_index: int
    close_index: int | None  # None: never closed (the block does not render as code)
    prefix: str  # what precedes the fence on its opening line: indentation, '>' markers
    fence: str  # the backtick or tilde run
    info: str  # the rest of the opening line, stripped
    language: str  # '' when the fence names none
    body: tuple[str, ...]  # content lines with the prefix removed
    preceding_line: str | None  # the line just before the opening fence


def scan_fences(markdown: str) -> list[Fence]:
    """Every fenced block of a page, in order; nested fence lines stay content."""
    lines = [line.rstrip("\r") for line in markdown.split("\n")]
    fences: list[Fence] = []
    index = 0
    while index < len(lines):
        opened = _opening(lines[index])
        if opened is None:
            index += 1
            continue
        prefix, fence, info = opened
        body, close_index, next_index = _read_body(lines, index, prefix, fence)
        fences.append(
            Fence(
                open_index=index,
                close_index=close_index,
                prefix=prefix,
                fence=fence,
                info=info,
                language=fence_language(info),
                body=tuple(body),
                preceding_line=lines[index - 1] if index > 0 else None,
            )
        )
        index = next_index
    return fences


def fence_language(info: str) -> str:
    """The language an info string names: ``python title="x"`` or ``{ .python }`` → ``python``."""
    if info.startswith("{"):
        match = _ATTR_CLASS.search(info)
    else:
        match = _LANGUAGE.match(info)
    return match["lang"] if match else ""


def _opening(line: str) -> tuple[str, str, str] | None:
    prefix_length = len(line) - len(line.lstrip("".join(_PREFIX_CHARS)))
    match = _OPENING.match(line, prefix_length)
    if match is None:
        return None
    fence, info = match["fence"], match["info"].strip()
    if fence[0] == "`" and "`" in info:
        return None  # an inline code span at the start of a line, not a fence
    return line[:prefix_length], fence, info


def _read_body(lines: list[str], open_index: int, prefix: str, fence: str) -> tuple[list[str], int | None, int]:
    """Content lines, the closing line's index (None if none) and where scanning resumes."""
    width = len(prefix.expandtabs(TAB_LENGTH))
    quote_level = prefix.count(">")
    closing = re.compile(re.escape(fence) + r"[ \t]*$")
    body: list[str] = []
    for index in range(open_index + 1, len(lines)):
        ws, content = _split_prefix(lines[index], width)
        line_quote_level = ws.count(">")
        if not content.strip():
            body.append((ws + content)[width:])
            continue
        if line_quote_level > quote_level or (quote_level == 0 and len(ws) != width) or len(ws) < width:
            return body, None, index + 1  # not indented like the fence: superfences abandons it
        if closing.match(content) and not content.startswith((" ", "\t")):
            return body, index, index + 1
        body.append((ws + content)[width:])
    return body, None, len(lines)


def _split_prefix(line: str, width: int) -> tuple[str, str]:
    """Take prefix characters up to ``width`` columns, as superfences does."""
    taken: list[str] = []
    column = 0
    consumed = 0
    for char in line:
        if column >= width or char not in _PREFIX_CHARS:
            break
        consumed += 1
        if char == "\t":
            size = TAB_LENGTH - (column % TAB_LENGTH)
            taken.append(" " * size)
            column += size
        else:
            taken.append(char)
            column += 1
    return "".join(taken), line[consumed:]

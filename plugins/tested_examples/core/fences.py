"""Find the fenced blocks of a Markdown page the way pymdownx.superfences does.

A fence may sit at any indentation and inside blockquotes (prefix of spaces,
tabs and ``>``); it closes on a line holding exactly the same fence at the same
indentation. Lines inside a fence are content, never fences themselves.

A line that looks like a fence but that superfences refuses (options it does not
know, a fence after a list marker) is reported as a :class:`Fence` of its own
``kind``, so the page can say so at that line instead of guessing what renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAB_LENGTH = 4  # Python-Markdown's default, which superfences uses to expand tabs
_PREFIX_CHARS = (">", " ", "\t")
_OPENING = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# pymdownx.superfences' RE_NESTED_FENCE_START (13.x): a fence opens only if its line matches
# with no 'unrecognized' part, and every option is one pymdownx.highlight knows.
_SUPERFENCES_START = re.compile(
    r"""(?x)
    (?P<fence>~{3,}|`{3,})
    (?:[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[\t ]|$))?
    (?:
        [ \t]*(\{(?P<attrs>[^\n]*)\}) |
        (?P<options>(?:(?:[ \t]*[a-zA-Z][a-zA-Z0-9_]*(?:=(?P<quot>"|').*?(?P=quot))?)(?=[\t ]|$))+) |
        (?P<unrecognized>(?:([ \t]*[^\s]+)(?=[\t ]|$))+)
    )?[ \t]*$
    """
)
_OPTION = re.compile(r"""(?P<key>[a-zA-Z][a-zA-Z0-9_]*)(?:=(?P<quot>"|')(?P<value>.*?)(?P=quot))?""")
_OPTION_VALUES = {
    "hl_lines": re.compile(r"^\d+(?:-\d+)?(?:[ \t]+\d+(?:-\d+)?)*$"),
    "linenums": re.compile(r"[\d]+(?:[ \t]+[\d]+)?(?:[ \t]+[\d]+)?"),
    "title": re.compile(r""),
    "title_mode": re.compile(r""),
}
_LIST_MARKER_FENCE = re.compile(r"^[> \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?P<fence>`{3,}|~{3,})")
FENCE = "fence"  # a block superfences renders
REFUSED = "refused"  # a fence line superfences does not accept: no block opens there
LIST_MARKER = "list-marker"  # a fence after a list marker: Markdown renders it as inline code
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
    kind: str = FENCE  # FENCE, or a line superfences does not open: REFUSED, LIST_MARKER


def scan_fences(markdown: str) -> list[Fence]:
    """Every fenced block of a page, in order; nested fence lines stay content."""
    lines = [line.rstrip("\r") for line in markdown.split("\n")]
    fences: list[Fence] = []
    index = 0
    while index < len(lines):
        preceding = lines[index - 1] if index > 0 else None
        listed = _LIST_MARKER_FENCE.match(lines[index])
        if listed is not None:
            # Markdown renders it as an inline code span up to the next same fence: skip to it.
            close = next((i for i in range(index + 1, len(lines)) if lines[i].strip() == listed["fence"]), None)
            info = lines[index][listed.end() :].strip()
            fences.append(
                Fence(index, close, "", listed["fence"], info, fence_language(info), (), preceding, LIST_MARKER)
            )
            index = index + 1 if close is None else close + 1
            continue
        opened = _opening(lines[index])
        if opened is None:
            index += 1
            continue
        prefix, fence, info = opened
        if not accepted_by_superfences(fence + info):
            if not (fence[0] == "`" and "`" in info):  # a backtick in it: an inline code span, not a fence
                fences.append(Fence(index, None, prefix, fence, info, fence_language(info), (), preceding, REFUSED))
            index += 1
            continue
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
                preceding_line=preceding,
            )
        )
        index = next_index
    return fences


def fence_language(info: str) -> str:
    """The language an info string names: ``python title="x"`` or ``{ .python }`` → ``python``."""
    match = _ATTR_CLASS.search(info) if info.startswith("{") else _LANGUAGE.match(info)
    return match["lang"] if match else ""


def accepted_by_superfences(fence_line: str) -> bool:
    """Whether superfences (with Pygments highlighting) opens a block on ``fence_line`` (prefix removed)."""
    match = _SUPERFENCES_START.match(fence_line)
    if match is None or match["unrecognized"]:
        return False
    if match["options"]:
        for option in _OPTION.finditer(match["options"]):
            check = _OPTION_VALUES.get(option["key"])
            if check is None or option["value"] is None or check.match(option["value"]) is None:
                return False  # highlight's validator makes it an attribute, and superfences refuses the fence
    return True


def _opening(line: str) -> tuple[str, str, str] | None:
    prefix_length = len(line) - len(line.lstrip("".join(_PREFIX_CHARS)))
    match = _OPENING.match(line, prefix_length)
    if match is None:
        return None
    return line[:prefix_length], match["fence"], match["info"].strip()


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

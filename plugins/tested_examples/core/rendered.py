"""The gate on what a page renders: every code block came from the plugin, or is exempted plain text.

The source scanner (:mod:`.fences`, :mod:`.gate`) sees the fences superfences sees;
this looks at the rendered HTML, so nothing else reaches the page as code either:
an indented code block, raw ``<pre>`` HTML, or a fence another extension renders
(inline code stays allowed: it is not a block). Each block the plugin wrote carries a class made from the
build's secret marker (see :class:`.page.ExampleLibrary`); every other ``pre``
is an error, named by its page line when its first line of text is found in the
page source, else by that text. The marker classes are then
replaced by stable ones: ``tested-example tested-example-<kind>``.

Most of a page's tags are the highlighting inside the plugin's own code blocks.
The scan reads them only where they can matter: inside a marked ``pre`` whose
content is plain highlighted text (only ``span``, ``code`` and ``a`` tags, see
``_PLAIN_INSIDE``), the tags cannot open another block nor close one outside it,
and neither its text nor its highlighting is asked for (only a not-code block's
is), so the parser resumes at its ``</pre>``: the result is the full scan's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .errors import ExampleError
from .page import EmittedBlock

PREFORMATTED = ("pre", "xmp", "listing", "plaintext")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Classes Pygments and pymdownx.highlight put inside a block without highlighting any token.
_PLAIN_CLASSES = {"hll", "linenos", "normal", "special", "linenodiv", "filename", "w"}
# What a highlighted block holds between <pre ...> and </pre>: text and span/code/a tags,
# as Pygments and pymdownx.highlight write them (line anchors included). Possessive:
# a block that holds anything else is simply scanned tag by tag.
_INSIDE_TAGS = ("span", "code", "a")
_PLAIN_INSIDE = re.compile(r'(?:[^<]++|<(?:span|code|a)(?: [a-z]++="[^"<>]*+")*+>|</(?:span|code|a)>)*+(?=</pre>)')
_PULL_IT = "move the code into a file under examples/ (run by a test) and pull it in with an ```example block"


@dataclass
class _Block:
    tag: str
    mark: str | None  # the plugin's class on it or on an element around it
    text: list[str] = field(default_factory=list)
    highlighted: bool = False  # holds an element with a token class (code highlighting)


class _Scanner(HTMLParser):
    def __init__(self, marks: set[str], inspected: set[str], *, skip: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.marks = marks
        self.inspected = inspected  # marks of blocks whose text and highlighting are checked (not-code)
        self.skip = skip  # False: read every tag (the reference the skipping scan must equal)
        self.stack: list[tuple[str, str | None, _Block | None]] = []  # tag, mark in force, block opened
        self.blocks: list[_Block] = []
        self._skippable = False  # the start tag just read opened a marked block whose inside needs no reading

    def parse_starttag(self, i: int) -> int:
        self._skippable = False
        end = super().parse_starttag(i)
        if self._skippable and end >= 0:
            self._skippable = False
            plain = _PLAIN_INSIDE.match(self.rawdata, end)
            if plain is not None:
                return plain.end()  # at its </pre>, which closes it as it would after reading the inside
        return end

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = " ".join(value or "" for name, value in attrs if name == "class").split()
        mark = next((c for c in classes if c in self.marks), None) or (self.stack[-1][1] if self.stack else None)
        open_blocks = [entry[2] for entry in self.stack if entry[2] is not None]
        if any(c not in _PLAIN_CLASSES for c in classes):
            for block in open_blocks:
                block.highlighted = True
        opened: _Block | None = None
        if tag in PREFORMATTED:
            opened = _Block(tag, mark)
            self.blocks.append(opened)
            # Skippable: a plugin block not inspected, inside no other block (whose text would
            # take this one's), under no span/code/a (an end tag inside could close it).
            self._skippable = (
                self.skip
                and tag == "pre"
                and mark is not None
                and mark not in self.inspected
                and not open_blocks
                and not any(entry[0] in _INSIDE_TAGS for entry in self.stack)
            )
        if tag not in _VOID:
            self.stack.append((tag, mark, opened))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._skippable = False  # <pre/>: what follows is not inside it
        if tag not in _VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        for _, _, block in self.stack:
            if block is not None:
                block.text.append(data)


def check_rendered(
    html: str, page: str, blocks: Sequence[EmittedBlock], source: str, *, line_offset: int = 0, skip: bool = True
) -> tuple[str, list[ExampleError]]:
    """The page's HTML with stable classes, and every code block that did not come from the plugin.

    ``blocks``: what the plugin wrote on the page; ``source``: the page's Markdown
    (after ``line_offset`` lines of front matter), to find a stray block's line.
    ``skip=False`` reads every tag (for tests: the same result, slower).
    """
    by_mark = {block.mark: block for block in blocks}
    inspected = {block.mark for block in blocks if block.kind == "not-code"}
    scanner = _Scanner(set(by_mark), inspected, skip=skip)
    scanner.feed(html)
    scanner.close()
    errors: list[ExampleError] = []
    seen: set[str] = set()
    lines = source.split("\n")
    for found in scanner.blocks:
        text = "".join(found.text)
        if found.mark is None:
            errors.append(_stray(found, text, page, lines, line_offset))
            continue
        seen.add(found.mark)
        emitted = by_mark[found.mark]
        if emitted.kind == "not-code" and found.highlighted:
            errors.append(
                ExampleError(
                    "this block is exempted as not-code, but it renders highlighted as code",
                    f"{_PULL_IT}; a not-code exemption is only for plain text (```text)",
                    page=page,
                    line=emitted.line,
                )
            )
    for emitted in blocks:
        if emitted.mark not in seen:
            errors.append(
                ExampleError(
                    "the code block written for this ```example block did not render as a code block",
                    "enable pymdownx.superfences and pymdownx.highlight in mkdocs.yml (markdown_extensions), "
                    "and keep the block out of raw HTML that is not parsed as Markdown",
                    page=page,
                    line=emitted.line,
                )
            )
    if blocks:
        html = _stable_classes(html, by_mark)
    return html, sorted(errors, key=lambda e: e.line or 0)


def _stable_classes(html: str, by_mark: dict[str, EmittedBlock]) -> str:
    """Each of the page's marks replaced by ``tested-example tested-example-<kind>`` (the longest first)."""

    def stable(mark: str) -> str:
        return f"tested-example tested-example-{by_mark[mark].kind}"

    marker = _common_marker(by_mark)
    if marker is None:
        pattern = re.compile("|".join(re.escape(mark) for mark in sorted(by_mark, key=len, reverse=True)))
        return pattern.sub(lambda m: stable(m.group(0)), html)

    def replace(match: re.Match[str]) -> str:
        found = mark = match.group(0)
        while mark not in by_mark:  # the longest of the page's marks the text starts with, if any
            mark = mark[:-1]
            if mark.endswith("-"):
                return found
        return stable(mark) + found[len(mark) :]

    # One pattern for the build (compiled once: re caches it), not one per page.
    return re.compile(re.escape(marker) + r"-[0-9]+").sub(replace, html)


def _common_marker(by_mark: dict[str, EmittedBlock]) -> str | None:
    """``M`` if every mark is ``M-<digits>`` and no mark can start inside another (``M``'s first
    character is nowhere else in a mark): then one pattern finds what the alternation of the marks finds."""
    marker = next(iter(by_mark)).rpartition("-")[0]
    if not marker or marker[0] in marker[1:] + "-0123456789":
        return None
    for mark in by_mark:
        prefix, _, number = mark.rpartition("-")
        if prefix != marker or not number.isascii() or not number.isdigit():
            return None
    return marker


def _stray(found: _Block, text: str, page: str, lines: Sequence[str], line_offset: int) -> ExampleError:
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    shown = first if len(first) <= 60 else first[:57] + "..."
    line = _source_line(first, lines)
    what = "a code block" if found.tag == "pre" else f"a <{found.tag}> block"
    where = f" starting '{shown}'" if shown else " (empty)"
    return ExampleError(
        f"{what}{where} on the rendered page did not come from an ```example block: every code block must "
        "come from examples/ (an indented code block, raw HTML <pre>, or a fence the plugin does not know)",
        f"{_PULL_IT}; if it is not code, write it as a ```text fence with '<!-- not-code: REASON -->' "
        "on the line before",
        page=page,
        line=None if line is None else line + line_offset,
    )


def _source_line(first: str, lines: Sequence[str]) -> int | None:
    """The 1-based page line holding a block's first line of text, if it can be found."""
    if not first:
        return None
    for number, text in enumerate(lines, start=1):
        if text.strip() == first:
            return number
    for number, text in enumerate(lines, start=1):
        if first in text:
            return number
    return None

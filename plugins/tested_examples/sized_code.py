"""Code blocks that say how many lines they hold, so a stylesheet can size them before they are drawn.

In ``mkdocs.yml``, after ``pymdownx.highlight``::

    markdown_extensions:
      - tested_examples.sized_code

Each ``<pre>`` gets ``style="--code-lines:N"``. A stylesheet can then skip the
rendering of the blocks off screen (``content-visibility: auto``) and still give
each one its exact height (``contain-intrinsic-size``), computed from ``N`` and
the code's font size and line height: the page is as tall as it will be, and a
link to an anchor lands where it will stay. This course's rule is in
``docs/stylesheets/site.css``; ``tests/browser/test_sized_code.py`` checks, on
every page, that each block's placeholder is as tall as the block.

A block holds as many lines as its text has line ends; the last line may have
none (Pygments ends every block with one).
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from .lean_code import PRE

# After lean_code (5) and before the gate of tested_examples.markdown (0); the gate
# reads only the classes of a <pre>, not its style.
PRIORITY = 4
_TAG = re.compile(r"<[^>]*>")
_OPENING = re.compile(r"<pre\b(?![^>]*\bstyle=)")


def line_count(block: str) -> int:
    """The number of lines a ``<pre>...</pre>`` block shows."""
    text = _TAG.sub("", block)
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def size(html: str) -> str:
    """``html`` with ``style="--code-lines:N"`` on every ``<pre>`` that has no style of its own."""

    def sized(match: re.Match[str]) -> str:
        block = match.group(0)
        return _OPENING.sub(f'<pre style="--code-lines:{line_count(block)}"', block, count=1)

    return PRE.sub(sized, html)


class SizedCodePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return size(text) if "<pre" in text else text


class SizedCodeExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(SizedCodePostprocessor(md), "tested_examples_sized_code", PRIORITY)


def makeExtension(**kwargs: Any) -> SizedCodeExtension:
    return SizedCodeExtension(**kwargs)

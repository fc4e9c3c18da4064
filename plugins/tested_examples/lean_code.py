"""Highlighted code with fewer elements: drops the Pygments spans that change nothing on screen.

In ``mkdocs.yml``, after ``pymdownx.highlight``::

    markdown_extensions:
      - tested_examples.lean_code

Pygments wraps every token in a ``<span class="...">``. Two of its classes look like
the text around them under Material's stylesheet: ``n`` (a plain name, coloured
``--md-code-hl-name-color``, which Material sets to the code's own colour,
``--md-code-fg-color``) and ``w`` (whitespace, unstyled). Together they are about a
third of a lesson's token spans (Lesson 9: 1,182 of 3,563), and every element
costs the browser style and layout work at load, most of all on a phone. This
postprocessor replaces each such span inside a ``<pre>`` by its text; the text,
and so what a learner reads and copies, stays byte for byte the same.

A site whose palette colours names differently from the code around them must not
use it: ``tests/browser/test_lean_code.py`` checks the two colours are the same in
both schemes of this course.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

# After raw_html (30), which puts the highlighted blocks back, and before the gate of
# tested_examples.markdown (0), which only reads the <pre> tags' classes.
PRIORITY = 5
# A token span whose class is exactly "n" or "w"; token text never holds "<" (Pygments escapes it).
NO_OP_SPAN = re.compile(r'<span class="[nw]">([^<]*)</span>')
PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)


def unwrap(html: str) -> str:
    """``html`` with every no-op token span inside a ``<pre>`` replaced by its text."""
    return PRE.sub(lambda block: NO_OP_SPAN.sub(r"\1", block.group(0)), html)


class LeanCodePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return unwrap(text) if "<pre" in text else text


class LeanCodeExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(LeanCodePostprocessor(md), "tested_examples_lean_code", PRIORITY)


def makeExtension(**kwargs: Any) -> LeanCodeExtension:
    return LeanCodeExtension(**kwargs)

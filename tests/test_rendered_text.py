"""What a reader sees holds no Markdown residue: every page's text, as rendered, reads as prose.

A Markdown construct that did not render shows its syntax to the reader: a
backslash before a quote in an admonition title (Python-Markdown's titles have no
escapes), an ```example directive's ``path:`` line, ``**`` or ``!!!`` left over.
This test reads the built HTML, not the Markdown source.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# (what, pattern) found in a page's rendered text outside code blocks.
RESIDUE = [
    ("a backslash-escaped quote", re.compile(r"\\[\"']")),
    ("an ```example directive line", re.compile(r"^\s*(path|region|symbol|show|highlight|tabs):\s", re.M)),
    ("a code fence", re.compile(r"^\s*(```|~~~)", re.M)),
    ("an admonition or details marker", re.compile(r"^\s*(!!!|\?\?\?\+?)\s", re.M)),
    ("a tab marker", re.compile(r"^\s*===\s+\"", re.M)),
    ("bold or emphasis markers", re.compile(r"(?<![\w*])\*\*\S[^*\n]*\*\*(?!\*)")),
    ("a Markdown link", re.compile(r"\]\([^)\s]+\.md(#[^)]*)?\)")),
    ("an attribute list", re.compile(r"\{:\s*[.#]")),
    ("an HTML comment", re.compile(r"<!--")),
]


@pytest.fixture
def site(course_site: Path) -> Path:
    return course_site


def rendered_text(html: str) -> str:
    """The article's text as a reader sees it, without code blocks (where any text is code)."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup
    for code in article.select("pre, code, script, style, svg"):
        code.decompose()
    return article.get_text("\n")


def residue(text: str) -> list[str]:
    """Each kind of residue found, once per line of text it is on."""
    lines = text.splitlines()
    found: dict[tuple[str, int], None] = {}
    for what, pattern in RESIDUE:
        for match in pattern.finditer(text):
            found[(what, text[: match.start()].count("\n"))] = None
    return [f"{what}: {lines[line].strip()[:100]!r}" for what, line in found]


def test_no_page_shows_markdown_residue(site: Path) -> None:
    problems = {
        page.relative_to(site).as_posix(): found
        for page in sorted(site.rglob("index.html"))
        if (found := residue(rendered_text(page.read_text(encoding="utf-8"))))
    }
    assert problems == {}


@pytest.mark.parametrize(
    ("html", "what"),
    [
        (
            '<article><div class="admonition"><p class="admonition-title">\\"Quoted\\" title</p></div></article>',
            "a backslash-escaped quote",
        ),
        ("<article><p>path: lesson7/saga.py\nregion: saga</p></article>", "an ```example directive line"),
        ('<article><p>!!! note "x"</p></article>', "an admonition or details marker"),
        ("<article><p>This is **not bold** here.</p></article>", "bold or emphasis markers"),
        ("<article><p>See [Lesson 7](lesson_7.md#saga).</p></article>", "a Markdown link"),
        ("<article><p>```python</p></article>", "a code fence"),
    ],
)
def test_the_check_finds_each_kind_of_residue(html: str, what: str) -> None:
    assert {found.split(":")[0] for found in residue(rendered_text(html))} == {what}


def test_code_blocks_may_hold_anything() -> None:
    html = '<article><pre><code>print("\\"quoted\\"")\npath: x</code></pre><p>Plain prose.</p></article>'
    assert residue(rendered_text(html)) == []

"""The gate's scan skips the inside of the plugin's own highlighted blocks: it must find what a full scan finds.

``check_rendered(..., skip=False)`` reads every tag; on every input below, and on
thousands of random tag soups built from the pieces that could fool a skip
(comments, script, end tags of outer elements, nested blocks, self-closing
``<pre/>``), both give the same HTML and the same errors.
"""

from __future__ import annotations

import random
import re

import pytest

from tested_examples.core.page import EmittedBlock
from tested_examples.core.rendered import _stable_classes, check_rendered

PAGE = "docs/page.md"
MARK = "teSCAN"
BLOCKS = (EmittedBlock(f"{MARK}-1", 3, "code"), EmittedBlock(f"{MARK}-2", 7, "not-code"))
CODE = f'<div class="language-python highlight {MARK}-1"><pre><span></span><code>'
TEXT = f'<div class="language-text highlight {MARK}-2"><pre><span></span><code>'
SOURCE = "Intro.\n\nx = 1\n\nprint(1)\n"


def both(html: str) -> tuple[tuple[str, list[str]], tuple[str, list[str]]]:
    fast, fast_errors = check_rendered(html, PAGE, BLOCKS, SOURCE)
    full, full_errors = check_rendered(html, PAGE, BLOCKS, SOURCE, skip=False)
    return (fast, [str(e) for e in fast_errors]), (full, [str(e) for e in full_errors])


CASES = {
    "plain highlighted blocks": CODE + '<span class="n">x</span> = 1</code></pre></div>'
    f"{TEXT}print(1)</code></pre></div>",
    "line anchors": CODE + '<a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a>'
    '<span class="hll"><span class="k">def</span></span></code></pre></div>',
    "an end tag of an outer element inside": CODE + "x</div></pre><pre>y</pre>",
    "a comment hiding the end tag": CODE + "x<!-- </pre> --><pre>y</pre></pre>",
    "a nested block": CODE + "x<pre>nested</pre>y</code></pre></div>",
    "inside a span": f"<span>{CODE}x</span></code></pre></div><pre>after</pre>",
    "inside a raw pre": f"<pre>raw {CODE}x</code></pre></div>",
    "inside a script": f"<script>{CODE}x</code></pre></div></script><pre>z</pre>",
    "self-closing pre": f'<div class="{MARK}-1"><pre/>x</code></pre><pre>y</pre></div>',
    "upper-case tags": f'<DIV CLASS="{MARK}-1"><PRE><SPAN>x</SPAN></PRE></DIV><pre>y</pre>',
    "never closed": CODE + "x</code>",
    "an unbalanced span end tag": f"<b>{CODE}</span></span>x</code></pre></div><pre>y</pre></b>",
    "text-only block highlighted": TEXT + '<span class="k">x</span></code></pre></div>',
    "a missing block": "<p>no code</p>",
    "charrefs and a stray less-than": CODE + "a &lt; b &amp; c < d</code></pre></div><pre>&#x41;</pre>",
}


@pytest.mark.parametrize("html", list(CASES.values()), ids=list(CASES))
def test_the_skipping_scan_finds_what_the_full_scan_finds(html: str) -> None:
    fast, full = both(html)
    assert fast == full


PIECES = (
    CODE,
    TEXT,
    f'<div class="{MARK}-1">',
    "<pre>",
    "<pre/>",
    "</pre>",
    "<PRE>",
    "<xmp>",
    "</xmp>",
    "<div>",
    "</div>",
    '<span class="k">',
    '<span class="hll">',
    "<span>",
    "</span>",
    "<code>",
    "</code>",
    '<a id="x" href="#x">',
    "</a>",
    "<!-- ",
    " -->",
    "<script>",
    "</script>",
    "<br>",
    "x = 1",
    "print(1)\n",
    "&amp;",
    "<",
    ">",
    "\n",
)


# What a highlighted block holds: most soups pair a block's start with such an inside.
INSIDE = ('<span class="k">', "<span>", "</span>", "x = 1", "</code>", '<a id="x" href="#x">', "</a>", "</pre>")


def test_random_tag_soup() -> None:
    rng = random.Random(16)
    for _ in range(4000):
        html = "".join(rng.choice(INSIDE if rng.random() < 0.5 else PIECES) for _ in range(rng.randint(1, 16)))
        fast, full = both(html)
        assert fast == full, html


def test_random_blocks_in_tag_soup() -> None:
    """A marked block with a plain inside (now and then one hostile piece in it), amid tag soup."""
    rng = random.Random(12)

    def soup(pieces: tuple[str, ...], most: int) -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.randint(0, most)))

    for _ in range(3000):
        inside = [rng.choice(INSIDE[:-1]) for _ in range(rng.randint(0, 8))]
        if rng.random() < 0.3:
            inside.insert(rng.randint(0, len(inside)), rng.choice(PIECES))
        html = soup(PIECES, 6) + rng.choice((CODE, TEXT)) + "".join(inside) + "</pre>" + soup(PIECES, 6)
        fast, full = both(html)
        assert fast == full, html


def test_stable_classes_replace_what_the_alternation_of_the_marks_replaces() -> None:
    """One pattern for the build's marker, as the page's marks joined longest first would replace."""
    rng = random.Random(7)
    for _ in range(500):
        numbers = rng.sample(range(1, 130), rng.randint(1, 6))
        by_mark = {f"{MARK}-{n}": EmittedBlock(f"{MARK}-{n}", 1, rng.choice(("code", "output"))) for n in numbers}
        pieces = (*by_mark, f"{MARK}-", f"{MARK}-9", f"{MARK}-1", "te", "1", "-", " ", '"', "x")
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        pattern = re.compile("|".join(re.escape(mark) for mark in sorted(by_mark, key=len, reverse=True)))
        kinds = {mark: block.kind for mark, block in by_mark.items()}
        expected = pattern.sub(lambda m, kinds=kinds: f"tested-example tested-example-{kinds[m.group(0)]}", html)
        assert _stable_classes(html, by_mark) == expected, html

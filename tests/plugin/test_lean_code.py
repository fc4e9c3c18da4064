"""tested_examples.lean_code: only the no-op token spans go, only inside <pre>, and the text stays."""

from __future__ import annotations

import html
import re

import markdown

from tested_examples.lean_code import unwrap

BLOCK = (
    '<div class="highlight"><pre><span></span><code><span class="k">async</span><span class="w"> </span>'
    '<span class="k">def</span><span class="w"> </span><span class="nf">run</span><span class="p">(</span>'
    '<span class="n">order</span><span class="p">:</span> <span class="n">Order</span><span class="p">)</span>'
    '<span class="w">\n</span><span class="hll"><span class="n">x</span> <span class="o">=</span> '
    '<span class="s2">&quot;&lt;n&gt;&quot;</span></span></code></pre></div>'
)


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_the_text_of_a_block_stays_byte_for_byte_the_same():
    assert text(unwrap(BLOCK)) == text(BLOCK)


def test_only_the_n_and_w_spans_go():
    lean = unwrap(BLOCK)
    assert re.findall(r'<span class="([^"]*)">', lean) == ["k", "k", "nf", "p", "p", "p", "hll", "o", "s2"]
    assert '<span class="nf">run</span>' in lean  # a function name keeps its colour


def test_spans_outside_a_pre_stay():
    inline = '<p><code class="highlight"><span class="n">x</span></code> and <span class="n">n</span></p>'
    assert unwrap(inline) == inline
    assert unwrap(inline + BLOCK).startswith(inline)


def test_the_extension_runs_after_highlighting():
    md = markdown.Markdown(extensions=["pymdownx.superfences", "pymdownx.highlight", "tested_examples.lean_code"])
    out = md.convert("```python\nresult = compute(order)\n```\n")
    assert '<span class="n">' not in out and '<span class="w">' not in out
    assert "result" in out and '<span class="o">=</span>' in out
    plain = markdown.Markdown(extensions=["pymdownx.superfences", "pymdownx.highlight"]).convert(
        "```python\nresult = compute(order)\n```\n"
    )
    assert '<span class="n">' in plain  # what it removes is there without it
    assert text(out) == text(plain)

"""tested_examples.sized_code: every <pre> says how many lines it shows, and nothing else changes."""

from __future__ import annotations

import re

import markdown

from tested_examples.sized_code import line_count, size

ONE = '<div class="highlight"><pre><span></span><code><span class="k">pass</span>\n</code></pre></div>'
THREE = (
    '<div class="highlight"><pre><span></span><code><span class="k">async</span> <span class="k">def</span> '
    'run():\n<span class="hll">    <span class="k">return</span> <span class="s2">&quot;a\nb&quot;</span>\n'
    "</span></code></pre></div>"
)


def test_it_counts_the_lines_a_block_shows():
    assert line_count(ONE) == 1
    assert line_count(THREE) == 3  # a highlighted line and a string over two lines count as shown
    assert line_count("<pre><code>no final line end</code></pre>") == 1
    assert line_count("<pre><code>a\nb</code></pre>") == 2


def test_only_the_pre_tag_changes():
    sized = size(ONE + "<p>text</p>" + THREE)
    assert sized == (
        ONE.replace("<pre>", '<pre style="--code-lines:1">')
        + "<p>text</p>"
        + THREE.replace("<pre>", '<pre style="--code-lines:3">')
    )


def test_a_pre_with_a_class_keeps_it_and_one_with_a_style_is_left_alone():
    classed = '<pre class="x"><code>a\n</code></pre>'
    assert size(classed) == classed.replace("<pre", '<pre style="--code-lines:1"')
    own = '<pre style="color: red"><code>a\n</code></pre>'
    assert size(own) == own


def test_outside_a_pre_nothing_changes():
    inline = "<p><code>a\nb</code> and <code>pre</code></p>"
    assert size(inline) == inline


def test_the_extension_runs_after_highlighting():
    md = markdown.Markdown(extensions=["pymdownx.superfences", "pymdownx.highlight", "tested_examples.sized_code"])
    out = md.convert("```python\nfirst = 1\nsecond = 2\n```\n\nText.\n")
    assert re.findall(r'<pre style="--code-lines:(\d+)"', out) == ["2"]

"""A hostile author's pages and example files, one table: the exact page:line and message, or the exact code.

Each case runs the whole path a page takes: the core renders it (with a build
marker), Python-Markdown renders the result with the course's extensions, and the
gate on the rendered HTML checks every block. ``errors`` lists every problem the
build reports for the page, in order, as ``docs/page.md:LINE: message`` (each also
carries a non-empty ``Fix:``); for valid input, ``code`` is the exact text of each
code block on the page. No input may raise anything but the collected errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from tested_examples.core import ExampleLibrary, ExamplesRoot
from tested_examples.core.rendered import check_rendered

from .conftest import CONFIG_YAML, PAGE, WORKFLOW, write_files

MARKER = "teHOSTILE"
EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
]
EXTENSION_CONFIGS = {"pymdownx.tabbed": {"alternate_style": True}, "pymdownx.highlight": {"anchor_linenums": True}}
BASE_FILES: dict[str, str | bytes] = {
    "lesson7/__init__.py": "",
    "lesson7/workflow.py": WORKFLOW,
    "lesson7/workflow.output.txt": "charged 5\nsent to ada\n",
    "lesson7/config.yaml": CONFIG_YAML,
}
LONG_NAME = "a" * 300 + ".py"


@dataclass(frozen=True)
class Link:
    """A symlink in examples/ to ``target`` (relative to the link's folder)."""

    target: str


@dataclass(frozen=True)
class Case:
    id: str
    page: str
    errors: tuple[str, ...] = ()
    code: tuple[str, ...] | None = None  # valid input: the exact text of each code block
    files: dict[str, str | bytes | Link] = field(default_factory=dict)


def ex(*body: str, fence: str = "```", indent: str = "") -> str:
    """An ```example block (its fence on the page's first line unless text precedes it)."""
    return "\n".join(indent + line if line else line for line in [f"{fence}example", *body, fence]) + "\n"


def err(line: int, message: str) -> str:
    return f"{PAGE}:{line}: {message}"


HAND = (
    "a code block starting '{}' on the rendered page did not come from an ```example block: every code block "
    "must come from examples/ (an indented code block, raw HTML <pre>, or a fence the plugin does not know)"
)

PATHS = [
    Case(
        "path: over-long file name",
        ex(f"path: {LONG_NAME}"),
        (err(2, f"path '{LONG_NAME[:57]}...' is too long (a file name over 255 bytes)"),),
    ),
    Case(
        "path: symlink loop",
        ex("path: loop.py"),
        (err(2, "examples/loop.py is a symlink loop (it points, through links, back to itself)"),),
        files={"loop.py": Link("loop.py")},
    ),
    Case(
        "path: two-link loop",
        ex("path: a.py"),
        (err(2, "examples/a.py is a symlink loop (it points, through links, back to itself)"),),
        files={"a.py": Link("b.py"), "b.py": Link("a.py")},
    ),
    Case(
        "path: NUL written as a YAML escape",
        ex('path: "lesson7/a\\0.py"'),
        (err(2, "path 'lesson7/a\\x00.py' contains a control character (U+0000)"),),
    ),
    Case(
        "path: escape character written as a YAML escape",
        ex('path: "lesson7/\\e.py"'),
        (err(2, "path 'lesson7/\\x1b.py' contains a control character (U+001B)"),),
    ),
    Case("path: dot", ex("path: ."), (err(2, "examples/. is a directory, not a file"),)),
    Case("path: a folder with a slash", ex("path: lesson7/"), (err(2, "examples/lesson7 is a directory, not a file"),)),
    Case(
        "path: a trailing slash on a file is the file",
        ex("path: lesson7/config.yaml/"),
        code=("retry:\n  attempts: 3\n",),
    ),
    Case("path: home", ex("path: ~/x.py"), (err(2, "path '~/x.py' is absolute"),)),
    Case(
        "path: dot-dot",
        ex("path: lesson7/../../x.py"),
        (err(2, "path 'lesson7/../../x.py' uses '..' to leave examples/"),),
    ),
    Case(
        "path: symlink to a folder outside",
        ex("path: out/secret.py"),
        (err(2, "examples/out/secret.py is a symlink to {tmp}/outside/secret.py, which is outside examples/"),),
        files={"out": Link("../outside"), "../outside/secret.py": "x = 1\n"},
    ),
    Case(
        "path: unicode name not there",
        ex("path: lesson7/wörkflow.py"),
        (err(2, "examples/lesson7/wörkflow.py does not exist"),),
    ),
    Case(
        "path: file URL",
        ex("path: file:///etc/passwd"),
        (err(2, "path 'file:///etc/passwd' is a URL; only files under examples/ can be shown"),),
    ),
]

DIRECTIVES = [
    Case(
        "directive: NUL in the body",
        ex("path: lesson7/workflow.py", "title: a\0b"),
        (err(3, "the ```example block holds a control character (U+0000, NUL)"),),
    ),
    Case(
        "directive: form feed in the body",
        ex("path: lesson7/workflow.py\f"),
        (err(2, "the ```example block holds a control character (U+000C, form feed)"),),
    ),
    Case(
        "directive: a date where a string belongs",
        ex("path: lesson7/workflow.py", "title: 2024-02-30"),
        (err(3, "'title' must be a string, not a date"),),
    ),
    Case(
        "directive: an !!int tag",
        ex("path: lesson7/workflow.py", "region: !!int x"),
        (err(3, "'region' must be a string, not an int"),),
    ),
    Case(
        "directive: a custom tag",
        ex("path: !shell lesson7/workflow.py"),
        (err(2, "'path' must be a string, not a value tagged '!shell'"),),
    ),
    Case(
        "directive: a python/object tag is not run",
        ex("path: !!python/object/apply:os.system [echo hi]"),
        (err(2, "'path' must be a string, not a value tagged '!!python/object/apply:os.system'"),),
    ),
    Case("directive: a list as path", ex("path: [a.py, b.py]"), (err(2, "'path' must be a string, not a list"),)),
    Case(
        "directive: a mapping as title",
        ex("path: lesson7/workflow.py", "title: {a: b}"),
        (err(3, "'title' must be a string, not a mapping"),),
    ),
    Case(
        "directive: an empty tab item",
        ex("tabs:", "  - {}", "  - label: B", "    path: lesson7/workflow.py"),
        (err(3, "a tab is empty"),),
    ),
    Case(
        "directive: tabs not a list",
        ex("tabs: lesson7/workflow.py"),
        (err(2, "'tabs' must be a non-empty list of tabs"),),
    ),
    Case(
        "directive: a tab without a label",
        ex("tabs:", "  - path: lesson7/workflow.py"),
        (err(3, "a tab has no 'label'"),),
    ),
    Case(
        "directive: highlight of only commas",
        ex("path: lesson7/workflow.py", 'highlight: ","'),
        (err(3, "'highlight: ,' names no region"),),
    ),
    Case(
        "directive: an undefined YAML alias",
        ex("path: *nowhere"),
        (err(2, "the ```example block is not valid YAML: found undefined alias 'nowhere'"),),
    ),
    Case(
        "directive: YAML nested thousands deep",
        ex("path: " + "[" * 5000 + "]" * 5000),
        (err(1, "the ```example block is nested too deeply"),),
    ),
    Case(
        "directive: fence line with an unquoted option",
        ex("path: lesson7/workflow.py").replace("```example", "```example title=x", 1),
        (
            err(1, "the ```example fence line takes no options (found 'example title=x')"),
            # superfences skips the refused line, so the closing fence opens a block that never closes
            err(3, "hand-written code block ``` (no language): every code block must come from examples/"),
        ),
    ),
    Case(
        "directive: fence line with attributes",
        ex("path: lesson7/workflow.py").replace("```example", "```example {.big}", 1),
        (err(1, "the ```example fence line takes no options (found 'example {.big}')"),),
    ),
    Case(
        "directive: title with a backtick renders",
        ex("path: lesson7/config.yaml", "title: use `retry`"),
        code=("retry:\n  attempts: 3\n",),
    ),
    Case(
        "directive: title with braces and quotes renders",
        ex("path: lesson7/config.yaml", "title: 'a } \"b\" {'"),
        code=("retry:\n  attempts: 3\n",),
    ),
    Case(
        "directive: a control character in the title, as a YAML escape",
        ex("path: lesson7/workflow.py", 'title: "a\\x02b"'),
        (err(3, "'title' holds a control character (U+0002)"),),
    ),
    Case(
        "directive: a tab label with a line break",
        ex("tabs:", '  - label: "a\\nb"', "    path: lesson7/workflow.py"),
        (err(3, "a tab 'label' cannot hold '\"', a line break or a control character"),),
    ),
    Case(
        "directive: a misspelt key",
        ex("path: lesson7/workflow.py", "symbl: charge"),
        (err(3, "unknown key 'symbl' in ```example block"),),
    ),
    Case(
        "directive: output of a YAML file",
        ex("path: lesson7/config.yaml", "show: output"),
        (
            err(
                2,
                "'show: output' shows what a Python example prints, and examples/lesson7/config.yaml is not a .py file",
            ),
        ),
    ),
    Case(
        "directive: a directive after a list marker",
        "- " + ex("path: lesson7/workflow.py"),
        (
            err(
                1,
                "a fence cannot open on a list-marker line ('```example' after the marker): Markdown renders it as "
                "inline code, not as a block",
            ),
        ),
    ),
]

MARKERS = [
    Case(
        "markers: '# hide  # highlight' in Python hides the line",
        ex("path: m.py"),
        code=("a = 1\nc = 3\n",),
        files={"m.py": "a = 1\nb = 2  # hide  # highlight\nc = 3\n"},
    ),
    Case(
        "markers: '# hide  # highlight' in YAML hides the line too",
        ex("path: m.yaml"),
        code=("a: 1\nc: 3\n",),
        files={"m.yaml": "a: 1\nb: 2  # hide  # highlight\nc: 3\n"},
    ),
    Case(
        "markers: a comment then a marker, in Python",
        ex("path: m.py"),
        code=("a = 1  # note\n",),
        files={"m.py": "a = 1  # note # highlight\n"},
    ),
    Case(
        "markers: a comment then a marker, in YAML",
        ex("path: m.yaml"),
        code=("a: 1  # note\n",),
        files={"m.yaml": "a: 1  # note # highlight\n"},
    ),
    Case(
        "markers: a marker line in a string opened with an escaped quote",
        ex("path: m.py"),
        code=('x = """\\"""\n# hide: start\n"""\n',),
        files={"m.py": 'x = """\\"""\n# hide: start\n"""\n'},
    ),
    Case(
        "markers: a marker line in an f-string",
        ex("path: m.py"),
        code=('x = f"""{1}\n# region: no\n"""\n',),
        files={"m.py": 'x = f"""{1}\n# region: no\n"""\n'},
    ),
    Case(
        "markers: a trailing marker inside a string is text",
        ex("path: m.py"),
        code=('s = """\nx = 1  # hide\n"""\n',),
        files={"m.py": 's = """\nx = 1  # hide\n"""\n'},
    ),
    Case(
        "markers: a decorator written '@(' over several lines",
        ex("path: m.py", "symbol: f"),
        code=("@(\n    functools.cache\n)\ndef f():\n    return 1\n",),
        files={"m.py": "import functools\n\n\n@(\n    functools.cache\n)\ndef f():\n    return 1\n"},
    ),
    Case(
        "markers: '@(' decorator with a comment line inside",
        ex("path: m.py", "symbol: A.f"),
        code=("@(  # cached\n    # the decorator:\n    functools.cache\n)\ndef f(self):\n    return 1\n",),
        files={
            "m.py": "import functools\n\n\nclass A:\n    @(  # cached\n        # the decorator:\n"
            "        functools.cache\n    )\n    def f(self):\n        return 1\n"
        },
    ),
    Case(
        "markers: highlight end without start",
        ex("path: m.py"),
        (err(2, "'# highlight: end' at examples/m.py:2 has no '# highlight: start' before it"),),
        files={"m.py": "x = 1\n# highlight: end\n"},
    ),
    Case(
        "markers: elide inside hide",
        ex("path: m.py"),
        (err(2, "'# elide: start' at examples/m.py:2 is inside a block opened at line 1 that is not closed"),),
        files={"m.py": "# hide: start\n# elide: start\nx = 1\n# elide: end\n# hide: end\n"},
    ),
    Case(
        "markers: a block marker with a wrong edge",
        ex("path: m.py"),
        (err(2, "malformed marker at examples/m.py:1: '# hide: begin'"),),
        files={"m.py": "# hide: begin\nx = 1\n"},
    ),
    Case(
        "markers: a region marker inside a docstring is text",
        ex("path: m.py", "region: real"),
        code=("x = 1\n",),
        files={"m.py": '"""\n# region: real\n"""\n# region: real\nx = 1\n# endregion: real\n'},
    ),
    Case(
        "markers: marker lines between strings joined over lines are comments",
        ex("path: m.py"),
        code=('x = (\n    "a"\n    r"b"\n)\n',),
        files={"m.py": 'x = (\n    "a"\n    # hide: start\n    "c"\n    # hide: end\n    r"b"\n)\n'},
    ),
    Case(
        "markers: a marker line in a raw string opened with an escaped quote",
        ex("path: m.py", "region: real"),
        code=("y = 2\n",),
        files={"m.py": "x = r'''\\'''\n# region: real\n'''\n# region: real\ny = 2\n# endregion: real\n"},
    ),
    Case(
        "markers: highlight in a shell script",
        ex("path: run.sh"),
        code=("set -eu\necho hi\n",),
        files={"run.sh": "set -eu\necho hi  # highlight\n"},
    ),
]

FILES = [
    Case(
        "file: Python nested too deeply for the parser",
        ex("path: deep.py"),
        (err(2, "examples/deep.py is nested too deeply for Python's parser"),),
        files={"deep.py": "x = " + "-" * 100_000 + "1\n"},
    ),
    Case(
        "file: too many parentheses",
        ex("path: parens.py"),
        (err(2, f"examples/parens.py:1 does not parse as Python: too many nested parentheses ('x = {'(' * 76}')"),),
        files={"parens.py": "x = " + "(" * 1000 + ")" * 1000 + "\n"},
    ),
    Case(
        "file: a NUL byte in Python",
        ex("path: nul.py"),
        (err(2, "examples/nul.py does not parse as Python: source code string cannot contain null bytes"),),
        files={"nul.py": b"x = 1\0\n"},
    ),
    Case(
        "file: what only the compiler refuses (nonlocal at the top level) parses, so it is shown",
        ex("path: top.py"),
        code=("nonlocal x\n",),
        files={"top.py": "nonlocal x\n"},
    ),
    Case(
        "file: a NUL byte in YAML is shown as it is",
        ex("path: nul.yaml"),
        code=("a: 1\0\n",),
        files={"nul.yaml": b"a: 1\0\n"},
    ),
    Case(
        "file: Latin-1",
        ex("path: l.yaml"),
        (err(2, "examples/l.yaml is not UTF-8 (bad byte at offset 3)"),),
        files={"l.yaml": "a: \xe9\n".encode("latin-1")},
    ),
    Case(
        "file: only markers",
        ex("path: m.py"),
        (err(2, "nothing to show: examples/m.py is empty (only blank lines, markers and hidden lines)"),),
        files={"m.py": "# hide: start\n# hide: end\n"},
    ),
    Case(
        "file: upper-case suffix",
        ex("path: UP.PY"),
        code=("X = 1\n",),
        files={"UP.PY": "X = 1\n"},
    ),
    Case(
        "file: a fence inside the code gets a longer fence",
        ex("path: doc.py"),
        code=('TEXT = """\n```python\nx\n```\n"""\n',),
        files={"doc.py": 'TEXT = """\n```python\nx\n```\n"""\n'},
    ),
    Case(
        "file: HTML in the code is text",
        ex("path: page.py"),
        code=('HTML = "<pre><code>x</code></pre>"\n',),
        files={"page.py": 'HTML = "<pre><code>x</code></pre>"\n'},
    ),
    Case(
        "file: tabs indentation, tokenized",
        ex("path: tabs.py"),
        code=("if True:\n    x = 1\n",),  # superfences expands tabs
        files={"tabs.py": "if True:\n\tx = 1  # highlight\n"},
    ),
]

GATE = [
    Case(
        "gate: an indented code block after a paragraph",
        "Text.\n\n    print('typed')\n",
        (err(3, HAND.format("print('typed')")),),
    ),
    Case(
        "gate: raw HTML pre with a language class",
        'Text.\n\n<pre><code class="language-python">import os</code></pre>\n',
        (err(3, HAND.format("import os")),),
    ),
    Case(
        "gate: raw HTML highlight div",
        '<div class="highlight"><pre><span></span><code>rm -rf /</code></pre></div>\n',
        (err(1, HAND.format("rm -rf /")),),
    ),
    Case(
        "gate: raw HTML faking the plugin's stable class",
        '<div class="tested-example tested-example-code highlight"><pre><code>x = 1</code></pre></div>\n',
        (err(1, HAND.format("x = 1")),),
    ),
    Case(
        "gate: an xmp element",
        "<xmp>print(1)</xmp>\n",
        (err(1, HAND.format("print(1)").replace("a code block", "a <xmp> block")),),
    ),
    Case(
        "gate: an empty pre",
        "<pre></pre>\n",
        (f"{PAGE}: " + HAND.replace(" starting '{}'", " (empty)"),),
    ),
    Case(
        "gate: exemption on a fence line superfences refuses",
        "<!-- not-code: x -->\n```text !!!\n```python\nprint('typed')\n```\n",
        (
            err(
                1,
                "this not-code exemption covers no block: the line after it does not open a fenced block",
            ),
            err(
                2,
                "'```text !!!' is not a fence line pymdownx.superfences accepts (unknown options or malformed text "
                "after the language), so no code block opens here and the lines below render as text",
            ),
            err(3, "hand-written code block ```python: every code block must come from examples/"),
        ),
    ),
    Case(
        "gate: one exemption, two blocks",
        "<!-- not-code: a diagram -->\n```text\na\n```\n```text\nb\n```\n",
        (err(5, "hand-written code block ```text: every code block must come from examples/"),),
    ),
    Case(
        "gate: exemption on an indented block",
        "<!-- not-code: x -->\n    print('typed')\n",
        (
            err(1, "this not-code exemption covers no block: the line after it does not open a fenced block"),
            err(2, HAND.format("print('typed')")),
        ),
    ),
    Case(
        "gate: exempted python",
        "<!-- not-code: x -->\n```python\nx = 1\n```\n",
        (err(2, "block ```python is marked not-code, but 'python' is code"),),
    ),
    Case(
        "gate: a python fence after a list marker",
        "Steps:\n\n- ```python\n  print('typed')\n  ```\n",
        (
            err(
                3,
                "a fence cannot open on a list-marker line ('```python' after the marker): Markdown renders it as "
                "inline code, not as a block",
            ),
        ),
    ),
    Case(
        "gate: a hand-written fence whose title has a backtick",
        'Text.\n\n```python title="a`b"\nx = 1\n```\n',
        (err(3, "hand-written code block ```python: every code block must come from examples/"),),
    ),
    Case(
        "gate: exempted text in an admonition renders",
        "!!! note\n\n    <!-- not-code: a tree -->\n    ```text\n    examples/\n      lesson7/\n    ```\n",
        code=("examples/\n  lesson7/\n",),
    ),
    Case(
        "gate: exempted text in a blockquote renders",
        "> <!-- not-code: a tree -->\n> ```text\n> a\n> ```\n",
        code=("a\n",),
    ),
    Case(
        "gate: exempted text keeps its title",
        '<!-- not-code: a tree -->\n```text title="Layout"\na\n```\n',
        code=("a\n",),
    ),
    Case(
        "gate: exempted block without language becomes text",
        "<!-- not-code: a tree -->\n```\nimport os\n```\n",
        code=("import os\n",),
    ),
    Case(
        "gate: exempted mermaid renders as plain text",
        "<!-- not-code: flow -->\n```mermaid\ngraph LR; A-->B\n```\n",
        code=("graph LR; A-->B\n",),
    ),
    Case(
        "gate: raw pre inside details",
        "<details><summary>s</summary>\n<pre>eval(input())</pre>\n</details>\n",
        (err(2, HAND.format("eval(input())")),),
    ),
    Case(
        "gate: inline code stays allowed",
        "Call `workflow.execute_activity(\n  charge)` and `#!python print(1)`.\n",
        code=(),
    ),
]

LINES = [
    Case(
        "lines: every problem of the page, in page order",
        "Intro.\n\n" + ex("path: nope.py") + "\n```python\nx\n```\n\n" + ex("path: lesson7/workflow.py", "region: zz"),
        (
            err(4, "examples/nope.py does not exist"),
            err(7, "hand-written code block ```python: every code block must come from examples/"),
            err(
                13,
                "region 'zz' not found in examples/lesson7/workflow.py (regions there: charge, receipt)",
            ),
        ),
    ),
    Case(
        "lines: an error inside a tab names the tab's key",
        ex(
            "tabs:",
            "  - label: A",
            "    path: lesson7/workflow.py",
            "  - label: B",
            "    path: lesson7/workflow.py",
            "    symbol: nope",
        ),
        (
            err(
                7,
                "symbol 'nope' not found at the top level of examples/lesson7/workflow.py (names defined there: "
                "charge, decorated, fetch, OrderWorkflow)",
            ),
        ),
    ),
    Case(
        "lines: a block in a blockquote",
        "Text.\n\n> ```example\n> path: gone.py\n> ```\n",
        (err(4, "examples/gone.py does not exist"),),
    ),
    Case(
        "lines: CRLF page",
        "Text.\r\n\r\n```example\r\npath: gone.py\r\n```\r\n",
        (err(4, "examples/gone.py does not exist"),),
    ),
    Case(
        "lines: a fence that opens on a list-marker line is reported there, not at its closing fence",
        "1. Run:\n\n1. ```bash\n   ls\n   ```\n",
        (
            err(
                3,
                "a fence cannot open on a list-marker line ('```bash' after the marker): Markdown renders it as "
                "inline code, not as a block",
            ),
        ),
    ),
    Case(
        "lines: a tilde fence with a backtick title",
        'Text.\n\n~~~python title="`x`"\nx = 1\n~~~\n',
        (err(3, "hand-written code block ```python: every code block must come from examples/"),),
    ),
    Case(
        "lines: an unclosed directive in an admonition",
        "!!! note\n\n    ```example\n    path: lesson7/workflow.py\n",
        (err(3, "this ```example block is never closed"),),
    ),
    Case(
        "lines: the good blocks of a page still render beside a broken one",
        ex("path: lesson7/config.yaml") + "\n" + ex("path: nope.yaml"),
        (err(6, "examples/nope.yaml does not exist"),),
        code=("retry:\n  attempts: 3\n",),
    ),
]

CASES = [*PATHS, *DIRECTIVES, *MARKERS, *FILES, *GATE, *LINES]


def build(tmp_path: Path, case: Case) -> tuple[list[str], list[str], BeautifulSoup]:
    """The page's problems (``page:line: message``), their fixes, and the rendered HTML."""
    root = tmp_path / "examples"
    write_files(root, BASE_FILES)
    for relpath, content in case.files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Link):
            os.symlink(content.target, path)
        else:
            write_files(root, {relpath: content})
    library = ExampleLibrary(ExamplesRoot(root), marker=MARKER)
    rendered = library.render(case.page, PAGE)
    html = markdown.markdown(rendered.markdown, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    full = check_rendered(html, PAGE, rendered.blocks, case.page, skip=False)  # every tag read
    html, gate_errors = check_rendered(html, PAGE, rendered.blocks, case.page)
    assert (html, [str(e) for e in gate_errors]) == (full[0], [str(e) for e in full[1]])
    errors = [*rendered.errors, *gate_errors]
    located = [str(e).split(". Fix: ")[0].replace(str(tmp_path), "{tmp}") for e in errors]
    return located, [e.fix for e in errors], BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input(tmp_path: Path, case: Case) -> None:
    errors, fixes, soup = build(tmp_path, case)
    assert errors == list(case.errors)
    assert all(fix.strip() for fix in fixes)
    assert MARKER not in str(soup), "the build's secret marker must not reach the page"
    if case.code is not None:
        assert [pre.get_text() for pre in soup.find_all("pre")] == list(case.code)


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 60

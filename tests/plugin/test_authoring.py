"""Markers in examples (hide, elide, highlight), tabs, and links to the source and the test."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tested_examples.core import ExampleError, ExampleLibrary, ExamplesRoot, SourceLinks

from .conftest import PAGE, example_block, write_files

MARKED = """\
import asyncio
# region: main
async def main() -> None:
    # hide: start
    client = await connect()
    # hide: end
    total = 0  # highlight
    # elide: start
    for step in range(3):
        total += step
    # elide: end
    # highlight: start
    print(total)
    return None
    # highlight: end
    await asyncio.sleep(0)  # hide
# endregion: main
TEXT = "x = 1  # highlight"
"""


def library(tmp_path: Path, files: dict[str, str | bytes], links: SourceLinks | None = None) -> ExampleLibrary:
    root = tmp_path / "examples"
    write_files(root, files)
    return ExampleLibrary(ExamplesRoot(root), links=links)


def rendered(tmp_path: Path, *body: str, files: dict[str, str | bytes] | None = None, links: SourceLinks | None = None):
    lib = library(tmp_path, files or {"m.py": MARKED}, links)
    return lib.render_page("# Page\n\n" + example_block(*body) + "\n", PAGE)


def test_hide_elide_and_highlight_markers(tmp_path: Path) -> None:
    page = rendered(tmp_path, "path: m.py", "region: main")
    assert page.markdown.split("\n")[2:] == [
        '```python title="examples/m.py" hl_lines="2 4-5"',
        "async def main() -> None:",
        "    total = 0",
        "    ...",
        "    print(total)",
        "    return None",
        "```",
        "",
    ]
    (source,) = page.sources
    assert source.lines == (3, 7, 13, 14)  # hidden, elided and marker lines are not shown
    assert (source.first_line, source.last_line) == (3, 14)


def test_marker_text_inside_a_string_is_code(tmp_path: Path) -> None:
    page = rendered(tmp_path, "path: m.py", "symbol: main")
    assert "hl_lines" in page.markdown
    whole = rendered(tmp_path, "path: m.py")
    assert 'TEXT = "x = 1  # highlight"' in whole.markdown


def test_highlight_option_names_a_region_inside_the_snippet(tmp_path: Path) -> None:
    files = {"w.py": "def f():\n    # region: core\n    a = 1\n    b = 2\n    # endregion: core\n    return a + b\n"}
    page = rendered(tmp_path, "path: w.py", "symbol: f", "highlight: core", files=files)
    assert 'hl_lines="2-3"' in page.markdown
    assert page.sources[0].highlight == ("core",)


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (("path: w.py", "region: tail", "highlight: core"), 6, "'highlight: core' is out of range"),
        (("path: w.py", "highlight: nope"), 5, "region 'nope' not found"),
        (("path: w.py", "show: output", "highlight: core"), 6, "'highlight' does not apply"),
        (("path: w.py", "highlight: 'a b!'"), 5, "does not name regions"),
    ],
    ids=["out of range", "unknown region", "not with output", "bad name"],
)
def test_highlight_errors(tmp_path: Path, body: tuple[str, ...], line: int, message: str) -> None:
    files = {
        "w.py": "# region: core\na = 1\n# endregion: core\n# region: tail\nb = 2\n# endregion: tail\n",
        "w.output.txt": "x\n",
    }
    with pytest.raises(ExampleError) as raised:
        rendered(tmp_path, *body, files=files)
    assert f"{PAGE}:{line}: " in str(raised.value) and message in str(raised.value)
    assert "Fix: " in str(raised.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("# hide: start\nx = 1\n", "'# hide: start' at examples/bad.py:1 is never closed"),
        ("x = 1\n# elide: end\n", "'# elide: end' at examples/bad.py:2 has no '# elide: start'"),
        ("# hide: begin\nx = 1\n", "malformed marker at examples/bad.py:1"),
        ("# hide: start\n# elide: start\n# elide: end\n# hide: end\n", "inside a block"),
    ],
    ids=["unclosed", "stray end", "malformed", "hide inside elide"],
)
def test_marker_errors_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(ExampleError) as raised:
        rendered(tmp_path, "path: bad.py", files={"bad.py": content})
    assert message in str(raised.value)
    assert f"{PAGE}:4: " in str(raised.value)


def test_markers_in_yaml_and_shell(tmp_path: Path) -> None:
    files = {
        "c.yaml": "a: 1  # highlight\n# elide: start\nb: 2\n# elide: end\nc: 3\n",
        "s.sh": "set -eu  # hide\necho hi\n",
    }
    yaml_page = rendered(tmp_path, "path: c.yaml", files=files)
    assert '```yaml title="examples/c.yaml" hl_lines="1"\na: 1\n...\nc: 3\n```' in yaml_page.markdown
    shell_page = rendered(tmp_path, "path: s.sh", files=files)
    assert '```bash title="examples/s.sh"\necho hi\n```' in shell_page.markdown


TABS = """\
path: m.py
tabs:
  - label: Code
    region: main
  - label: Run it
    show: command
  - label: What it prints
    show: output
"""


def test_tabs_render_pymdownx_tabbed_with_each_snippet_checked(tmp_path: Path) -> None:
    page = rendered(tmp_path, *TABS.splitlines(), files={"m.py": MARKED, "m.output.txt": "3\n"})
    text = page.markdown
    assert text.startswith(
        '# Page\n\n=== "Code"\n\n    ```python title="examples/m.py" hl_lines="2 4-5"\n    async def main() -> None:'
    )
    assert '=== "Run it"\n\n    ```console\n    $ python -m examples.m\n    ```' in text
    assert '=== "What it prints"\n\n    ```text title="Output"\n    3\n    ```' in text
    assert [s.kind for s in page.sources] == ["code", "command", "output"]


def test_tabs_share_a_highlight_and_fail_when_no_tab_has_it(tmp_path: Path) -> None:
    files = {
        "w.py": "# region: a\nx = 1\n# region: core\ny = 2\n# endregion: core\n# endregion: a\n",
        "v.py": "z = 3\n",
    }
    body = ["tabs:", "  - {label: One, path: w.py, region: a}", "  - {label: Two, path: v.py}", "highlight: core"]
    page = rendered(tmp_path, *body, files=files)
    assert page.markdown.count("hl_lines") == 1
    with pytest.raises(ExampleError) as raised:
        rendered(tmp_path, *body[:-1], "highlight: zzz", files=files)
    assert "applies to no tab" in str(raised.value) and f"{PAGE}:7:" in str(raised.value)


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (("tabs: []",), 4, "'tabs' must be a non-empty list"),
        (("tabs:", "  - path: m.py"), 5, "a tab has no 'label'"),
        (("tabs:", "  - {label: A, path: m.py}", "  - {label: A, path: m.py}"), 6, "two tabs are labelled 'A'"),
        (("title: T", "tabs:", "  - {label: A, path: m.py}"), 4, "'title' does not apply to a whole tab group"),
        (("tabs:", "  - {label: A, path: m.py, colour: red}"), 5, "unknown key 'colour' in tab"),
        (("tabs:", "  - {label: A}"), 5, "has no 'path'"),
        (("tabs:", "  - {label: 'say \"hi\"', path: m.py}"), 5, "cannot hold"),
    ],
    ids=["empty", "no label", "duplicate label", "group title", "unknown tab key", "no path", "quote in label"],
)
def test_tab_errors(tmp_path: Path, body: tuple[str, ...], line: int, message: str) -> None:
    with pytest.raises(ExampleError) as raised:
        rendered(tmp_path, *body)
    assert f"{PAGE}:{line}: " in str(raised.value) and message in str(raised.value), str(raised.value)


def test_links_to_the_source_lines_and_the_test(tmp_path: Path) -> None:
    links = SourceLinks(
        "https://github.com/o/r",
        "abc123",
        lambda display: "tests/examples/test_m.py" if display.startswith("examples/m.") else None,
    )
    page = rendered(tmp_path, "path: m.py", "region: main", links=links)
    assert (
        '<small class="tested-example-links"><a class="tested-example-source" '
        'href="https://github.com/o/r/blob/abc123/examples/m.py#L3-L14">examples/m.py, lines 3–14</a> · tested by '
        '<a class="tested-example-test" href="https://github.com/o/r/blob/abc123/tests/examples/test_m.py">'
        "tests/examples/test_m.py</a></small>"
    ) in page.markdown
    single = rendered(tmp_path, "path: one.py", files={"one.py": "x = 1\n"}, links=links)
    assert 'one.py#L1"' in single.markdown and "tested by" not in single.markdown


def test_links_keep_the_indentation_of_an_indented_block(tmp_path: Path) -> None:
    links = SourceLinks("https://example.org/r", "main")
    lib = library(tmp_path, {"one.py": "x = 1\n"}, links)
    page = lib.render_page(
        textwrap.dedent("""\
        ??? note "More"

            ```example
            path: one.py
            ```
        """),
        PAGE,
    )
    assert '\n    <small class="tested-example-links">' in page.markdown


@pytest.mark.parametrize(
    "body",
    [
        ("path: lesson7/order_workflow.py", "region: critical-path", "title: The critical path, in order"),
        ("path: a.py", "symbol: OrderWorkflow.run", "title: Notifications (in parallel)"),
        ("path: a.py", "title: yes"),  # YAML reads a bool: the slow path reports it
        ("path: a.py", "title: 'quoted: value'"),
        ("path: a.py", "show: output", "title: True story"),
        ("path: a.py", "highlight: one, two"),
    ],
)
def test_plain_bodies_read_without_yaml_read_the_same(body: tuple[str, ...]) -> None:
    """The fast path for plain 'key: value' lines agrees with the YAML parser (or steps aside)."""
    from tested_examples.core import directive as d
    from tested_examples.core.fences import scan_fences

    (fence,) = scan_fences(example_block(*body))

    def parse() -> object:
        try:
            return d.parse_directive(fence, PAGE, 1)
        except ExampleError as error:
            return str(error)

    fast = parse()
    original = d._simple_mapping
    d._simple_mapping = lambda body, start: None  # type: ignore[assignment]
    try:
        assert parse() == fast
    finally:
        d._simple_mapping = original

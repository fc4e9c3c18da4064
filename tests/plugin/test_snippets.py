"""What an ```example block turns into: the right lines, language, title, fence and indentation."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tested_examples.core import ExampleLibrary, ExamplesRoot

from .conftest import PAGE, example_block, render, write_files


def fence(language: str, title: str | None, code: str, ticks: str = "```", indent: str = "") -> str:
    """The Markdown the plugin should write."""
    header = f"{ticks}{language}" + (f' title="{title}"' if title else "")
    lines = [header, *textwrap.dedent(code).strip("\n").split("\n"), ticks]
    return "\n".join(indent + line if line else "" for line in lines)


SHOWN = [
    pytest.param(
        ("path: lesson7/config.yaml",),
        fence("yaml", "examples/lesson7/config.yaml", "retry:\n  attempts: 3"),
        id="whole file, markers stripped",
    ),
    pytest.param(
        ("path: lesson7/workflow.py", "region: charge"),
        fence(
            "python",
            "examples/lesson7/workflow.py",
            """
            def charge(amount: int) -> str:
                receipt = f"charged {amount}"
                return receipt
            """,
        ),
        id="region, nested region markers stripped",
    ),
    pytest.param(
        ("path: lesson7/workflow.py", "region: receipt"),
        fence("python", "examples/lesson7/workflow.py", 'receipt = f"charged {amount}"'),
        id="region, dedented",
    ),
    pytest.param(
        ("path: lesson7/workflow.py", "symbol: decorated"),
        fence(
            "python",
            "examples/lesson7/workflow.py",
            """
            @functools.cache
            @functools.wraps(charge)
            def decorated() -> int:
                return 1
            """,
        ),
        id="function with decorators",
    ),
    pytest.param(
        ("path: lesson7/workflow.py", "symbol: fetch"),
        fence(
            "python",
            "examples/lesson7/workflow.py",
            """
            async def fetch(order_id: str) -> str:
                return order_id
            """,
        ),
        id="async def",
    ),
    pytest.param(
        ("path: lesson7/workflow.py", "symbol: OrderWorkflow"),
        fence(
            "python",
            "examples/lesson7/workflow.py",
            '''
            class OrderWorkflow:
                """Runs an order."""

                def run(self) -> str:
                    return "ran"

                class Notifier:
                    def send(self, to: str) -> str:
                        return f"sent to {to}"
            ''',
        ),
        id="class",
    ),
    pytest.param(
        ("path: lesson7/workflow.py", "symbol: OrderWorkflow.run"),
        fence(
            "python",
            "examples/lesson7/workflow.py",
            """
            def run(self) -> str:
                return "ran"
            """,
        ),
        id="Class.method, dedented",
    ),
    pytest.param(
        ("path: lesson7/workflow.py", "symbol: OrderWorkflow.Notifier.send", "title: Sending"),
        fence(
            "python",
            "Sending",
            """
            def send(self, to: str) -> str:
                return f"sent to {to}"
            """,
        ),
        id="nested class method, with a title",
    ),
    pytest.param(
        ("path: lesson7/workflow.py", "show: command"),
        fence("console", None, "$ python -m examples.lesson7.workflow"),
        id="show: command",
    ),
    pytest.param(
        ("path: lesson7/workflow.py", "show: output"),
        fence("text", "Output", "charged 5\nsent to ada"),
        id="show: output",
    ),
    pytest.param(
        ("path: lesson7/workflow.py", "show: output", "title: What it prints"),
        fence("text", "What it prints", "charged 5\nsent to ada"),
        id="show: output, with a title",
    ),
]


@pytest.mark.parametrize(("body", "expected"), SHOWN)
def test_block_renders(body: tuple[str, ...], expected: str, examples: Path) -> None:
    page = "# Page\n\nBefore.\n\n" + example_block(*body) + "\n\nAfter.\n"
    assert render(page, examples) == "# Page\n\nBefore.\n\n" + expected + "\n\nAfter.\n"


FILES = [
    pytest.param(
        "crlf.py",
        b"# region: a\r\nx = 1\r\n\r\ny = 2\r\n# endregion: a\r\n",
        "region: a",
        "python",
        "x = 1\n\ny = 2",
        id="CRLF file",
    ),
    pytest.param("bom.py", b"\xef\xbb\xbfx = 1\n", None, "python", "x = 1", id="BOM file"),
    pytest.param(
        "unicode.py",
        "class Größe:\n    def grüße(self) -> str:\n        return 'hallo ☃'\n".encode(),
        "symbol: Größe.grüße",
        "python",
        "def grüße(self) -> str:\n    return 'hallo ☃'",
        id="non-ASCII identifiers",
    ),
    pytest.param(
        "strings.py",
        b'# region: real\nTEXT = """\n# region: fake\n"""\nNOTE = "# endregion: fake"\n# endregion: real\n',
        "region: real",
        "python",
        'TEXT = """\n# region: fake\n"""\nNOTE = "# endregion: fake"',
        id="markers inside string literals are code",
    ),
    pytest.param(
        "marked_symbol.py",
        b"def f():\n    # region: body\n    return 1\n    # endregion: body\n",
        "symbol: f",
        "python",
        "def f():\n    return 1",
        id="markers never shown in a symbol",
    ),
    pytest.param(
        "padded.py",
        b"def f():\n    # region: r\n\n    x = 1\n\n    # endregion: r\n",
        "region: r",
        "python",
        "x = 1",
        id="blank edges trimmed",
    ),
    pytest.param(
        "run.sh",
        b"#!/usr/bin/env bash\n# region: go\necho hi\n# endregion: go\n",
        "region: go",
        "bash",
        "echo hi",
        id="shell",
    ),
    pytest.param(
        "Dockerfile",
        b"FROM python:3.12\n# region: x\nRUN true\n# endregion: x\n",
        None,
        "dockerfile",
        "FROM python:3.12\nRUN true",
        id="Dockerfile",
    ),
    pytest.param(
        "query.sql", b"-- region: q\nSELECT 1;\n-- endregion: q\n", "region: q", "sql", "SELECT 1;", id="SQL markers"
    ),
    pytest.param("settings.toml", b"[tool]\nx = 1\n", None, "toml", "[tool]\nx = 1", id="toml"),
    pytest.param("data.json", b'{"a": 1}\n', None, "json", '{"a": 1}', id="json"),
    pytest.param(
        "setup.cfg", b"; region: r\n[metadata]\n; endregion: r\n", "region: r", "ini", "[metadata]", id="ini markers"
    ),
    pytest.param("notes.txt", b"plain\n", None, "text", "plain", id="text"),
    pytest.param("app.yml", b"a: 1\n", None, "yaml", "a: 1", id="yml"),
]


@pytest.mark.parametrize(("name", "content", "selector", "language", "code"), FILES)
def test_file_kinds(name: str, content: bytes, selector: str | None, language: str, code: str, examples: Path) -> None:
    write_files(examples, {f"misc/{name}": content})
    body = [f"path: misc/{name}", *([selector] if selector else [])]
    assert render(example_block(*body), examples) == fence(language, f"examples/misc/{name}", code)


def test_marker_text_in_a_python_string_reaches_the_page(examples: Path) -> None:
    rendered = render(example_block("path: lesson7/workflow.py"), examples)
    assert "# region: not-a-marker" in rendered  # inside TEMPLATE = """..."""
    assert "# region: charge" not in rendered and "# endregion: receipt" not in rendered
    assert "def charge(amount: int) -> str:" in rendered


def test_indented_block_in_a_collapsible_admonition_stays_indented(examples: Path) -> None:
    page = '??? note "Answer"\n\n' + example_block("path: lesson7/workflow.py", "region: charge", indent="    ") + "\n"
    expected = (
        '??? note "Answer"\n\n'
        + fence(
            "python",
            "examples/lesson7/workflow.py",
            """
        def charge(amount: int) -> str:
            receipt = f"charged {amount}"
            return receipt
        """,
            indent="    ",
        )
        + "\n"
    )
    assert render(page, examples) == expected


def test_blank_code_lines_in_an_indented_block_carry_no_trailing_spaces(examples: Path) -> None:
    write_files(examples, {"gaps.py": "a = 1\n\nb = 2\n"})
    rendered = render("1. Step\n\n" + example_block("path: gaps.py", indent="    "), examples)
    assert rendered.split("\n")[2:] == [
        '    ```python title="examples/gaps.py"',
        "    a = 1",
        "",
        "    b = 2",
        "    ```",
    ]


def test_block_inside_a_blockquote_keeps_the_quote_prefix(examples: Path) -> None:
    page = "> ```example\n> path: lesson7/workflow.py\n> region: receipt\n> ```\n"
    assert render(page, examples) == (
        '> ```python title="examples/lesson7/workflow.py"\n> receipt = f"charged {amount}"\n> ```\n'
    )


def test_tilde_directive(examples: Path) -> None:
    rendered = render(example_block("path: lesson7/workflow.py", "region: receipt", fence="~~~~"), examples)
    assert rendered == fence("python", "examples/lesson7/workflow.py", 'receipt = f"charged {amount}"')


def test_fence_is_longer_than_any_backtick_run_in_the_code(examples: Path) -> None:
    write_files(examples, {"doc.py": 'README = """\n```python\nprint(1)\n```\nand ```` four\n"""\n'})
    rendered = render(example_block("path: doc.py"), examples)
    assert rendered.split("\n")[0] == '`````python title="examples/doc.py"'
    assert rendered.split("\n")[-1] == "`````"


def test_title_with_double_quotes_uses_single_quotes(examples: Path) -> None:
    rendered = render(example_block("path: lesson7/config.yaml", "title: 'The \"retry\" block'"), examples)
    assert rendered.split("\n")[0] == "```yaml title='The \"retry\" block'"


def test_text_around_blocks_is_untouched(examples: Path) -> None:
    page = (
        "Intro with `inline code` and ```` ``` ```` spans.\n\n"
        + example_block("path: lesson7/config.yaml")
        + "\n\nEnd\n"
    )
    rendered = render(page, examples)
    assert rendered.startswith("Intro with `inline code` and ```` ``` ```` spans.\n\n```yaml")
    assert rendered.endswith("```\n\nEnd\n")


def test_library_records_where_each_snippet_came_from(examples: Path) -> None:
    library = ExampleLibrary(ExamplesRoot(examples))
    page = "\n\n".join(
        [
            example_block("path: lesson7/workflow.py", "region: charge"),
            example_block("path: lesson7/workflow.py", "symbol: OrderWorkflow.run"),
            example_block("path: lesson7/workflow.py", "show: command"),
            example_block("path: lesson7/workflow.py", "show: output"),
            example_block("path: lesson7/config.yaml"),
        ]
    )
    rendered = library.render_page(page, PAGE)
    assert [(s.page, s.file, s.first_line, s.last_line, s.lines, s.kind) for s in rendered.sources] == [
        (PAGE, "examples/lesson7/workflow.py", 6, 10, (6, 8, 10), "code"),  # markers 5, 7, 9, 11 left out
        (PAGE, "examples/lesson7/workflow.py", 27, 28, (27, 28), "code"),
        (PAGE, "examples/lesson7/workflow.py", 0, 0, (), "command"),
        (PAGE, "examples/lesson7/workflow.output.txt", 1, 2, (1, 2), "output"),
        (PAGE, "examples/lesson7/config.yaml", 2, 3, (2, 3), "code"),
    ]


def test_each_file_content_is_parsed_once(examples: Path) -> None:
    library = ExampleLibrary(ExamplesRoot(examples))
    page = "\n\n".join(
        example_block("path: lesson7/workflow.py", f"symbol: {name}") for name in ("charge", "fetch", "OrderWorkflow")
    )
    library.render_page(page, PAGE)
    library.render_page(page, "docs/other.md")
    assert library.cache.parse_count == 1

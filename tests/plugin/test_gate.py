"""Hand-written code blocks fail the build unless exempted as not-code text or mermaid."""

from __future__ import annotations

from pathlib import Path

import pytest

from tested_examples.core import ExampleError

from .conftest import PAGE, example_block, render

REFUSED = [
    pytest.param("# T\n\n```python\nprint(1)\n```\n", 3, ("hand-written code block ```python",), id="python"),
    pytest.param("# T\n\n```\nls\n```\n", 3, ("``` (no language)",), id="no language, no exemption"),
    pytest.param("# T\n\n~~~python\nprint(1)\n~~~\n", 3, ("```python",), id="tilde fence"),
    pytest.param("# T\n\n```{ .python }\nprint(1)\n```\n", 3, ("```python",), id="attribute-list fence"),
    pytest.param('# T\n\n```python title="a.py"\nprint(1)\n```\n', 3, ("```python",), id="fence with options"),
    pytest.param("# T\n\n!!! note\n\n    ```yaml\n    a: 1\n    ```\n", 5, ("```yaml",), id="inside an admonition"),
    pytest.param("# T\n\n1. Step\n\n    ~~~bash\n    ls\n    ~~~\n", 5, ("```bash",), id="inside a list item"),
    pytest.param("# T\n\n> ```go\n> fmt.Println()\n> ```\n", 3, ("```go",), id="inside a blockquote"),
    pytest.param("# T\n\n```python\nnever closed\n", 3, ("```python",), id="unclosed"),
    pytest.param(
        "# T\n\n<!-- not-code: a config -->\n```go\nfunc main() {}\n```\n",
        4,
        ("marked not-code, but 'go' is code",),
        id="exempted go",
    ),
    pytest.param("<!-- not-code: x -->\n```yaml\na: 1\n```\n", 2, ("'yaml' is code",), id="exempted yaml"),
    pytest.param("<!-- not-code: x -->\n```console\n$ ls\n```\n", 2, ("'console' is code",), id="exempted console"),
    pytest.param("<!-- not-code: -->\n```text\nx\n```\n", 1, ("gives no reason",), id="exemption without reason"),
    pytest.param("<!-- not-code -->\n```text\nx\n```\n", 1, ("gives no reason",), id="exemption without colon"),
    pytest.param(
        "<!-- not-code: diagram -->\n\n```text\nx\n```\n",
        1,
        ("this not-code exemption covers no block",),
        id="exemption not on the line just before",
    ),
]


@pytest.mark.parametrize(("page", "line", "message"), REFUSED)
def test_hand_written_block_is_refused(page: str, line: int, message: tuple[str, ...], examples: Path) -> None:
    with pytest.raises(ExampleError) as caught:
        render(page, examples)
    error = caught.value
    assert str(error).startswith(f"{PAGE}:{line}: "), str(error)
    for part in message:
        assert part in error.message, error.message
    assert "```example" in error.fix or "REASON" in error.fix


def test_missing_exemption_names_both_fixes(examples: Path) -> None:
    with pytest.raises(ExampleError) as caught:
        render("```python\nprint(1)\n```\n", examples)
    assert "examples/" in caught.value.fix and "```example" in caught.value.fix
    assert "<!-- not-code: REASON -->" in caught.value.fix and "```text or ```mermaid" in caught.value.fix


ALLOWED = [
    pytest.param("<!-- not-code: terminal transcript -->\n```text\n$ whoami\n```\n", id="text"),
    pytest.param("<!-- not-code: diagram -->\n```mermaid\ngraph LR; A-->B\n```\n", id="mermaid"),
    pytest.param("<!-- not-code: a tree -->\n```\nexamples/\n  lesson7/\n```\n", id="no language"),
    pytest.param("<!--not-code:tree-->\n~~~text\nx\n~~~\n", id="tilde, compact comment"),
    pytest.param("??? note\n\n    <!-- not-code: output -->\n    ```text\n    ok\n    ```\n", id="indented"),
    pytest.param("Inline `print(1)` and ``` `code` ``` spans are fine.\n", id="inline code"),
    pytest.param("```python``` at the start of a line is an inline span\n", id="inline span at line start"),
    pytest.param(
        "<!-- not-code: how to write a directive -->\n````text\n```example\npath: nowhere.py\n```\n````\n",
        id="directive syntax shown as text",
    ),
]


@pytest.mark.parametrize("page", ALLOWED)
def test_allowed_block_is_left_as_written(page: str, examples: Path) -> None:
    assert render(page, examples) == page


def test_lines_inside_an_example_block_are_not_fences(examples: Path) -> None:
    """The body and closing fence of an ```example block are never taken for hand-written fences."""
    page = "\n".join(
        [
            "````example",
            "path: lesson7/config.yaml",
            "title: >-",
            "  ```python",
            "````",
            "",
            "Text.",
            example_block("path: lesson7/config.yaml"),
            "",
        ]
    )
    rendered = render(page, examples)
    assert rendered.count("```yaml") == 2
    assert '```yaml title="```python"' in rendered


def test_generated_code_blocks_are_not_gated(examples: Path) -> None:
    """Code that itself contains fences comes out once, and is not taken for hand-written blocks."""
    from .conftest import write_files

    write_files(examples, {"doc.py": 'TEXT = """\n```python\nx\n```\n"""\n'})
    rendered = render(example_block("path: doc.py") + "\n\n" + example_block("path: doc.py"), examples)
    assert rendered.count("````python") == 2

"""The Markdown scanner finds fences as pymdownx.superfences does."""

from __future__ import annotations

from tested_examples.core.fences import fence_language, scan_fences


def test_fence_at_any_indentation_with_body_dedented() -> None:
    (fence,) = scan_fences("- item\n\n    ```python\n    a = 1\n\n      b = 2\n    ```\n")
    assert (fence.open_index, fence.close_index, fence.prefix) == (2, 6, "    ")
    assert fence.body == ("a = 1", "", "  b = 2")


def test_closing_fence_must_repeat_the_opening_exactly() -> None:
    (fence,) = scan_fences("````markdown\n```python\nx\n```\n````\nafter\n")
    assert (fence.language, fence.close_index) == ("markdown", 4)
    assert fence.body == ("```python", "x", "```")


def test_tilde_fence_holds_backticks() -> None:
    (fence,) = scan_fences("~~~\n```\n~~~\n")
    assert (fence.fence, fence.body, fence.close_index) == ("~~~", ("```",), 2)


def test_less_indented_line_abandons_the_fence_and_scanning_resumes() -> None:
    fences = scan_fences("    ```text\nnot indented\n```python\nx\n```\n")
    assert [(f.open_index, f.close_index, f.language) for f in fences] == [(0, None, "text"), (2, 4, "python")]


def test_blockquote_fence() -> None:
    (fence,) = scan_fences("> ```python\n> x = 1\n>\n> ```\n")
    assert (fence.prefix, fence.body, fence.close_index) == ("> ", ("x = 1", ""), 3)


def test_unclosed_fence_runs_to_the_end() -> None:
    (fence,) = scan_fences("```python\nx\n")
    assert fence.close_index is None and fence.body == ("x", "")


def test_preceding_line_is_kept_for_exemptions() -> None:
    first, second = scan_fences("```\na\n```\n<!-- c -->\n```\nb\n```\n")
    assert first.preceding_line is None and second.preceding_line == "<!-- c -->"


def test_languages_from_info_strings() -> None:
    assert fence_language('python title="a.py" linenums="1"') == "python"
    assert fence_language("{ .yaml #id }") == "yaml"
    assert fence_language(".sh") == "sh"
    assert fence_language("") == ""

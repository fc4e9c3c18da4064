"""tested_examples.markdown under plain Python-Markdown: what any builder that runs Markdown extensions gets."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from tested_examples.markdown import TestedExamplesError

from .conftest import WORKFLOW, write_files
from .test_mkdocs_plugin import MKDOCS_YML, make_site

NEEDED = ["pymdownx.superfences", "pymdownx.highlight", "pymdownx.tabbed"]


def convert(root: Path, text: str, extensions: list[str] = NEEDED) -> str:
    md = markdown.Markdown(
        extensions=[*extensions, "tested_examples.markdown"],
        extension_configs={"tested_examples.markdown": {"examples_dir": str(root / "examples")}},
    )
    return md.convert(text)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_files(tmp_path / "examples", {"lesson7/__init__.py": "", "lesson7/workflow.py": WORKFLOW})
    return tmp_path


def test_the_extension_pulls_the_code_and_gives_it_the_stable_class(root: Path) -> None:
    html = convert(root, "# Orders\n\n```example\npath: lesson7/workflow.py\nregion: receipt\n```\n")
    assert 'class="tested-example tested-example-code highlight"' in html
    assert "receipt" in html and "# region" not in html


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("# A\n\n```example\npath: lesson7/nope.py\n```\n", 4, "examples/lesson7/nope.py does not exist"),
        pytest.param("# A\n\n```python\nprint(1)\n```\n", 3, "hand-written code block ```python"),
        pytest.param("# A\n\n    typed = 'by hand'\n", 3, "a code block starting"),
        pytest.param("# A\n\n<pre>raw = 1</pre>\n", 3, "a code block starting 'raw = 1'"),
    ],
    ids=["missing file", "hand-written fence", "indented block", "raw pre"],
)
def test_any_problem_raises_naming_the_page_line_and_the_fix(root: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(TestedExamplesError) as raised:
        convert(root, text)
    assert f"page:{line}: {message}" in str(raised.value)
    assert "Fix: " in str(raised.value)


def test_every_problem_of_the_page_is_in_the_one_exception(root: Path) -> None:
    text = "# A\n\n```example\npath: lesson7/nope.py\n```\n\n```python\nprint(1)\n```\n\n    typed = 1\n"
    with pytest.raises(TestedExamplesError) as raised:
        convert(root, text)
    assert [str(p).split(":")[1] for p in raised.value.problems] == ["4", "7", "11"]


def test_without_superfences_the_pulled_block_is_refused_not_shown_as_text(root: Path) -> None:
    with pytest.raises(TestedExamplesError, match="did not render as a code block"):
        convert(root, "# A\n\n```example\npath: lesson7/workflow.py\nregion: receipt\n```\n", ["pymdownx.highlight"])


def test_a_heading_does_not_set_off_the_gate_early(root: Path) -> None:
    """toc runs the postprocessors on each heading's text: the gate waits for the page's HTML."""
    html = convert(
        root, "# A `b`\n\n## C\n\n```example\npath: lesson7/workflow.py\nregion: receipt\n```\n", [*NEEDED, "toc"]
    )
    assert html.count("tested-example-code") == 1


def test_a_missing_examples_dir_is_an_error_naming_the_option(tmp_path: Path) -> None:
    with pytest.raises(TestedExamplesError, match=r"examples_dir .* is not a folder"):
        convert(tmp_path, "# A\n")


# ------------------------------------------------------------------ the MkDocs plugin's on_config


@pytest.mark.parametrize("missing", NEEDED)
def test_the_plugin_refuses_a_config_without_an_extension_its_output_needs(tmp_path: Path, missing: str) -> None:
    config = load_config(config_file=str(make_site(tmp_path, mkdocs_yml=MKDOCS_YML.replace(f"  - {missing}\n", ""))))
    with pytest.raises(PluginError, match=f"needs the Markdown extensions {missing}, which mkdocs.yml does not"):
        config.plugins.on_config(config)


def test_the_plugin_takes_over_the_listed_extension_once(tmp_path: Path) -> None:
    yml = MKDOCS_YML.replace("plugins:", "  - tested_examples.markdown:\n      examples_dir: examples\nplugins:")
    config = load_config(config_file=str(make_site(tmp_path, mkdocs_yml=yml)), site_dir=str(tmp_path / "site"))
    build(config)
    plugin = config.plugins["tested-examples"]
    assert [e for e in config.markdown_extensions if isinstance(e, str) and "tested_examples" in e] == []  # replaced
    assert config.markdown_extensions.count(plugin.extension) == 1
    assert len(plugin.snippet_sources) == 4


def test_the_plugin_and_the_extension_must_agree_on_the_examples_folder(tmp_path: Path) -> None:
    yml = MKDOCS_YML.replace("plugins:", "  - tested_examples.markdown:\n      examples_dir: other\nplugins:")
    (tmp_path / "other").mkdir()
    config = load_config(config_file=str(make_site(tmp_path, mkdocs_yml=yml)))
    with pytest.raises(PluginError, match=r"examples_dir 'other' and the plugin 'examples'\. Fix: give both the same"):
        config.plugins.on_config(config)

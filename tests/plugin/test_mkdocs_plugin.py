"""The MkDocs adapter: config validation, real ``mkdocs build --strict`` runs, serve watching."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tested_examples.mkdocs import plugin as mkdocs_plugin
from tested_examples.mkdocs import serve
from tests.support.site import mkdocs_build

from .conftest import CONFIG_YAML, WORKFLOW, write_files

MKDOCS_YML = """\
site_name: Plugin test
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.tabbed
plugins:
  - tested-examples
"""

INDEX = """\
---
title: Orders
---

# Orders

How to charge:

```example
path: lesson7/workflow.py
region: charge
title: Charging a card
```

??? note "The whole workflow class"

    ```example
    path: lesson7/workflow.py
    symbol: OrderWorkflow
    ```

Run it:

```example
path: lesson7/workflow.py
show: command
```

```example
path: lesson7/workflow.py
show: output
```

<!-- not-code: a sketch of the flow -->
```text
charge -> ship
```
"""

EXAMPLES = {
    "lesson7/__init__.py": "",
    "lesson7/workflow.py": WORKFLOW,
    "lesson7/workflow.output.txt": "charged 5\nsent to ada\n",
    "lesson7/config.yaml": CONFIG_YAML,
}


def make_site(root: Path, index: str = INDEX, mkdocs_yml: str = MKDOCS_YML) -> Path:
    """A small site in ``root``; returns its mkdocs.yml."""
    write_files(root, {"mkdocs.yml": mkdocs_yml, "docs/index.md": index})
    write_files(root / "examples", EXAMPLES)
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def built_page(tmp_path_factory: pytest.TempPathFactory) -> BeautifulSoup:
    root = tmp_path_factory.mktemp("site")
    result = mkdocs_build(make_site(root), root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return BeautifulSoup((root / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")


def code_texts(page: BeautifulSoup) -> list[str]:
    return [code.get_text() for code in page.select("article code")]


def test_build_shows_the_region_with_its_title(built_page: BeautifulSoup) -> None:
    block = next(b for b in built_page.select("article div.highlight") if "def charge" in b.get_text())
    assert block.select_one(".filename").get_text() == "Charging a card"
    assert (
        block.code.get_text()
        == 'def charge(amount: int) -> str:\n    receipt = f"charged {amount}"\n    return receipt\n'
    )


def test_build_never_shows_marker_lines(built_page: BeautifulSoup) -> None:
    html = str(built_page)
    assert "# region" not in html and "# endregion" not in html


def test_build_renders_an_indented_block_inside_the_collapsible(built_page: BeautifulSoup) -> None:
    details = built_page.select_one("article details")
    assert details.summary.get_text() == "The whole workflow class"
    assert details.select_one(".filename").get_text() == "examples/lesson7/workflow.py"
    assert details.code.get_text().startswith("class OrderWorkflow:\n")


def test_build_shows_the_command_the_output_and_the_exempted_text(built_page: BeautifulSoup) -> None:
    texts = code_texts(built_page)
    assert "$ python -m examples.lesson7.workflow\n" in texts
    assert "charged 5\nsent to ada\n" in texts
    assert "charge -> ship\n" in texts
    titles = [t.get_text() for t in built_page.select("article .filename")]
    assert titles == ["Charging a card", "examples/lesson7/workflow.py", "Output"]


BROKEN = [
    pytest.param(
        INDEX.replace("region: charge", "region: charging"), 11, "region 'charging' not found", id="bad region"
    ),
    pytest.param(
        INDEX + "\n```python\nprint('typed by hand')\n```\n",
        INDEX.count("\n") + 2,
        "hand-written code block ```python",
        id="hand-written",
    ),
]


@pytest.mark.parametrize(("index", "line", "message"), BROKEN)
def test_build_fails_naming_the_page_line(index: str, line: int, message: str, tmp_path: Path) -> None:
    result = mkdocs_build(make_site(tmp_path, index), tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/index.md:{line}: {message}" in output, output
    assert "Fix: " in output


def test_plugin_records_snippet_sources_and_parses_each_file_once(tmp_path: Path) -> None:
    config = load_config(config_file=str(make_site(tmp_path)), site_dir=str(tmp_path / "site"))
    build(config)
    plugin = config.plugins["tested-examples"]
    assert isinstance(plugin, mkdocs_plugin.TestedExamplesPlugin)
    assert [(s.page, s.file, s.first_line, s.last_line, s.lines, s.kind) for s in plugin.snippet_sources] == [
        ("docs/index.md", "examples/lesson7/workflow.py", 6, 10, (6, 8, 10), "code"),  # marker lines 7, 9 left out
        ("docs/index.md", "examples/lesson7/workflow.py", 24, 32, tuple(range(24, 33)), "code"),
        ("docs/index.md", "examples/lesson7/workflow.py", 0, 0, (), "command"),
        ("docs/index.md", "examples/lesson7/workflow.output.txt", 1, 2, (1, 2), "output"),
    ]
    assert plugin._library is not None and plugin._library.cache.parse_count == 1


class _FakeServer:
    """What on_serve touches of MkDocs' LiveReloadServer: the public watch(), and the private
    observer and conditions that partial rebuilds use."""

    def __init__(self) -> None:
        self.scheduled: list[str] = []
        self.watched: list[str] = []
        self.observer = self
        self._rebuild_cond = self._epoch_cond = object()
        self._visible_epoch = self._wanted_epoch = 0
        self._want_rebuild = False

    def schedule(self, handler: object, path: str, recursive: bool) -> None:
        self.scheduled.append(path)

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_examples_folder_itself(tmp_path: Path) -> None:
    config = load_config(config_file=str(make_site(tmp_path)))
    plugin = config.plugins["tested-examples"]
    config.plugins.on_config(config)
    server = _FakeServer()
    assert plugin.on_serve(server, config=config, builder=lambda: None) is server
    assert server.scheduled == [str((tmp_path / "examples").resolve())]
    assert server.watched == []  # MkDocs' own watch would rebuild the whole site on every example edit


@pytest.mark.parametrize(
    ("module", "name"), [("mkdocs.commands.build", "_build_page"), ("mkdocs.livereload", "_timestamp")]
)
def test_serve_falls_back_to_the_public_watch_without_mkdocs_private_functions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, name: str
) -> None:
    """Another MkDocs without the private functions partial rebuilds use: an example edit still rebuilds."""
    monkeypatch.delattr(f"{module}.{name}")
    config = load_config(config_file=str(make_site(tmp_path)))
    plugin = config.plugins["tested-examples"]
    config.plugins.on_config(config)
    server = _FakeServer()
    assert plugin.on_serve(server, config=config, builder=lambda: None) is server
    assert server.watched == [str((tmp_path / "examples").resolve())]
    assert server.scheduled == []


def test_serve_falls_back_to_the_public_watch_on_a_server_without_its_private_attributes(tmp_path: Path) -> None:
    config = load_config(config_file=str(make_site(tmp_path)))
    plugin = config.plugins["tested-examples"]
    config.plugins.on_config(config)
    server = _FakeServer()
    del server._epoch_cond
    plugin.on_serve(server, config=config, builder=lambda: None)
    assert (server.watched, server.scheduled) == ([str((tmp_path / "examples").resolve())], [])


def test_an_example_edit_rebuilds_only_the_pages_that_show_it(tmp_path: Path) -> None:
    """What serve does on an example change: those pages re-rendered, the others untouched."""
    config_file = make_site(tmp_path)
    write_files(tmp_path / "docs", {"other.md": "# Other\n\nNo examples here.\n"})
    config = load_config(config_file=str(config_file), site_dir=str(tmp_path / "site"))
    build(config)
    other = tmp_path / "site" / "other" / "index.html"
    other_mtime = other.stat().st_mtime_ns
    workflow = tmp_path / "examples" / "lesson7" / "workflow.py"
    workflow.write_text(
        WORKFLOW.replace('receipt = f"charged {amount}"', 'receipt = f"paid {amount}"'), encoding="utf-8"
    )
    pages = serve.STATE.rebuild("examples/lesson7/workflow.py")
    assert pages == ["index.md"]
    shown = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert 'receipt = f"paid {amount}"' in shown.get_text()
    assert other.stat().st_mtime_ns == other_mtime
    assert serve.STATE.rebuild("examples/lesson7/config.yaml") == []  # no page shows it


def test_build_writes_the_manifest_of_shown_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.setenv(mkdocs_plugin.MANIFEST_ENV, "out/manifest.json")
    config = load_config(config_file=str(make_site(tmp_path)), site_dir=str(tmp_path / "site"))
    build(config)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["commit"]  # a commit id, or "unknown" outside a git checkout
    assert manifest["examples_dir"] == "examples"
    first = manifest["snippets"][0]
    assert (first["page"], first["file"], first["lines"], first["region"], first["kind"]) == (
        "docs/index.md",
        "examples/lesson7/workflow.py",
        [6, 8, 10],
        "charge",
        "code",
    )
    assert first["page_line"] == 9  # the fence line


def test_missing_examples_dir_is_a_config_error(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = make_site(
        tmp_path,
        mkdocs_yml=MKDOCS_YML.replace("  - tested-examples\n", "  - tested-examples:\n      examples_dir: snippets\n"),
    )
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        load_config(config_file=str(config))
    assert "Plugin 'tested-examples' option 'examples_dir': 'snippets' is not a folder" in caplog.text
    assert "Fix: " in caplog.text


def test_examples_dir_defaults_to_examples_beside_mkdocs_yml(tmp_path: Path) -> None:
    config = load_config(config_file=str(make_site(tmp_path)))
    assert config.plugins["tested-examples"].config.examples_dir == "examples"


# ---------------------------------------------------------------- every problem of a build at once

OTHER_BROKEN = "# Other\n\n```example\npath: lesson7/nope.py\n```\n"


def test_every_problem_of_every_page_is_reported_in_one_build(tmp_path: Path) -> None:
    index = INDEX.replace("region: charge", "region: charging") + "\n```python\nprint('typed by hand')\n```\n"
    write_files(tmp_path, {"docs/other.md": OTHER_BROKEN})
    result = mkdocs_build(make_site(tmp_path, index), tmp_path / "site")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert [w.split(". Fix: ")[0] for w in warnings] == [
        (
            "WARNING -  docs/index.md:11: region 'charging' not found in examples/lesson7/workflow.py "
            "(regions there: charge, receipt)"
        ),
        (
            f"WARNING -  docs/index.md:{index.count(chr(10)) - 2}: hand-written code block ```python: every code "
            "block must come from examples/"
        ),
        "WARNING -  docs/other.md:4: examples/lesson7/nope.py does not exist",
    ]
    assert result.returncode != 0
    assert "tested-examples: 3 problem(s) on 2 page(s)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_build_with_problems_fails_without_strict_too(tmp_path: Path) -> None:
    config = make_site(tmp_path, INDEX + "\n    typed = 'by hand'\n")
    result = mkdocs_build(config, tmp_path / "site", strict=False)
    assert result.returncode != 0
    line = INDEX.count("\n") + 2
    assert f"docs/index.md:{line}: a code block starting \"typed = 'by hand'\"" in result.stderr or (
        f"docs/index.md:{line}: a code block starting 'typed = 'by hand''" in result.stderr
    ), result.stderr
    assert "tested-examples: 1 problem(s) on 1 page(s)" in result.stderr


def test_serve_keeps_serving_and_shows_the_problems_on_the_page(tmp_path: Path) -> None:
    config = load_config(config_file=str(make_site(tmp_path, OTHER_BROKEN)), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["tested-examples"]
    plugin.on_startup(command="serve", dirty=False)
    try:
        build(config)  # no exception: the server goes on serving
    finally:
        plugin.on_shutdown()
    assert plugin.problems() == [
        (
            "docs/index.md:4: examples/lesson7/nope.py does not exist. Fix: correct the path (relative to examples/); "
            "did you mean 'lesson7/workflow.py' or 'lesson7/__init__.py'?"
        )
    ]
    shown = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert (
        shown.select_one("mark.tested-example-error")
        .get_text()
        .startswith("docs/index.md:4: examples/lesson7/nope.py does not exist.")
    )


def test_pages_are_named_with_docs_dir_also_outside_the_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    config = make_site(project, mkdocs_yml=MKDOCS_YML + "docs_dir: ../shared/docs\n")
    write_files(tmp_path / "shared" / "docs", {"lesson/page.md": OTHER_BROKEN})
    result = mkdocs_build(config, project / "site")
    assert "WARNING -  ../shared/docs/lesson/page.md:4: examples/lesson7/nope.py does not exist." in result.stderr
    assert mkdocs_plugin.page_name(project / "docs", project, "a/b.md") == "docs/a/b.md"
    assert mkdocs_plugin.page_name(project, project, "b.md") == "b.md"


@pytest.mark.parametrize(
    "where", ["tested_examples.core.page.cut_snippet", "tested_examples.core.build.check_rendered"]
)
def test_an_unexpected_exception_is_a_page_located_problem_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The last resort: a bug in the plugin is reported at the block (or page) it broke on."""

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(where, broken)
    config = load_config(config_file=str(make_site(tmp_path)), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["tested-examples"]
    with pytest.raises(Abort):
        build(config)
    line = 9 if "cut_snippet" in where else 1  # the first ```example block, or the page
    assert plugin.problems()[0].startswith(
        f"docs/index.md:{line}: the tested-examples plugin failed on this block (ZeroDivisionError: boom). Fix: "
    )


def test_a_blank_test_name_in_validated_files_gives_no_link_and_no_crash(tmp_path: Path) -> None:
    config = load_config(config_file=str(make_site(tmp_path)))
    write_files(tmp_path, {"tests/validated_files.toml": '[checked]\n"examples/lesson7/config.yaml" = " "\n'})
    plugin = config.plugins["tested-examples"]
    config.plugins.on_config(config)
    assert plugin._test_for("examples/lesson7/config.yaml") is None

"""The ``tested-examples`` MkDocs plugin: a thin adapter around the Markdown extension.

The work (pulling code from examples/, the gate on the rendered HTML) is done by
:mod:`tested_examples.markdown`, which the plugin inserts into MkDocs' Markdown
extensions (or takes over from ``markdown_extensions``, where Zensical finds it).
The plugin adds only what MkDocs offers and a bare Markdown extension cannot:

- every problem of every page, logged as a warning ``docs/page.md:12: ... Fix: ...``
  (``--strict`` counts them), then the build fails with a count, with or without ``--strict``;
- page names and front-matter line offsets from MkDocs' own page objects;
- source and test links under each snippet, and the manifest of shown lines;
- under ``mkdocs serve``: problems shown on the page and in the terminal while the
  server keeps serving, and an example edit re-rendering only its pages (``serve.py``).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..core import ExampleError, ExamplesRoot, SnippetSource, SourceLinks
from ..core.build import SiteBuild
from ..core.page import ExampleLibrary
from ..markdown import NEEDED, PageContext, TestedExamplesExtension
from . import serve
from .config import TestedExamplesConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from ..inventory import Inventory

MANIFEST_ENV = "TESTED_EXAMPLES_MANIFEST"  # a path: write the build's snippet manifest there
EXTENSION = "tested_examples.markdown"  # its name under markdown_extensions (or its entry point's, below)
EXTENSION_NAMES = (EXTENSION, "tested_examples")

log = logging.getLogger("mkdocs.plugins.tested_examples")
# Under serve, problems go here: shown in the terminal, not counted by --strict (the server keeps serving).
serve_log = logging.getLogger("tested_examples.serve")


class TestedExamplesPlugin(BasePlugin[TestedExamplesConfig]):  # type: ignore[no-untyped-call]  # mkdocs: untyped
    """Replace ```example blocks with tested code and fail the build on hand-written code blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.examples_dir: Path | None = None
        self.extension = TestedExamplesExtension()
        self.extension.report = self._report
        self._build: SiteBuild | None = None
        self._site_root = Path(".")
        self._commit: str | None = None  # git's HEAD, read when first needed (links, manifest)
        self._docs_prefix: dict[tuple[str, Path], str] = {}  # (docs_dir, site root) -> how page names start
        self._links: SourceLinks | None = None
        self._inventory: Inventory | None = None  # tests/validated_files.toml, read once per build
        self._serving = False
        self._problems: dict[str, list[str]] = {}  # page -> its problems, in page order

    # ------------------------------------------------------------------ hooks, in the order MkDocs calls them

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Once per process: under ``serve``, problems go to the terminal instead of failing the build."""
        self._serving = command == "serve"
        if self._serving and not serve_log.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
            serve_log.addHandler(handler)
            serve_log.propagate = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """After the config is read (every full rebuild under serve): check the Markdown extensions the
        output needs, and put the extension, bound to this plugin, among them."""
        if not self.config.enabled:
            return config
        # The folder holding mkdocs.yml (not where a symlinked mkdocs.yml points), as MkDocs reads paths.
        self._site_root = Path(os.path.abspath(config.config_file_path or "mkdocs.yml")).parent
        self.examples_dir = (self._site_root / self.config.examples_dir).resolve()
        _check_extensions(config)
        self._take_over_extension(config)
        self._commit = None
        self._docs_prefix = {}
        self._links = None
        if self.config.source_links and config.repo_url:
            ref = self.commit if self.commit != "unknown" else self.config.branch
            self._links = SourceLinks(config.repo_url, ref, self._test_for)
        self._new_build()
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Before each (re)build: a fresh parse cache and no problems yet; partial serve rebuilds wait."""
        if not self.config.enabled:
            return
        serve.STATE.lock.acquire()
        self._new_build()
        self._inventory = None
        self._problems = {}

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """The navigation, kept for partial serve rebuilds (they render pages with it)."""
        serve.STATE.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Before Markdown renders a page: tell the extension which page it is and where its text starts."""
        if self.config.enabled:
            name = self._page_name(page, config)
            self._problems[name] = []
            self.extension.context = PageContext(name, _lines_before(markdown, page))
        return markdown

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page rendered, none written yet: fail a build with problems (not under serve)."""
        if not self.config.enabled:
            return env
        serve.STATE.remember(config, files, env, self._pages_using, lambda page: self._page_name(page, config))
        problems = self.problems()
        if problems and not self._serving:
            pages = sum(1 for found in self._problems.values() if found)
            raise PluginError(
                f"tested-examples: {len(problems)} problem(s) on {pages} page(s), each listed above as "
                "'docs/PAGE:LINE: ... Fix: ...'"
            )
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The site is written: partial rebuilds may run again; write the manifest if asked."""
        serve.STATE.release()
        if not self.config.enabled:
            return
        target = os.environ.get(MANIFEST_ENV) or self.config.manifest
        if target:
            self.write_manifest(self._site_root / target)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build: let partial rebuilds run again."""
        serve.STATE.release()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """``mkdocs serve`` only: watch the examples folder (MkDocs watches docs/ and mkdocs.yml itself)."""
        if self.config.enabled and self.examples_dir is not None:
            serve.watch(server, self.examples_dir, self._site_root)
        return server

    def on_shutdown(self) -> None:
        """MkDocs keeps a plugin with on_startup for the process: forget the command."""
        self._serving = False

    # ------------------------------------------------------------------ what the hooks use

    @property
    def commit(self) -> str:
        """``git rev-parse HEAD`` of the site's repository (``unknown`` outside one), read once per config."""
        if self._commit is None:
            self._commit = _git_commit(self._site_root)
        return self._commit

    @property
    def _library(self) -> ExampleLibrary | None:
        return None if self._build is None else self._build.library

    @property
    def snippet_sources(self) -> list[SnippetSource]:
        if self._build is None:
            return []
        return [source for sources in self._build.sources.values() for source in sources]

    def problems(self) -> list[str]:
        """Every problem of the last build, page by page."""
        return [problem for found in self._problems.values() for problem in found]

    def write_manifest(self, path: Path) -> None:
        """The build's snippets as JSON: for every page, each snippet's file and exact shown lines."""
        data: dict[str, Any] = {
            "version": 1,
            "commit": self.commit,
            "examples_dir": self.config.examples_dir,
            "snippets": [asdict(source) for source in self.snippet_sources],
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)
        log.info("tested-examples: manifest of %d snippet(s) written to %s", len(data["snippets"]), path)

    def _report(self, page_name: str, errors: list[ExampleError]) -> None:
        """The extension's report: every problem a warning (or, under serve, a terminal line)."""
        for error in errors:
            self._problems.setdefault(page_name, []).append(str(error))
            (serve_log if self._serving else log).warning("%s", error)

    def _take_over_extension(self, config: MkDocsConfig) -> None:
        """The extension listed under markdown_extensions (for Zensical) becomes this plugin's instance."""
        listed: dict[str, Any] = {}
        for name in EXTENSION_NAMES:
            listed.update(config.mdx_configs.pop(name, {}))
        wanted = listed.get("examples_dir")
        if wanted is not None and (self._site_root / str(wanted)).resolve() != self.examples_dir:
            raise PluginError(
                f"tested-examples: markdown_extensions '{EXTENSION}' has examples_dir '{wanted}' and the plugin "
                f"'{self.config.examples_dir}'. Fix: give both the same folder (or set it in one place only)"
            )
        # MkDocs' type says names only; Markdown takes Extension instances too (MkDocs adds its own so).
        extensions: list[Any] = config.markdown_extensions
        extensions[:] = [e for e in extensions if e not in EXTENSION_NAMES and e is not self.extension]
        extensions.append(self.extension)

    def _new_build(self) -> None:
        assert self.examples_dir is not None
        root = ExamplesRoot(self.examples_dir, _label(self.examples_dir, self._site_root))
        self._build = self.extension.build = SiteBuild(root, links=self._links)

    def _pages_using(self, display: str) -> set[str]:
        return {source.page for source in self.snippet_sources if source.file == display}

    def _test_for(self, display: str) -> str | None:
        """The repository path of the test that runs ``display`` (e.g. examples/lesson7/saga.py), if any."""
        # Imported by builds with source links (a repo_url): reading TOML costs the others.
        from ..inventory import Inventory, InventoryError, covering_test, load_inventory

        if self._inventory is None:
            try:
                self._inventory = load_inventory(self._site_root, self.config.validated_files)
            except InventoryError:  # python -m tested_examples.check reports it; a link is not worth a failure
                self._inventory = Inventory(self.config.validated_files)
        return covering_test(self._site_root, display, self._inventory, self.config.tests_dir)

    def _page_name(self, page: Page, config: MkDocsConfig) -> str:
        """``docs/lesson_7.md``: the page as MkDocs names it (relative to docs_dir), led by docs_dir's path
        relative to mkdocs.yml (``../shared/docs/x.md`` for a docs_dir outside the project)."""
        key = (config.docs_dir, self._site_root)
        prefix = self._docs_prefix.get(key)
        if prefix is None:  # resolving docs_dir costs system calls: once per build, not twice per page
            prefix = self._docs_prefix[key] = _docs_prefix(Path(config.docs_dir), self._site_root)
        return PurePosixPath(prefix, page.file.src_uri).as_posix()


def _check_extensions(config: MkDocsConfig) -> None:
    """The pulled blocks are superfences fences with highlight options, in tabbed tabs: all three must be on."""
    missing = [name for name in NEEDED if name not in config.markdown_extensions]
    if missing:
        listed = "\n".join(f"  - {name}" for name in missing)
        raise PluginError(
            f"tested-examples: the code it writes needs the Markdown extensions {', '.join(missing)}, "
            f"which mkdocs.yml does not enable. Fix: add under markdown_extensions:\n{listed}"
        )


def _git_commit(folder: Path) -> str:
    """``git rev-parse HEAD`` of the site's repository, or ``unknown``."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip() or "unknown"


def page_name(docs_dir: Path, site_root: Path, src_uri: str) -> str:
    """How problems name a page: docs_dir relative to the project, then the page's path inside docs_dir."""
    return PurePosixPath(_docs_prefix(docs_dir, site_root), src_uri).as_posix()


def _docs_prefix(docs_dir: Path, site_root: Path) -> str:
    docs = docs_dir.resolve()
    try:
        prefix = os.path.relpath(docs, site_root.resolve())
    except ValueError:  # another drive (Windows): no relative path
        prefix = docs.as_posix()
    return Path(prefix).as_posix()


def _label(examples_dir: Path, site_root: Path) -> str:
    """How pages and commands name the examples folder, e.g. ``examples``."""
    if examples_dir.is_relative_to(site_root):
        return examples_dir.relative_to(site_root).as_posix()
    return examples_dir.name


def _lines_before(markdown: str, page: Page) -> int:
    """Source lines MkDocs removed before ``markdown`` (the front matter), so line numbers match the file."""
    try:
        source = page.file.content_string
    except (OSError, ValueError, AssertionError):  # unreadable, or a page with no source file
        return 0
    if not markdown or not source.endswith(markdown):
        return 0
    return source[: len(source) - len(markdown)].count("\n")

"""MkDocs adapter for :mod:`tested_examples.core`: config, hooks, and every problem of a build at once.

Each problem is logged as a warning ``docs/page.md:12: ... Fix: ...`` (``--strict``
turns warnings into a failure); once every page is rendered, a build with problems
fails with a PluginError counting them, so it fails without ``--strict`` too. Under
``mkdocs serve`` the problems are shown on the page and in the terminal, and the
server keeps serving.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import threading
import time
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options
from mkdocs.config.base import Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .core import ExampleError, ExampleLibrary, ExamplesRoot, SnippetSource, SourceLinks
from .core.errors import internal_error
from .core.page import EmittedBlock
from .core.rendered import check_rendered

if TYPE_CHECKING:  # mkdocs.livereload (and watchdog, http.server) are imported by serve alone
    from mkdocs.livereload import LiveReloadServer

MANIFEST_ENV = "TESTED_EXAMPLES_MANIFEST"  # a path: write the build's snippet manifest there

log = logging.getLogger("mkdocs.plugins.tested_examples")
# Under serve, problems go here: shown in the terminal, not counted by --strict (the server keeps serving).
serve_log = logging.getLogger("tested_examples.serve")


class _ExistingDirectory(config_options.Type[str]):
    """A folder path relative to mkdocs.yml that must exist; the value stays as written."""

    def __init__(self, default: str):
        super().__init__(str, default=default)
        self._config_dir = "."

    def pre_validation(self, config: Config, key_name: str) -> None:
        self._config_dir = os.path.dirname(config.config_file_path) if config.config_file_path else "."

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        folder = Path(self._config_dir, value)
        if not folder.is_dir():
            raise ValidationError(
                f"'{value}' is not a folder (looked for {folder.resolve()}). Fix: create it, "
                "or set examples_dir to the folder holding the examples, relative to mkdocs.yml"
            )
        return value


class TestedExamplesConfig(Config):  # type: ignore[no-untyped-call]  # mkdocs: Config.__init_subclass__ is untyped
    examples_dir = _ExistingDirectory(default="examples")
    # Under every snippet: a link to its source at the exact lines (needs repo_url),
    # and to the test that ran it (tests mirror examples/, or tests/validated_files.toml).
    source_links = config_options.Type(bool, default=True)
    branch = config_options.Type(str, default="main")  # links use it when the commit is unknown
    tests_dir = config_options.Type(str, default="tests")
    validated_files = config_options.Type(str, default="tests/validated_files.toml")
    # Where to write the manifest of every snippet's shown lines (JSON); the
    # TESTED_EXAMPLES_MANIFEST environment variable overrides it. Empty: none.
    manifest = config_options.Type(str, default="")


class TestedExamplesPlugin(BasePlugin[TestedExamplesConfig]):  # type: ignore[no-untyped-call]  # mkdocs: as above
    """Replace ```example blocks with tested code and fail the build on hand-written code blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.examples_dir: Path | None = None
        self._by_page: dict[str, tuple[SnippetSource, ...]] = {}  # which file lines each page shows
        self._library: ExampleLibrary | None = None
        self._site_root = Path(".")
        self._commit: str | None = None  # git's HEAD, read when first needed (links, manifest)
        self._docs_prefix: dict[tuple[str, Path], str] = {}  # (docs_dir, site root) -> how page names start
        self._links: SourceLinks | None = None
        self._checked: dict[str, str] | None = None  # [checked] of tests/validated_files.toml, read once
        self._serving = False
        self._marker = "te" + os.urandom(8).hex()  # the build's secret class on every block it writes
        self._problems: dict[str, list[str]] = {}  # page -> its problems, in page order
        self._written: dict[str, tuple[str, int, tuple[EmittedBlock, ...]]] = {}  # page -> source, offset, blocks

    @property
    def commit(self) -> str:
        """``git rev-parse HEAD`` of the site's repository (``unknown`` outside one), read once per config."""
        if self._commit is None:
            self._commit = _git_commit(self._site_root)
        return self._commit

    @property
    def snippet_sources(self) -> list[SnippetSource]:
        return [source for sources in self._by_page.values() for source in sources]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"
        if self._serving and not serve_log.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
            serve_log.addHandler(handler)
            serve_log.propagate = False

    def on_shutdown(self) -> None:
        self._serving = False  # MkDocs keeps a plugin with on_startup for the process: forget the command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The folder holding mkdocs.yml (not where a symlinked mkdocs.yml points), as MkDocs reads paths.
        self._site_root = Path(os.path.abspath(config.config_file_path or "mkdocs.yml")).parent
        self.examples_dir = (self._site_root / self.config.examples_dir).resolve()
        self._commit = None
        self._docs_prefix = {}
        self._links = None
        if self.config.source_links and config.repo_url:
            ref = self.commit if self.commit != "unknown" else self.config.branch
            self._links = SourceLinks(config.repo_url, ref, self._test_for)
        self._library = self._new_library()
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        _SERVE.lock.acquire()  # no partial (serve) rebuild while a full build writes the site
        self._library = self._new_library()  # a fresh parse cache for every (re)build
        self._by_page = {}
        self._checked = None
        self._problems = {}
        self._written = {}

    def on_build_error(self, *, error: Exception) -> None:
        _SERVE.release()

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self._library is not None, "on_config has not run"
        page_name = self._page_name(page, config)
        offset = _lines_before(markdown, page)
        self._problems[page_name] = []
        try:
            rendered = self._library.render(markdown, page_name, line_offset=offset)
        except Exception as error:  # the last resort: the core failed outside any block
            self._report(page_name, [internal_error(error, page_name, 1)])
            self._written[page_name] = (markdown, offset, ())
            return markdown
        self._report(page_name, list(rendered.errors))
        self._by_page[page_name] = rendered.sources
        self._written[page_name] = (markdown, offset, rendered.blocks)
        log.debug("%s: %d example snippet(s)", page_name, len(rendered.sources))
        return rendered.markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The gate on the rendered page: every code block came from the plugin, or is exempted plain text."""
        page_name = self._page_name(page, config)
        source, offset, blocks = self._written.get(page_name, ("", 0, ()))
        try:
            checked, errors = check_rendered(html, page_name, blocks, source, line_offset=offset)
        except Exception as error:
            self._report(page_name, [internal_error(error, page_name, 1)])
            return html
        self._report(page_name, errors)
        return checked

    def _report(self, page_name: str, errors: list[ExampleError]) -> None:
        for error in errors:
            self._problems.setdefault(page_name, []).append(str(error))
            (serve_log if self._serving else log).warning("%s", error)

    def problems(self) -> list[str]:
        """Every problem of the last build, page by page."""
        return [problem for found in self._problems.values() for problem in found]

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        _SERVE.remember(self, config, files, env)
        problems = self.problems()
        if problems and not self._serving:
            pages = sum(1 for found in self._problems.values() if found)
            raise PluginError(
                f"tested-examples: {len(problems)} problem(s) on {pages} page(s), each listed above as "
                "'docs/PAGE:LINE: ... Fix: ...'"
            )
        return env

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        _SERVE.nav = nav
        return nav

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        _SERVE.release()
        target = os.environ.get(MANIFEST_ENV) or self.config.manifest
        if target:
            self.write_manifest(self._site_root / target)

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

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.examples_dir is not None:
            _SERVE.watch(server, self.examples_dir, self._site_root)
        return server

    def _test_for(self, display: str) -> str | None:
        """The repository path of the test that runs ``display`` (e.g. examples/lesson7/saga.py), if any."""
        path = PurePosixPath(display)
        name = path.name
        if name.endswith(".output.txt"):
            name = name[: -len(".output.txt")] + ".py"
        if name.endswith(".py"):
            mirror = f"{self.config.tests_dir}/{path.parent.as_posix()}/test_{name}"
            if (self._site_root / mirror).is_file():
                return mirror
        if self._checked is None:
            self._checked = _validated_files(self._site_root / self.config.validated_files)
        words = self._checked.get(display, "").split("::")[0].split()
        if words and (self._site_root / words[0]).is_file():
            return words[0]
        return None

    def _new_library(self) -> ExampleLibrary:
        assert self.examples_dir is not None
        root = ExamplesRoot(self.examples_dir, _label(self.examples_dir, self._site_root))
        return ExampleLibrary(root, links=self._links, marker=self._marker)

    def _page_name(self, page: Page, config: MkDocsConfig) -> str:
        """``docs/lesson_7.md``: the page as MkDocs names it (relative to docs_dir), led by docs_dir's path
        relative to mkdocs.yml (``../shared/docs/x.md`` for a docs_dir outside the project)."""
        key = (config.docs_dir, self._site_root)
        prefix = self._docs_prefix.get(key)
        if prefix is None:  # resolving docs_dir costs system calls: once per build, not twice per page
            prefix = self._docs_prefix[key] = _docs_prefix(Path(config.docs_dir), self._site_root)
        return PurePosixPath(prefix, page.file.src_uri).as_posix()


class _ServeState:
    """``mkdocs serve``: an example edit re-renders only the pages that show that example.

    MkDocs reloads its config on every full rebuild (the plugin instance is kept,
    since it has ``on_startup``), and its ``--dirty`` mode does not know pages
    include examples; so the last build's state lives here, and a watcher on the
    examples folder rebuilds just the affected pages, then tells the browsers to reload.
    """

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.plugin: TestedExamplesPlugin | None = None
        self.config: MkDocsConfig | None = None
        self.files: Files | None = None
        self.env: Any = None
        self.nav: Any = None
        self.last_rebuild: dict[str, Any] = {}  # for tests and measurements: pages, seconds

    def remember(self, plugin: TestedExamplesPlugin, config: MkDocsConfig, files: Files, env: Any) -> None:
        with self.lock:
            self.plugin, self.config, self.files, self.env = plugin, config, files, env

    def release(self) -> None:
        with contextlib.suppress(RuntimeError):  # not held (already released after on_post_build)
            self.lock.release()

    def pages_using(self, display: str) -> list[Page]:
        """The pages whose snippets come from ``display`` (or from its recorded output)."""
        if self.plugin is None or self.files is None or self.config is None:
            return []
        names = {display}
        if display.endswith(".output.txt"):
            names.add(display[: -len(".output.txt")] + ".py")
        pages = {source.page for source in self.plugin.snippet_sources if source.file in names}
        found = []
        for file in self.files.documentation_pages():
            if file.page is not None and self.plugin._page_name(file.page, self.config) in pages:
                found.append(file.page)
        return found

    def rebuild(self, display: str) -> list[str]:
        """Re-render the pages that use ``display``; returns their source paths."""
        from mkdocs.commands.build import _build_page, _populate_page

        with self.lock:
            if self.plugin is None or self.config is None or self.files is None:
                return []
            started = time.perf_counter()
            pages = self.pages_using(display)
            doc_files = self.files.documentation_pages()
            for page in pages:
                _populate_page(page, self.config, self.files)
                _build_page(page, self.config, doc_files, self.nav, self.env)
            names = [page.file.src_uri for page in pages]
            self.last_rebuild = {"file": display, "pages": names, "seconds": time.perf_counter() - started}
            return names

    def watch(self, server: LiveReloadServer, examples_dir: Path, site_root: Path) -> None:
        import watchdog.events

        state = self

        class Handler(watchdog.events.FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if event.is_directory or event.event_type not in ("modified", "created", "moved"):
                    if not event.is_directory and event.event_type == "deleted":
                        _full_rebuild(server)
                    return
                path = Path(getattr(event, "dest_path", "") or event.src_path).resolve()
                try:
                    display = path.relative_to(site_root).as_posix()
                except ValueError:
                    display = path.as_posix()
                try:
                    pages = state.rebuild(display)
                except Exception as error:  # a broken example: say so, and keep serving
                    log.error("tested-examples: %s", error)
                    return
                if pages:
                    log.info(
                        "tested-examples: %s changed; rebuilt %s in %.2f s",
                        display,
                        ", ".join(pages),
                        state.last_rebuild["seconds"],
                    )
                    _reload_browsers(server)

        server.observer.schedule(Handler(), str(examples_dir), recursive=True)


def _reload_browsers(server: LiveReloadServer) -> None:
    """Tell the browsers to reload, as MkDocs does after a build (unless a full build is under way)."""
    from mkdocs.livereload import _timestamp

    with server._rebuild_cond, server._epoch_cond:
        if server._visible_epoch != server._wanted_epoch or server._want_rebuild:
            return  # a full rebuild is coming: it reloads the browsers itself
        server._wanted_epoch = server._visible_epoch = _timestamp()
        server._epoch_cond.notify_all()


def _full_rebuild(server: LiveReloadServer) -> None:
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


_SERVE = _ServeState()


def _git_commit(folder: Path) -> str:
    """``git rev-parse HEAD`` of the site's repository, or ``unknown``."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip() or "unknown"


def _validated_files(path: Path) -> dict[str, str]:
    """``[checked]`` of tests/validated_files.toml: example file -> the test that checks it."""
    import tomllib  # only a build with source links reads it

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    checked = data.get("checked", {})
    return {str(k): str(v) for k, v in checked.items()} if isinstance(checked, dict) else {}


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

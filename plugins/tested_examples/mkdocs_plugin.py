"""MkDocs adapter for :mod:`tested_examples.core`: config, hooks, and errors as PluginError."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .core import ExampleError, ExampleLibrary, ExamplesRoot, SnippetSource

log = logging.getLogger("mkdocs.plugins.tested_examples")


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


class TestedExamplesConfig(Config):
    examples_dir = _ExistingDirectory(default="examples")


class TestedExamplesPlugin(BasePlugin[TestedExamplesConfig]):
    """Replace ```example blocks with tested code and fail the build on hand-written code blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.examples_dir: Path | None = None
        self.snippet_sources: list[SnippetSource] = []  # which file lines each page shows
        self._library: ExampleLibrary | None = None
        self._site_root = Path(".")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._site_root = Path(config.config_file_path or ".").resolve().parent
        self.examples_dir = (self._site_root / self.config.examples_dir).resolve()
        self._library = self._new_library()
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._library = self._new_library()  # a fresh parse cache for every (re)build
        self.snippet_sources = []

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self._library is not None, "on_config has not run"
        page_name = self._page_name(page, config)
        try:
            rendered = self._library.render_page(markdown, page_name, line_offset=_lines_before(markdown, page))
        except ExampleError as error:
            raise PluginError(str(error)) from error
        self.snippet_sources.extend(rendered.sources)
        log.debug("%s: %d example snippet(s)", page_name, len(rendered.sources))
        return rendered.markdown

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.examples_dir is not None:
            server.watch(str(self.examples_dir))
        return server

    def _new_library(self) -> ExampleLibrary:
        assert self.examples_dir is not None
        return ExampleLibrary(ExamplesRoot(self.examples_dir, _label(self.examples_dir, self._site_root)))

    def _page_name(self, page: Page, config: MkDocsConfig) -> str:
        """``docs/lesson_7.md``: the page's source file relative to mkdocs.yml when possible."""
        docs = Path(config.docs_dir).resolve()
        if docs.is_relative_to(self._site_root):
            return (docs.relative_to(self._site_root) / page.file.src_uri).as_posix()
        return page.file.src_uri


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

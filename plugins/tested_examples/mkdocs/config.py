"""The options of the ``tested-examples`` MkDocs plugin, each typed and documented (as Material's plugins do)."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config, ValidationError

from ..inventory import DEFAULT_INVENTORY


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
    # False: the plugin does nothing (the Markdown extension, if listed, still pulls and gates).
    enabled = config_options.Type(bool, default=True)
    # The folder of examples, relative to mkdocs.yml. The Markdown extension
    # (tested_examples.markdown) takes the same option; when both are set they must agree.
    examples_dir = _ExistingDirectory(default="examples")
    # Under every snippet: a link to its source at the exact lines (needs repo_url),
    # and to the test that ran it (tests mirror examples/, or tests/validated_files.toml).
    source_links = config_options.Type(bool, default=True)
    # The git ref of source links when the commit is unknown (no git checkout).
    branch = config_options.Type(str, default="main")
    # Where mirror tests live, relative to mkdocs.yml (tests/examples/... for examples/...).
    tests_dir = config_options.Type(str, default="tests")
    # The inventory: [checked] names the test of each shown non-Python file (for "tested by" links).
    validated_files = config_options.Type(str, default=DEFAULT_INVENTORY)
    # Where to write the manifest of every snippet's shown lines (JSON), relative to mkdocs.yml;
    # the TESTED_EXAMPLES_MANIFEST environment variable overrides it. Empty: none.
    manifest = config_options.Type(str, default="")

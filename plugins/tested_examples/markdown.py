"""The tested-examples core as a Python-Markdown extension: any builder that runs Markdown extensions runs it.

In ``mkdocs.yml`` (read by MkDocs and by Zensical alike)::

    markdown_extensions:
      - tested_examples.markdown:
          examples_dir: examples      # relative to the project (where mkdocs.yml is)

Two processors, registered on every Markdown instance:

- a preprocessor, before any other (priority 40: before ``normalize_whitespace``
  at 30 and superfences' fence preprocessors at 31.05 and 25), sees the page's
  Markdown as written and replaces each ```example block with fenced code pulled
  from ``examples/``; each written block carries the build's secret class.
- a postprocessor, after every other (priority 0: after the raw-HTML one at 30,
  so raw ``<pre>`` HTML is back in place) gates the page's final HTML: every
  ``pre`` on it must carry a secret class (the block came through the
  preprocessor) or be an exempted plain-text block; the secret classes are then
  replaced by ``tested-example tested-example-<kind>``. Hand-typed code (an
  indented block, raw ``<pre>``, a fence another extension renders) is refused.

On any problem of the page, the postprocessor raises :class:`TestedExamplesError`
listing every problem as ``docs/page.md:LINE: what. Fix: how``, so the builder
stops loudly. The MkDocs plugin instead passes a ``report`` callback that
collects the problems of the whole build (:mod:`tested_examples.mkdocs.plugin`).

How a page is named in problems: the adapter sets :attr:`TestedExamplesExtension.context`
(the MkDocs plugin does, per page); under Zensical it is read from Zensical's
rendering context (the page's path under ``docs_dir``); otherwise ``page``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .core.build import SiteBuild
from .core.errors import ExampleError
from .core.paths import ExamplesRoot
from .core.sources import SourceCache

log = logging.getLogger("tested_examples.markdown")

PULL_PRIORITY = 40  # before normalize_whitespace (30) and superfences (31.05, 25): the page as written
GATE_PRIORITY = 0  # after raw_html (30) and amp_substitute (20): the page's final HTML
# Treeprocessors run postprocessors on fragments (toc on each heading, MkDocs on the title): the
# gate acts only once the last treeprocessor has run, on the page's serialized HTML.
TREE_DONE_PRIORITY = -1000
# Markdown extensions whose output the pulled blocks need (fenced code, highlighting, tabs).
NEEDED = ("pymdownx.superfences", "pymdownx.highlight", "pymdownx.tabbed")

Report = Callable[[str, list[ExampleError]], None]


class TestedExamplesError(Exception):
    """A page with problems; ``str()`` lists each one as ``page:line: what. Fix: how``."""

    __test__ = False  # pytest: not a test class, whatever its name

    def __init__(self, problems: list[ExampleError]):
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"tested-examples: {len(problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class PageContext:
    """The page being rendered: its name in problems (``docs/lesson_7.md``) and the lines before
    the Markdown the builder passes (front matter it removed), so problems name the file's lines."""

    name: str
    line_offset: int = 0


# Parsed example files, shared by every Markdown instance of the process: a builder that makes
# one instance per page (Zensical) still parses each file once. Keyed by content sha256: never stale.
_SHARED_CACHE = SourceCache()


def _raise(page: str, problems: list[ExampleError]) -> None:
    raise TestedExamplesError(problems)


class TestedExamplesExtension(Extension):
    """Pull tested code from ``examples_dir`` into the page, and refuse any other code block."""

    __test__ = False  # pytest: not a test class, whatever its name

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "examples_dir": ["examples", "the folder of examples, relative to the project (or absolute)"],
            "base_dir": ["", "what a relative examples_dir is relative to; empty: the project, else the cwd"],
        }
        super().__init__(**kwargs)
        self.build: SiteBuild | None = None  # set by an adapter that owns the build (MkDocs); else made here
        self.context: PageContext | None = None  # set by an adapter per page
        self.report: Report = _raise

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_Pull(md, self), "tested_examples_pull", PULL_PRIORITY)
        md.treeprocessors.register(_TreeDone(md, self), "tested_examples_tree_done", TREE_DONE_PRIORITY)
        md.postprocessors.register(_Gate(md, self), "tested_examples_gate", GATE_PRIORITY)

    def site_build(self, md: Markdown) -> SiteBuild:
        """The build this extension serves: the adapter's, or one made from the options and the builder's context."""
        if self.build is None:
            base = Path(str(self.getConfig("base_dir")) or _project_dir(md) or ".")
            folder = (base / str(self.getConfig("examples_dir"))).resolve()
            if not folder.is_dir():
                raise TestedExamplesError(
                    [
                        ExampleError(
                            f"examples_dir '{self.getConfig('examples_dir')}' is not a folder (looked for {folder})",
                            "set 'examples_dir' of tested_examples.markdown (markdown_extensions) to the folder "
                            "holding the examples, relative to mkdocs.yml",
                        )
                    ]
                )
            label = (
                folder.relative_to(base.resolve()).as_posix() if folder.is_relative_to(base.resolve()) else folder.name
            )
            self.build = SiteBuild(ExamplesRoot(folder, label), cache=_SHARED_CACHE)
        return self.build

    def page(self, md: Markdown, markdown: str) -> PageContext:
        """The page being rendered (see the module's docstring)."""
        if self.context is not None:
            return self.context
        return _zensical_page(md, markdown) or PageContext("page")


class _Pull(Preprocessor):
    def __init__(self, md: Markdown, extension: TestedExamplesExtension) -> None:
        super().__init__(md)
        self.extension = extension
        # The page being converted and its problems so far, until the gate reports them with its own.
        self.pending: tuple[PageContext, list[ExampleError]] | None = None
        self.serialized = False  # the tree is done: the next postprocessor run is on the page's HTML

    def run(self, lines: list[str]) -> list[str]:
        markdown = "\n".join(lines)
        page = self.extension.page(self.md, markdown)
        build = self.extension.site_build(self.md)
        pulled, problems = build.pull(markdown, page.name, line_offset=page.line_offset)
        self.pending = (page, problems)
        self.serialized = False
        return pulled.split("\n")


class _TreeDone(Treeprocessor):
    """The last treeprocessor: from here on, postprocessors run on the whole page."""

    def __init__(self, md: Markdown, extension: TestedExamplesExtension) -> None:
        super().__init__(md)

    def run(self, root: Any) -> None:
        pull = self.md.preprocessors["tested_examples_pull"]
        assert isinstance(pull, _Pull)
        pull.serialized = True


class _Gate(Postprocessor):
    def __init__(self, md: Markdown, extension: TestedExamplesExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        pull = self.md.preprocessors["tested_examples_pull"]
        assert isinstance(pull, _Pull)
        if pull.pending is None or not pull.serialized:  # an empty page (no preprocessors), or a fragment
            return text
        (page, pulled), pull.pending = pull.pending, None
        html, problems = self.extension.site_build(self.md).gate(text, page.name)
        found = sorted(pulled + problems, key=lambda e: e.line or 0)
        if found:
            self.extension.report(page.name, found)
        return html


def _project_dir(md: Markdown) -> str | None:
    """Zensical's project folder (where its config file is), if this runs under Zensical."""
    context = _zensical_context(md)
    root = context.config.get("root_dir") if context is not None else None
    return str(root) if root else None


def _zensical_context(md: Markdown) -> Any:
    """Zensical registers a ``rendering_context`` preprocessor holding the page and the config."""
    for processor in md.preprocessors:
        if type(processor).__name__ == "ContextPreprocessor" and hasattr(processor, "page"):
            return processor
    return None


def _zensical_page(md: Markdown, markdown: str) -> PageContext | None:
    context = _zensical_context(md)
    if context is None:
        return None
    root = Path(str(context.config.get("root_dir") or "."))
    docs = root / str(context.config.get("docs_dir") or "docs")
    prefix = Path(os.path.relpath(os.path.abspath(docs), os.path.abspath(root))).as_posix()  # symlinks kept
    path = str(context.page.path)
    name = PurePosixPath(prefix, path).as_posix()
    try:
        source = (docs / path).read_text(encoding="utf-8-sig")
    except (OSError, ValueError):
        return PageContext(name)
    return PageContext(name, lines_before(markdown, source))


def lines_before(markdown: str, source: str) -> int:
    """Source lines the builder removed before ``markdown`` (the front matter), so line numbers match the file."""
    body = markdown.rstrip("\n")
    if not body or not source.rstrip("\n").endswith(body):
        return 0
    return source[: len(source.rstrip("\n")) - len(body)].count("\n")


def makeExtension(**kwargs: Any) -> TestedExamplesExtension:
    """The entry Python-Markdown calls for ``tested_examples.markdown`` in ``markdown_extensions``."""
    return TestedExamplesExtension(**kwargs)

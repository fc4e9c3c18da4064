"""One build of a site: every page rendered from examples/, then its HTML gated. No site engine here.

A :class:`SiteBuild` is what both adapters drive, the Python-Markdown extension
(:mod:`tested_examples.markdown`, run by any builder that runs Markdown extensions)
and through it the MkDocs plugin: :meth:`SiteBuild.pull` before Markdown parses
a page (```example blocks become fenced code carrying the build's secret class),
:meth:`SiteBuild.gate` on the HTML Markdown rendered (every ``pre`` came from a
pulled block, or is an exempted plain-text one). Neither raises on a page's
problems: both return them, located ``page:line``; the adapter decides whether to
raise at once (the extension) or to collect every page's problems (the plugin).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from .errors import ExampleError, internal_error
from .page import EmittedBlock, ExampleLibrary, RenderedPage, SnippetSource, SourceLinks
from .paths import ExamplesRoot
from .rendered import check_rendered
from .sources import SourceCache

log = logging.getLogger("tested_examples.build")


@dataclass(frozen=True)
class _Written:
    """What the gate needs of a pulled page: its Markdown (to find a stray block's line) and the blocks written."""

    source: str
    line_offset: int
    blocks: tuple[EmittedBlock, ...]


class SiteBuild:
    """The state of one build: the parse cache, the secret marker, and per page what was pulled.

    ``cache``: a :class:`SourceCache` to share between builds (keyed by each file's
    sha256, so a shared one never serves stale code); a fresh one by default.
    """

    def __init__(self, root: ExamplesRoot, *, links: SourceLinks | None = None, cache: SourceCache | None = None):
        self.marker = "te" + os.urandom(8).hex()  # the build's secret class on every block it writes
        self.library = ExampleLibrary(root, cache=cache, links=links, marker=self.marker)
        self.sources: dict[str, tuple[SnippetSource, ...]] = {}  # page -> the file lines it shows
        self._written: dict[str, _Written] = {}

    def pull(self, markdown: str, page: str, *, line_offset: int = 0) -> tuple[str, list[ExampleError]]:
        """``markdown`` with every ```example block replaced by tested code, and the page's problems."""
        try:
            rendered: RenderedPage = self.library.render(markdown, page, line_offset=line_offset)
        except Exception as error:  # the last resort: the core failed outside any block
            self._written[page] = _Written(markdown, line_offset, ())
            return markdown, [internal_error(error, page, 1)]
        self.sources[page] = rendered.sources
        self._written[page] = _Written(markdown, line_offset, rendered.blocks)
        log.debug("%s: %d example snippet(s)", page, len(rendered.sources))
        return rendered.markdown, list(rendered.errors)

    def gate(self, html: str, page: str) -> tuple[str, list[ExampleError]]:
        """The page's HTML with stable classes, and every code block on it that was not pulled."""
        written = self._written.pop(page, None) or _Written("", 0, ())
        try:
            return check_rendered(html, page, written.blocks, written.source, line_offset=written.line_offset)
        except Exception as error:
            return html, [internal_error(error, page, 1)]

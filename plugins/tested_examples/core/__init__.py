"""Pull tested example code into Markdown pages. No MkDocs here: any site engine can call this.

Entry points: :func:`render_page` for one page, :class:`ExampleLibrary` for a whole build.
"""

from .directive import Directive, TabGroup
from .errors import ExampleError
from .page import ExampleLibrary, RenderedPage, SnippetSource, SourceLinks, render_page
from .paths import ExamplesRoot
from .sources import SourceCache

__all__ = [
    "Directive",
    "ExampleError",
    "ExampleLibrary",
    "ExamplesRoot",
    "RenderedPage",
    "SnippetSource",
    "SourceCache",
    "SourceLinks",
    "TabGroup",
    "render_page",
]

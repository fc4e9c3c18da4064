"""Render a whole page: replace ```example blocks, and check every hand-written block."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .directive import Directive, is_directive, parse_directive
from .errors import ExampleError
from .fences import scan_fences
from .gate import check_hand_written
from .paths import ExamplesRoot, module_for, resolve_example_path
from .render import fenced_block
from .snippets import cut_snippet
from .sources import SourceCache, read_text, split_lines

OUTPUT_SUFFIX = ".output.txt"


@dataclass(frozen=True)
class SnippetSource:
    """Where a snippet on a page came from: file lines ``first_line``..``last_line`` (1-based)."""

    page: str
    file: str
    first_line: int
    last_line: int


@dataclass(frozen=True)
class RenderedPage:
    markdown: str
    sources: tuple[SnippetSource, ...]


class ExampleLibrary:
    """The examples folder, ready to render pages; keep one per build (it caches parsed files)."""

    def __init__(self, root: ExamplesRoot, cache: SourceCache | None = None):
        self.root = root
        self.cache = cache if cache is not None else SourceCache()

    def render_page(self, markdown: str, page: str, *, line_offset: int = 0) -> RenderedPage:
        """Replace every ```example block of ``page`` (named like ``docs/lesson_7.md`` in errors).

        ``line_offset`` is the number of page lines before ``markdown`` (e.g. front matter).
        """
        lines = markdown.split("\n")
        output: list[str] = []
        sources: list[SnippetSource] = []
        resume = 0
        for fence in scan_fences(markdown):
            line = fence.open_index + 1 + line_offset
            if not is_directive(fence):
                check_hand_written(fence, page, line)
                continue
            directive = parse_directive(fence, page, line)
            block, source = self._block(directive, page, fence.prefix)
            output.extend(lines[resume : fence.open_index])
            output.extend(block)
            assert fence.close_index is not None  # parse_directive refuses unclosed blocks
            resume = fence.close_index + 1
            if source is not None:
                sources.append(source)
        output.extend(lines[resume:])
        return RenderedPage("\n".join(output), tuple(sources))

    def _block(self, directive: Directive, page: str, prefix: str) -> tuple[list[str], SnippetSource | None]:
        if directive.show == "command":
            return self._command(directive, page, prefix), None
        if directive.show == "output":
            return self._output(directive, page, prefix)
        return self._code(directive, page, prefix)

    def _code(self, directive: Directive, page: str, prefix: str) -> tuple[list[str], SnippetSource]:
        with _located(page, directive.line_of("path")):
            file = self.cache.load(self.root, directive.path)
        part = "symbol" if directive.symbol else "region" if directive.region else "path"
        with _located(page, directive.line_of(part)):
            snippet = cut_snippet(file, symbol=directive.symbol, region=directive.region)
        with _located(page, directive.line_of("title")):
            block = fenced_block(snippet.code, file.language.name, directive.title or file.display, prefix)
        return block, SnippetSource(page, file.display, snippet.first_line, snippet.last_line)

    def _command(self, directive: Directive, page: str, prefix: str) -> list[str]:
        with _located(page, directive.line_of("path")):
            resolve_example_path(self.root, directive.path)
            module = module_for(self.root, directive.path)
        with _located(page, directive.line_of("title")):
            return fenced_block(f"$ python -m {module}", "console", directive.title, prefix)

    def _output(self, directive: Directive, page: str, prefix: str) -> tuple[list[str], SnippetSource]:
        example = PurePosixPath(directive.path)
        example_display = self.root.display(example.as_posix())
        with _located(page, directive.line_of("path")):
            if example.suffix != ".py":
                raise ExampleError(
                    f"'show: output' shows what a Python example prints, and {example_display} is not a .py file",
                    "point 'path' at the example's .py file",
                )
            resolve_example_path(self.root, directive.path)
        recorded = example.with_suffix(OUTPUT_SUFFIX).as_posix()
        display = self.root.display(recorded)
        with _located(page, directive.line_of("show")):
            if not (self.root.path / recorded).exists():
                raise ExampleError(
                    f"{display}, the recorded output of {example_display}, does not exist",
                    "record it by running the example's test with UPDATE_OUTPUTS=1 ./run test "
                    "(the test must call assert_output_matches_recorded)",
                )
            lines = list(split_lines(read_text(resolve_example_path(self.root, recorded), display)))
            while lines and not lines[-1].strip():
                lines.pop()
            if not lines:
                raise ExampleError(
                    f"{display} is empty: {example_display} prints nothing",
                    "remove the 'show: output' block, or make the example print what the page should show",
                )
        with _located(page, directive.line_of("title")):
            block = fenced_block("\n".join(lines), "text", directive.title or "Output", prefix)
        return block, SnippetSource(page, display, 1, len(lines))


def render_page(markdown: str, page_path: str, examples_dir: Path | str, *, label: str = "examples") -> str:
    """Render one page against an examples folder (a fresh cache each call)."""
    return ExampleLibrary(ExamplesRoot(Path(examples_dir), label)).render_page(markdown, page_path).markdown


@contextmanager
def _located(page: str, line: int) -> Iterator[None]:
    """Locate an ExampleError raised inside the block at ``page:line``."""
    try:
        yield
    except ExampleError as error:
        raise error.at(page, line) from None

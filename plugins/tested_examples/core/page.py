"""Render a whole page: replace ```example blocks, and check every hand-written block.

Every problem of the page is collected (an author fixes them all in one build);
a block with a problem is replaced by a visible error line. With a ``marker``,
every block the plugin writes (snippets, and exempted plain-text blocks, which it
writes again itself) carries a class made from it, so that :mod:`.rendered`
can prove that each code block of the rendered page came from here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .directive import Directive, TabGroup, is_directive, parse_directive
from .errors import ExampleError, internal_error
from .fences import FENCE, LIST_MARKER, Fence, scan_fences
from .gate import check_fence_line, check_hand_written, orphan_exemptions
from .paths import ExamplesRoot, module_for, resolve_example_path
from .render import error_line, fenced_block, reemitted_block
from .snippets import cut_snippet
from .sources import SourceCache, read_text, split_lines

OUTPUT_SUFFIX = ".output.txt"


@dataclass(frozen=True, slots=True)
class SnippetSource:
    """Where a snippet on a page came from: file lines ``first_line``..``last_line`` (1-based).

    ``lines`` are exactly the file lines shown (markers, hidden and elided lines
    left out, so they need not be contiguous); ``kind`` is ``code``, ``output``
    or ``command`` (which shows no line of the file, only uses it).
    """

    page: str
    file: str
    first_line: int
    last_line: int
    lines: tuple[int, ...] = ()
    kind: str = "code"
    page_line: int = 0
    region: str | None = None
    symbol: str | None = None
    highlight: tuple[str, ...] = ()
    recordings: tuple[str, ...] = ()  # kind "timeline": the recorded histories drawn


@dataclass(frozen=True)
class SourceLinks:
    """Where each snippet links: its source at the exact lines, and the test that ran it.

    ``repo_url`` like ``https://github.com/owner/repo``; ``ref`` a commit (or a
    branch); ``test_for`` maps a file's display path (``examples/lesson7/saga.py``)
    to the repository path of the test that runs it, or None.
    """

    repo_url: str
    ref: str
    test_for: Callable[[str], str | None] = lambda display: None

    def blob(self, path: str, lines: tuple[int, int] | None = None) -> str:
        url = f"{self.repo_url.rstrip('/')}/blob/{self.ref}/{path}"
        if lines is not None:
            first, last = lines
            url += f"#L{first}" if first == last else f"#L{first}-L{last}"
        return url


@dataclass(frozen=True)
class EmittedBlock:
    """A block the plugin wrote on a page: the class it carries, its page line, and what it is.

    ``kind``: ``code``, ``output``, ``command``, or ``not-code`` (an exempted
    plain-text block, written again by the plugin).
    """

    mark: str
    line: int
    kind: str


@dataclass(frozen=True)
class RenderedPage:
    markdown: str
    sources: tuple[SnippetSource, ...]
    errors: tuple[ExampleError, ...] = ()  # every problem of the page, in page order
    blocks: tuple[EmittedBlock, ...] = ()  # with a marker: every block the plugin wrote


class ExampleLibrary:
    """The examples folder, ready to render pages; keep one per build (it caches parsed files).

    ``marker``: a secret of the build (letters, digits); each block written carries the
    class ``<marker>-<n>``, for the rendered-output gate. None: plain fences, no gate.
    """

    def __init__(
        self,
        root: ExamplesRoot,
        cache: SourceCache | None = None,
        links: SourceLinks | None = None,
        marker: str | None = None,
    ):
        self.root = root
        self.cache = cache if cache is not None else SourceCache()
        self.links = links
        self.marker = marker
        self._emitted = 0

    def render_page(self, markdown: str, page: str, *, line_offset: int = 0) -> RenderedPage:
        """Replace every ```example block of ``page``; its first problem is raised as an ExampleError."""
        rendered = self.render(markdown, page, line_offset=line_offset)
        if rendered.errors:
            raise rendered.errors[0]
        return rendered

    def render(self, markdown: str, page: str, *, line_offset: int = 0) -> RenderedPage:
        """Replace every ```example block of ``page`` (named like ``docs/lesson_7.md`` in errors).

        Every problem is collected in ``errors``; a block with a problem becomes an error
        line on the page. ``line_offset`` is the number of page lines before ``markdown``
        (e.g. front matter).
        """
        lines = markdown.split("\n")
        output: list[str] = []
        sources: list[SnippetSource] = []
        errors: list[ExampleError] = []
        emitted: list[EmittedBlock] = []
        resume = 0
        fences = scan_fences(markdown)
        errors.extend(orphan_exemptions(lines, fences, page, line_offset))
        for fence in fences:
            line = fence.open_index + 1 + line_offset
            block: list[str] | None
            found: list[SnippetSource] = []
            done = len(emitted)
            try:
                block, found = self._fence(fence, page, line, emitted)
            except Exception as error:  # a bug must not hide the page's other problems, nor crash the build
                problem = error.at(page, line) if isinstance(error, ExampleError) else internal_error(error, page, line)
                errors.append(problem)
                block = error_line(str(problem), fence.prefix)
                del emitted[done:]  # the block failed half-way: what it wrote is not on the page
            if block is None:
                continue
            output.extend(lines[resume : fence.open_index])
            output.extend(block)
            resume = len(lines) if fence.close_index is None else fence.close_index + 1
            sources.extend(found)
        output.extend(lines[resume:])
        errors.sort(key=lambda e: e.line or 0)
        return RenderedPage("\n".join(output), tuple(sources), tuple(errors), tuple(emitted))

    def _fence(
        self, fence: Fence, page: str, line: int, emitted: list[EmittedBlock]
    ) -> tuple[list[str] | None, list[SnippetSource]]:
        """What replaces one fence (None: left as written), and the snippets it shows."""
        if fence.kind != FENCE:
            check_fence_line(fence, page, line)
            if fence.kind == LIST_MARKER:
                return None, []
        if not is_directive(fence):
            check_hand_written(fence, page, line)
            if self.marker is None:
                return None, []
            mark = self._mark("not-code", line, emitted)
            assert mark is not None  # there is a marker
            return reemitted_block(fence, mark), []
        parsed = parse_directive(fence, page, line)
        if isinstance(parsed, TabGroup):
            return self._tabs(parsed, page, fence.prefix, emitted)
        block, source = self._block(parsed, page, fence.prefix, emitted)
        return block, [source]

    def _mark(self, kind: str, line: int, emitted: list[EmittedBlock]) -> str | None:
        """The class of the next block the plugin writes (None without a marker)."""
        if self.marker is None:
            return None
        self._emitted += 1
        mark = f"{self.marker}-{self._emitted}"
        emitted.append(EmittedBlock(mark, line, kind))
        return mark

    def _tabs(
        self, group: TabGroup, page: str, prefix: str, emitted: list[EmittedBlock]
    ) -> tuple[list[str], list[SnippetSource]]:
        """A pymdownx.tabbed block: one tab per snippet, each checked like a single block."""
        block: list[str] = []
        sources: list[SnippetSource] = []
        shared_highlight: set[str] = set()
        applied: set[str] = set()
        for tab in group.tabs:
            assert tab.label is not None
            with _located(page, tab.line_of("label")):
                label = _tab_label(tab.label)
            if block:
                block.append(prefix.rstrip())
            block.extend([f"{prefix}=== {label}", prefix.rstrip()])
            lines, source = self._block(tab, page, prefix + "    ", emitted)
            block.extend(lines)
            sources.append(source)
            if tab.highlight_optional:
                shared_highlight.update(tab.highlight)
                applied.update(name for name in tab.highlight if name in source.highlight)
        missing = sorted(shared_highlight - applied)
        if missing:
            first = next(t for t in group.tabs if t.highlight_optional)
            raise ExampleError(
                f"'highlight: {', '.join(missing)}' applies to no tab: no code tab shows that region",
                "name a region that a code tab shows, or move 'highlight' into the tab it belongs to",
                page=page,
                line=first.line_of("highlight"),
            )
        return block, sources

    def _block(
        self, directive: Directive, page: str, prefix: str, emitted: list[EmittedBlock]
    ) -> tuple[list[str], SnippetSource]:
        if directive.show == "timeline":  # a figure, no code block: nothing for the rendered-output gate to mark
            return self._timeline(directive, page, prefix)
        if directive.show == "command":
            block, source = self._command(directive, page, prefix)
        elif directive.show == "output":
            block, source = self._output(directive, page, prefix)
        else:
            block, source = self._code(directive, page, prefix)
        mark = self._mark(directive.show, directive.line, emitted)
        if mark is not None:
            block[0] = _with_mark(block[0], mark)
        return block, source

    def _code(self, directive: Directive, page: str, prefix: str) -> tuple[list[str], SnippetSource]:
        with _located(page, directive.line_of("path")):
            file = self.cache.load(self.root, directive.path)
        part = "symbol" if directive.symbol else "region" if directive.region else "path"
        with _located(page, directive.line_of(part)):
            snippet = cut_snippet(file, symbol=directive.symbol, region=directive.region)
        if directive.highlight:
            with _located(page, directive.line_of("highlight")):
                snippet = cut_snippet(
                    file,
                    symbol=directive.symbol,
                    region=directive.region,
                    highlight=directive.highlight,
                    highlight_optional=directive.highlight_optional,
                )
        applied = snippet.applied
        with _located(page, directive.line_of("title")):
            block = fenced_block(
                snippet.code, file.language.name, directive.title or file.display, prefix, snippet.highlight
            )
        block.extend(self._links(file.display, (snippet.first_line, snippet.last_line), prefix))
        return block, SnippetSource(
            page,
            file.display,
            snippet.first_line,
            snippet.last_line,
            snippet.lines,
            "code",
            directive.line,
            directive.region,
            directive.symbol,
            applied,
        )

    def _links(self, display: str, lines: tuple[int, int] | None, prefix: str) -> list[str]:
        """A line under the block: the source at the exact lines, and the test that ran it."""
        if self.links is None:
            return []
        where = (
            "" if lines is None else f", line {lines[0]}" if lines[0] == lines[1] else f", lines {lines[0]}–{lines[1]}"
        )
        source = html.escape(self.links.blob(display, lines))
        parts = [f'<a class="tested-example-source" href="{source}">{html.escape(display)}{where}</a>']
        test = self.links.test_for(display)
        if test is not None:
            href = html.escape(self.links.blob(test))
            parts.append(f'tested by <a class="tested-example-test" href="{href}">{html.escape(test)}</a>')
        return [
            prefix.rstrip(),
            f'{prefix}<small class="tested-example-links">{" · ".join(parts)}</small>',
            prefix.rstrip(),
        ]

    def _command(self, directive: Directive, page: str, prefix: str) -> tuple[list[str], SnippetSource]:
        with _located(page, directive.line_of("path")):
            resolve_example_path(self.root, directive.path)
            module = module_for(self.root, directive.path)
        display = self.root.display(PurePosixPath(directive.path).as_posix())
        with _located(page, directive.line_of("title")):
            block = fenced_block(f"$ python -m {module}", "console", directive.title, prefix)
        return block, SnippetSource(page, display, 0, 0, (), "command", directive.line)

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
            if not _is_file(self.root.path / recorded):
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
        block.extend(self._links(display, (1, len(lines)), prefix))
        shown = tuple(range(1, len(lines) + 1))
        return block, SnippetSource(page, display, 1, len(lines), shown, "output", directive.line)

    def _timeline(self, directive: Directive, page: str, prefix: str) -> tuple[list[str], SnippetSource]:
        """Recorded runs of the example drawn as a timeline (core/timeline.py)."""
        # Imported by the pages that draw one: most builds never read a recorded history.
        from .timeline import load_runs, render_timeline, timeline_lines

        with _located(page, directive.line_of("path")):
            resolve_example_path(self.root, directive.path)
        with _located(page, directive.line_of("run")):
            runs = load_runs(self.root, directive.path, directive.runs)
        figure = render_timeline(runs, ident=f"timeline-{directive.line}", caption=directive.caption)
        recordings = tuple(shown.history.source for shown in runs)
        display = self.root.display(PurePosixPath(directive.path).as_posix())
        source = SnippetSource(page, display, 0, 0, (), "timeline", directive.line, recordings=recordings)
        return timeline_lines(figure, prefix), source


def render_page(markdown: str, page_path: str, examples_dir: Path | str, *, label: str = "examples") -> str:
    """Render one page against an examples folder (a fresh cache each call)."""
    return ExampleLibrary(ExamplesRoot(Path(examples_dir), label)).render_page(markdown, page_path).markdown


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _with_mark(header: str, mark: str) -> str:
    """A fence line ``````python title="x"`` as ``````{.python .MARK title="x"}``: the class marks the block."""
    stripped = header.lstrip()
    prefix = header[: len(header) - len(stripped)]
    ticks = stripped[: len(stripped) - len(stripped.lstrip("`"))]
    language, _, options = stripped[len(ticks) :].partition(" ")
    inside = " ".join(part for part in (f".{language}", f".{mark}", options) if part)
    return f"{prefix}{ticks}{{{inside}}}"


def _tab_label(label: str) -> str:
    """``"Label"`` as pymdownx.tabbed reads it."""
    if '"' in label or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in label):
        raise ExampleError(
            "a tab 'label' cannot hold '\"', a line break or a control character",
            "write the label on one line, without double quotes",
        )
    return f'"{label}"'


@contextmanager
def _located(page: str, line: int) -> Iterator[None]:
    """Locate an ExampleError raised inside the block at ``page:line``."""
    try:
        yield
    except ExampleError as error:
        raise error.at(page, line) from None

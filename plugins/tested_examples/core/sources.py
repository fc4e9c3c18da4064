"""Read example files once per build: decode, normalise, parse (Python) and find regions.

A Python file is checked with the compiler's own parser, without building a
syntax tree (:func:`_check_python`); the tree is built only when a page asks for
a symbol, and only its definitions are kept (:class:`.symbols.Definitions`).
"""

from __future__ import annotations

import ast
import hashlib
import io
import re
import symtable
import time
import tokenize
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import ExampleError
from .languages import Language, language_for
from .markers import LineMarks, find_marks
from .paths import ExamplesRoot, resolve_example_path
from .regions import RegionMap, find_regions
from .symbols import Definitions
from .text_lines import TextLines


@dataclass(frozen=True, slots=True)
class ParsedSource:
    """What parsing a file's content yields; shared by files with identical content."""

    lines: TextLines  # the text once, not a string per line
    regions: RegionMap
    definitions: Definitions | None  # Python files only: functions and classes, for 'symbol:'
    marks: LineMarks = field(default_factory=LineMarks)  # hide / elide / highlight markers


@dataclass(frozen=True, slots=True)
class ExampleFile:
    """One example file, ready to cut snippets from."""

    relpath: str  # relative to the examples folder, POSIX
    display: str  # e.g. examples/lesson7/order_workflow.py
    language: Language
    parsed: ParsedSource


def read_text(path: Path, display: str) -> str:
    """A file's text: UTF-8, without a BOM, with LF line ends only."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ExampleError(
            f"{display} cannot be read ({error.strerror or error})", "make it a readable file under the examples folder"
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ExampleError(
            f"{display} is not UTF-8 (bad byte at offset {error.start})",
            "save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> tuple[str, ...]:
    """Lines as ``ast`` and ``tokenize`` number them (only ``\\n`` ends a line)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


class SourceCache:
    """Parses each distinct file content once (keyed by its sha256); create one per build."""

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, str], ParsedSource] = {}
        # (root, relpath) -> (the file's stat signature, the loaded file): a file
        # shown many times is resolved, read and hashed once while it is unchanged.
        self._loaded: dict[tuple[Path, str], tuple[tuple[int, int, int], ExampleFile]] = {}
        self.parse_count = 0

    def load(self, root: ExamplesRoot, relpath: str) -> ExampleFile:
        """The parsed example file ``relpath`` (relative to ``root``); problems are ExampleErrors."""
        known = self._loaded.get((root.path, relpath))
        if known is not None:
            try:
                stat = (root.path / relpath).stat()
            except (OSError, ValueError):
                stat = None
            # Like git's "racy clean" rule: a file modified in the last 2 s may change
            # again within the clock's granularity without its signature changing.
            if (
                stat is not None
                and known[0] == (stat.st_ino, stat.st_mtime_ns, stat.st_size)
                and time.time_ns() - stat.st_mtime_ns > 2_000_000_000
            ):
                return known[1]
        path = resolve_example_path(root, relpath)
        rel = PurePosixPath(relpath).as_posix()
        display = root.display(rel)
        language = language_for(rel)
        text = read_text(path, display)
        key = (hashlib.sha256(text.encode("utf-8")).hexdigest(), language.name)
        parsed = self._parsed.get(key)
        if parsed is None:
            parsed = parse_source(text, language, display)
            self._parsed[key] = parsed
            self.parse_count += 1
        loaded = ExampleFile(rel, display, language, parsed)
        try:
            stat = path.stat()
        except OSError:
            return loaded  # gone since it was read: not cached
        self._loaded[(root.path, relpath)] = ((stat.st_ino, stat.st_mtime_ns, stat.st_size), loaded)
        return loaded


def parse_source(text: str, language: Language, display: str) -> ParsedSource:
    """Parse a file's text: its lines, regions and (for Python) definitions."""
    lines = split_lines(text)
    kept = TextLines(lines)  # what the cache holds until the build ends
    definitions = None
    comment_lines = None
    trailing = None
    if language.is_python:
        _check_python(text, display)
        ends = "\n" if text.endswith("\n") else ""  # the text again from its lines: not kept twice
        definitions = Definitions(lambda: _parse_python(kept.text + ends, display), kept)
        comment_lines, trailing = _comments(text, lines, display)
    regions = find_regions(lines, language, display, comment_lines)
    marks = find_marks(lines, language, display, comment_lines, trailing)
    return ParsedSource(kept, regions, definitions, marks)


def _check_python(text: str, display: str) -> None:
    """Raise the ExampleError :func:`_parse_python` raises, if any, without building a syntax tree.

    The symbol table pass runs the same parser and refuses a few more files (e.g.
    ``nonlocal`` at the top level): for those, and for any other problem, the tree is
    built after all, so a file is refused exactly when ``ast.parse`` refuses it.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            symtable.symtable(text, display, "exec")
    except Exception:  # SyntaxError, RecursionError, MemoryError, ValueError (a NUL byte)
        _parse_python(text, display)


def _parse_python(text: str, display: str) -> ast.Module:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text, filename=display)
    except SyntaxError as error:
        where = f"{display}:{error.lineno}" if error.lineno else display
        text = error.text.strip() if isinstance(error.text, str) else ""
        source = f" ('{text[:80]}')" if text else ""
        raise ExampleError(
            f"{where} does not parse as Python: {error.msg}{source}",
            "fix the syntax error in the example (and run its test: ./run test)",
        ) from None
    except (RecursionError, MemoryError):
        raise ExampleError(
            f"{display} is nested too deeply for Python's parser",
            "flatten the deepest expression (name intermediate values); Python itself cannot compile it",
        ) from None
    except ValueError as error:  # e.g. a NUL byte, on some Python versions
        raise ExampleError(f"{display} does not parse as Python: {error}", "remove the character it names") from None


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    try:
        return list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError) as error:  # ast accepted it; the tokenizer may still refuse
        raise ExampleError(
            f"the Python tokenizer cannot read this file ({error})",
            "simplify the line it names (the plugin reads comments with tokenize to find markers)",
        ) from None


_COMMENT_LINE = re.compile(r"[ \t]*#")
_TRAILING_MARKER = re.compile(r"#[ \t]*(?:hide|highlight)[ \t]*$")


def _comments(text: str, lines: tuple[str, ...], display: str) -> tuple[set[int], dict[int, int]]:
    """Lines whose first token is a comment (so not a ``#`` inside a string), and
    the column of the comment that ends a code line.

    Tokenizing is slow, so it is done only when needed: a line starting with
    ``#`` is a comment unless it lies inside a string literal spanning lines,
    and only code lines ending like a marker need the tokenizer's columns.
    """
    starts = {n for n, line in enumerate(lines, start=1) if _COMMENT_LINE.match(line)}
    needs_tokens = any(_TRAILING_MARKER.search(line) and n not in starts for n, line in enumerate(lines, start=1))
    if not needs_tokens and starts:
        # The lines string literals span: a '#' line inside one is text.
        spanned = _multiline_string_lines(text)
        if spanned is None:  # an f-string over several lines: ask the syntax tree
            spanned = _tree_string_lines(_parse_python(text, display))
        needs_tokens = bool(starts & spanned)
    if not needs_tokens:
        return starts, {}
    return _tokenized_comments(text)


# The comments and string literals of a file that parses (so every quote or '#' outside
# them starts one: Python 3.11 has no nested quotes in f-strings).
_LEXEME = re.compile(
    r"""#[^\n]*+"""
    r'''|"""(?:[^"\\]++|\\.|"(?!""))*+"""'''
    r"""|'''(?:[^'\\]++|\\.|'(?!''))*+'''"""
    r'''|"(?:[^"\\\n]++|\\.)*+"'''
    r"""|'(?:[^'\\\n]++|\\.)*+'""",
    re.S,
)
# What may stand between implicitly joined strings (the next one's prefix last).
_JOINING = re.compile(r"(?:[ \t\f\n\\]++|#[^\n]*+)*+[A-Za-z]{0,2}")


def _multiline_string_lines(text: str) -> set[int] | None:
    """Lines after the first of every string literal spanning several lines, as the syntax tree
    has them (strings joined over lines, ``"a"  # c`` then ``"b"``, count as one: over-counting
    only costs tokenizing); None if an f-string spans lines (the tree places its parts)."""
    found: set[int] = set()
    run: tuple[int, int] | None = None  # first and last line of the current run of joined strings
    run_end = 0  # offset where the run's last string ends
    line, counted = 1, 0  # the line at offset 'counted'
    for match in _LEXEME.finditer(text):
        start, end = match.span()
        if text[start] == "#":
            continue
        line += text.count("\n", counted, start)
        first = line
        line += text.count("\n", start, end)
        counted = end
        if line > first and "f" in text[max(0, start - 2) : start].lower():  # a prefix f, F, rf, fR...
            return None
        if run is not None and _JOINING.fullmatch(text, run_end, start):
            run = (run[0], line)
        else:
            if run is not None and run[1] > run[0]:
                found.update(range(run[0] + 1, run[1] + 1))
            run = (first, line)
        run_end = end
    if run is not None and run[1] > run[0]:
        found.update(range(run[0] + 1, run[1] + 1))
    return found


def _tree_string_lines(tree: ast.Module) -> set[int]:
    """Lines after the first of every string literal (or f-string) spanning several lines."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Constant, ast.JoinedStr)) or not node.end_lineno:
            continue
        if node.end_lineno > node.lineno and (isinstance(node, ast.JoinedStr) or isinstance(node.value, (str, bytes))):
            found.update(range(node.lineno + 1, node.end_lineno + 1))
    return found


def _tokenized_comments(text: str) -> tuple[set[int], dict[int, int]]:
    lines: set[int] = set()
    trailing: dict[int, int] = {}
    for token in _tokens(text):
        if token.type == tokenize.COMMENT:
            if token.line[: token.start[1]].strip():
                trailing[token.start[0]] = token.start[1]
            else:
                lines.add(token.start[0])
    return lines, trailing

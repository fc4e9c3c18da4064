"""tested_examples.core.text_lines: a file's lines read exactly like the tuple they replace, in less memory."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import pytest

from tested_examples.core.languages import language_for
from tested_examples.core.sources import parse_source, split_lines
from tested_examples.core.text_lines import TextLines

TEXT = 'import asyncio\n\n# région: été\nasync def run() -> str:\n    return "ok"  # ✓\n'


def test_it_reads_like_the_tuple_of_lines():
    lines = split_lines(TEXT)
    kept = TextLines(lines)
    assert len(kept) == len(lines) == 5
    assert tuple(kept) == lines
    assert [kept[i] for i in range(len(lines))] == list(lines)
    assert kept[-1] == lines[-1] and kept[-5] == lines[0]
    assert kept[1:3] == lines[1:3] and kept[::-2] == lines[::-2] and kept[7:] == ()
    assert kept == lines and kept == list(lines) and kept == TextLines(lines)
    assert kept != lines[:-1] and kept != TextLines(lines[:-1])
    assert kept.text == TEXT.removesuffix("\n")
    for index in (5, -6):
        with pytest.raises(IndexError):
            kept[index]


def test_empty_lines_and_an_empty_file():
    assert tuple(TextLines(("", "", "x", ""))) == ("", "", "x", "")
    empty = TextLines(())
    assert len(empty) == 0 and tuple(empty) == () and empty.text == ""


def test_a_parsed_file_keeps_it():
    parsed = parse_source(TEXT, language_for("demo.py"), "examples/demo.py")
    assert isinstance(parsed.lines, TextLines)
    assert tuple(parsed.lines) == split_lines(TEXT)


def _kept(build: Callable[[], object]) -> int:
    """Bytes still allocated by ``build()`` while its result is alive."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = build()
        kept = tracemalloc.get_traced_memory()[0] - before
        del result
        return kept
    finally:
        tracemalloc.stop()


def test_it_keeps_less_than_half_the_memory_of_the_tuple_for_a_typical_example():
    # A 120-line example of 40-character lines, as the build benchmark generates.
    text = "".join(f"    total += quantity * {n:<6d}  # step {n}\n" for n in range(120))
    as_tuple = _kept(lambda: split_lines(text))
    as_text_lines = _kept(lambda: TextLines(split_lines(text)))
    assert as_text_lines < 0.5 * as_tuple, (as_text_lines, as_tuple)

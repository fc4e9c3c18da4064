"""Hostile and odd inputs, one table: each gives the right code or a clear error with page:line.

(More cases live in test_snippets.py FILES and test_errors.py CASES; this table
fills the rest and covers the presentation markers.)
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tested_examples.core import ExampleError, ExampleLibrary, ExamplesRoot

from .conftest import PAGE, example_block, write_files

LONG = (
    "".join(f"def f{i}():\n    return {i}\n\n\n" for i in range(5000)) + "# region: end\nLAST = 1\n# endregion: end\n"
)

OK = [
    pytest.param(
        "crlf.py",
        b"def f():\r\n    x = 1  # highlight\r\n    # hide: start\r\n    y = 2\r\n    # hide: end\r\n    return x\r\n",
        ("symbol: f",),
        "def f():\n    x = 1\n    return x",
        "2",
        id="CRLF with markers",
    ),
    pytest.param(
        "bom.py",
        b"\xef\xbb\xbf# region: a\nx = 1  # highlight\n# endregion: a\n",
        ("region: a",),
        "x = 1",
        "1",
        id="BOM then a region",
    ),
    pytest.param(
        "tabs.py",
        b"class A:\n\tdef f(self):\n\t\treturn 1  # highlight\n",
        ("symbol: A.f",),
        "def f(self):\n\treturn 1",
        "2",
        id="tab indentation",
    ),
    pytest.param(
        "ids.py",
        "def 計算(値):\n    return 値  # highlight\n".encode(),
        ("symbol: 計算",),
        "def 計算(値):\n    return 値",
        "2",
        id="non-ASCII identifiers and markers",
    ),
    pytest.param(
        "deco.py",
        b"import functools\n\n\n@functools.cache\nasync def f():\n    return 1\n",
        ("symbol: f",),
        "@functools.cache\nasync def f():\n    return 1",
        None,
        id="decorated async def",
    ),
    pytest.param(
        "nested.py",
        b"class A:\n    class B:\n        class C:\n            def m(self):\n                return 3\n",
        ("symbol: A.B.C.m",),
        "def m(self):\n    return 3",
        None,
        id="nested classes",
    ),
    pytest.param(
        "prop.py",
        b"class A:\n    @property\n    def size(self) -> int:\n        return 1\n",
        ("symbol: A.size",),
        "@property\ndef size(self) -> int:\n    return 1",
        None,
        id="property",
    ),
    pytest.param(
        "scopes.py",
        b"def run():\n    return 1\n\n\nclass W:\n    def run(self):\n        return 2\n",
        ("symbol: W.run",),
        "def run(self):\n    return 2",
        None,
        id="same name, other scope (method)",
    ),
    pytest.param(
        "scopes2.py",
        b"def run():\n    return 1\n\n\nclass W:\n    def run(self):\n        return 2\n",
        ("symbol: run",),
        "def run():\n    return 1",
        None,
        id="same name, other scope (function)",
    ),
    pytest.param(
        "strings.py",
        b'S = """\n# hide: start\n# highlight\n"""\nT = "# elide: end"\n',
        (),
        'S = """\n# hide: start\n# highlight\n"""\nT = "# elide: end"',
        None,
        id="markers inside strings are code",
    ),
    pytest.param(
        "cross.py",
        b"def f():\n    x = 1\n    # region: cross\n    return x\n\n\ny = f()\n# endregion: cross\n",
        ("region: cross",),
        "    return x\n\n\ny = f()",
        None,
        id="region crossing a function boundary",
    ),
    pytest.param("long.py", LONG.encode(), ("region: end",), "LAST = 1", None, id="very long file (20k lines)"),
    pytest.param(
        "elide.py",
        b"def f():\n    a = 1\n    # elide: start\n    b = 2\n    # elide: end\n"
        b"    # elide: start\n    c = 3\n    # elide: end\n    return a\n",
        ("symbol: f",),
        "def f():\n    a = 1\n    ...\n    return a",
        None,
        id="adjacent elisions make one gap",
    ),
    pytest.param(
        "quotes.py",
        b'S = \'"""\' + """\n# region: fake\n"""\n',
        (),
        'S = \'"""\' + """\n# region: fake\n"""',
        None,
        id="a triple quote inside a string, then a real one",
    ),
    pytest.param(
        "cont.py",
        b'S = "a\\\n# hide: start"\n',
        (),
        'S = "a\\\n# hide: start"',
        None,
        id="a string continued with a backslash",
    ),
    pytest.param("conf.yaml", b"a: 1\nb: 2  # highlight\n", (), "a: 1\nb: 2", "2", id="YAML line marker"),
]


@pytest.mark.parametrize(("name", "content", "extra", "code", "hl"), OK)
def test_hostile_input_renders(
    tmp_path: Path, name: str, content: bytes, extra: tuple[str, ...], code: str, hl: str | None
) -> None:
    root = tmp_path / "examples"
    write_files(root, {name: content})
    started = time.perf_counter()
    page = ExampleLibrary(ExamplesRoot(root)).render_page(example_block(f"path: {name}", *extra), PAGE).markdown
    assert time.perf_counter() - started < 5
    lines = page.split("\n")
    assert "\n".join(lines[1:-1]) == code
    assert (f'hl_lines="{hl}"' in lines[0]) if hl else ("hl_lines" not in lines[0])


BAD = [
    pytest.param(
        "over.py",
        b"from typing import overload\n\n\n@overload\ndef f(x: int) -> int: ...\n"
        b"@overload\ndef f(x: str) -> str: ...\ndef f(x):\n    return x\n",
        ("symbol: f",),
        4,
        "symbol 'f' is ambiguous in examples/over.py: 'f' is defined 3 times",
        id="overloads",
    ),
    pytest.param("hidden.py", b"# hide: start\nx = 1\n# hide: end\n", (), 3, "nothing to show", id="everything hidden"),
    pytest.param(
        "cross.py",
        b"def f():\n    # hide: start\n    x = 1\n\n\ny = 2\n",
        (),
        3,
        "'# hide: start' at examples/cross.py:2 is never closed",
        id="unclosed hide",
    ),
    pytest.param(
        "crlf_bad.py",
        b"# region: a\r\nx = 1\r\n",
        ("region: a",),
        3,
        "region 'a' opened at examples/crlf_bad.py:1 is never closed",
        id="CRLF unbalanced",
    ),
]


@pytest.mark.parametrize(("name", "content", "extra", "line", "message"), BAD)
def test_hostile_input_fails_clearly(
    tmp_path: Path, name: str, content: bytes, extra: tuple[str, ...], line: int, message: str
) -> None:
    root = tmp_path / "examples"
    write_files(root, {name: content})
    with pytest.raises(ExampleError) as raised:
        ExampleLibrary(ExamplesRoot(root)).render_page("\n" + example_block(f"path: {name}", *extra), PAGE)
    text = str(raised.value)
    assert text.startswith(f"{PAGE}:{line}: ") and message in text and "Fix: " in text, text


def test_a_file_changing_between_renders_is_parsed_again(tmp_path: Path) -> None:
    """As in serve: the cache is keyed by content, so an edit shows at once and a revert costs nothing."""
    root = tmp_path / "examples"
    write_files(root, {"m.py": "x = 1\n"})
    library = ExampleLibrary(ExamplesRoot(root))
    block = example_block("path: m.py")
    assert "x = 1" in library.render_page(block, PAGE).markdown
    write_files(root, {"m.py": "x = 2\n"})
    assert "x = 2" in library.render_page(block, PAGE).markdown
    write_files(root, {"m.py": "x = (\n"})  # saved half-way through an edit
    with pytest.raises(ExampleError, match="does not parse as Python"):
        library.render_page(block, PAGE)
    write_files(root, {"m.py": "x = 1\n"})
    assert "x = 1" in library.render_page(block, PAGE).markdown
    assert library.cache.parse_count == 2  # x = 1 and x = 2; the broken one raised


def test_an_unchanged_file_is_read_once_and_an_edit_is_seen(tmp_path: Path) -> None:
    import os

    root = tmp_path / "examples"
    write_files(root, {"m.py": "x = 1\n"})
    old = time.time() - 60
    os.utime(root / "m.py", (old, old))  # not "racy": the signature cache may be trusted
    library = ExampleLibrary(ExamplesRoot(root))
    block = example_block("path: m.py")
    first = library.cache.load(library.root, "m.py")
    assert library.cache.load(library.root, "m.py") is first
    write_files(root, {"m.py": "x = 2\n"})  # same size, new mtime
    assert "x = 2" in library.render_page(block, PAGE).markdown

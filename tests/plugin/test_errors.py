"""Every way a directive can fail: the error names the page line and says how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tested_examples.core import ExampleError, render_page

from .conftest import PAGE, example_block, write_files

HEAD = "# Page\n\nSome text.\n\n"  # the ```example fence is on line 5
FENCE_LINE = 5


def body_line(n: int) -> int:
    """Page line of the n-th (1-based) line of the block's body."""
    return FENCE_LINE + n


@dataclass(frozen=True)
class Symlink:
    target: str  # relative to the folder holding examples/


@dataclass(frozen=True)
class Case:
    id: str
    body: tuple[str, ...]
    line: int
    message: tuple[str, ...]
    fix: tuple[str, ...]
    files: dict[str, str | bytes | Symlink] = field(default_factory=dict)
    page: str | None = None  # a whole page instead of HEAD + block(body)


CASES = [
    Case(
        "file missing",
        ("path: lesson7/workflw.py",),
        body_line(1),
        ("examples/lesson7/workflw.py does not exist",),
        ("did you mean 'lesson7/workflow.py'",),
    ),
    Case(
        "file missing, path starts with examples/",
        ("path: examples/lesson7/workflow.py",),
        body_line(1),
        ("does not exist",),
        ("relative to examples/", "path: lesson7/workflow.py"),
    ),
    Case(
        "file missing, nothing close",
        ("path: zzz/qqq.sql",),
        body_line(1),
        ("examples/zzz/qqq.sql does not exist",),
        ("create the file under examples/",),
    ),
    Case(
        "dot-dot escape",
        ("path: ../secrets.py",),
        body_line(1),
        ("'..'", "leave examples/"),
        ("relative to examples/",),
    ),
    Case(
        "dot-dot inside the path",
        ("path: lesson7/../../secrets.py",),
        body_line(1),
        ("'..'",),
        ("without '..'",),
    ),
    Case("absolute path", ("path: /etc/passwd",), body_line(1), ("is absolute",), ("relative to examples/",)),
    Case("windows drive", ("path: 'C:/x.py'",), body_line(1), ("is absolute",), ("relative to examples/",)),
    Case(
        "symlink out of examples/",
        ("path: lesson7/link.py",),
        body_line(1),
        ("examples/lesson7/link.py is a symlink", "outside examples/"),
        ("replace the symlink with a real file",),
        files={"lesson7/link.py": Symlink("outside.py")},
    ),
    Case("URL", ("path: https://example.com/x.py",), body_line(1), ("is a URL",), ("under examples/",)),
    Case("backslash", ("path: lesson7\\workflow.py",), body_line(1), ("backslash",), ("'/'",)),
    Case("directory", ("path: lesson7",), body_line(1), ("is a directory",), ("name one file",)),
    Case(
        "region not found",
        ("path: lesson7/workflow.py", "region: notifications"),
        body_line(2),
        (
            "region 'notifications' not found in examples/lesson7/workflow.py",
            "(regions there: charge, receipt)",
        ),
        ("add '# region: notifications' … '# endregion: notifications'", "or name an existing region"),
    ),
    Case(
        "region in a file without comments",
        ("path: data.json", "region: x"),
        body_line(2),
        ("json files have no comments",),
        ("show the whole file",),
        files={"data.json": "{}\n"},
    ),
    Case(
        "unbalanced: start without end",
        ("path: bad.py",),
        body_line(1),
        ("region 'open' opened at examples/bad.py:2 is never closed", "unbalanced"),
        ("add '# endregion: open'",),
        files={"bad.py": "x = 1\n# region: open\ny = 2\n"},
    ),
    Case(
        "unbalanced: end without start",
        ("path: bad.py",),
        body_line(1),
        ("'# endregion: stray' at examples/bad.py:2 has no matching '# region: stray'",),
        ("add '# region: stray'", "remove the stray end marker"),
        files={"bad.py": "x = 1\n# endregion: stray\n"},
    ),
    Case(
        "misnested regions",
        ("path: bad.py", "region: outer"),
        body_line(1),
        ("regions overlap in examples/bad.py", "'# endregion: outer' at line 4", "opened at line 2"),
        ("close 'inner' before 'outer'",),
        files={"bad.py": "# region: outer\n# region: inner\nx = 1\n# endregion: outer\n# endregion: inner\n"},
    ),
    Case(
        "duplicated region name",
        ("path: bad.py",),
        body_line(1),
        ("region 'a' is opened twice in examples/bad.py (lines 1 and 4)",),
        ("rename one of them",),
        files={"bad.py": "# region: a\nx = 1\n# endregion: a\n# region: a\ny = 2\n# endregion: a\n"},
    ),
    Case(
        "malformed marker",
        ("path: bad.py",),
        body_line(1),
        ("malformed region marker at examples/bad.py:1", "'# region: two words'"),
        ("letters, digits",),
        files={"bad.py": "# region: two words\nx = 1\n# endregion: two words\n"},
    ),
    Case(
        "unparsable Python",
        ("path: broken.py",),
        body_line(1),
        ("examples/broken.py:2 does not parse as Python",),
        ("fix the syntax error",),
        files={"broken.py": "x = 1\ndef broken(:\n    pass\n"},
    ),
    Case(
        "unparsable Python, with symbol",
        ("path: broken.py", "symbol: broken"),
        body_line(1),
        ("examples/broken.py:2 does not parse",),
        ("fix the syntax error",),
        files={"broken.py": "x = 1\ndef broken(:\n    pass\n"},
    ),
    Case(
        "empty region",
        ("path: hollow.py", "region: nothing"),
        body_line(2),
        ("nothing to show: region 'nothing' in examples/hollow.py is empty",),
        ("put the code to show there",),
        files={
            "hollow.py": "x = 1\n# region: nothing\n\n# region: inner\n# endregion: inner\n\n# endregion: nothing\n"
        },
    ),
    Case(
        "empty file",
        ("path: lesson7/__init__.py",),
        body_line(1),
        ("nothing to show: examples/lesson7/__init__.py is empty",),
        ("remove the example block",),
    ),
    Case(
        "unknown key",
        ("path: lesson7/workflow.py", "regoin: charge"),
        body_line(2),
        ("unknown key 'regoin'",),
        ("did you mean 'region'?", "path, symbol, region, title, show"),
    ),
    Case(
        "symbol and region",
        ("path: lesson7/workflow.py", "symbol: charge", "region: charge"),
        body_line(3),
        ("both 'symbol' and 'region'",),
        ("keep one",),
    ),
    Case(
        "YAML that does not parse",
        ("path: lesson7/workflow.py", "title: [unclosed"),
        body_line(2),
        ("not valid YAML",),
        ("one 'key: value' per line",),
    ),
    Case(
        "YAML with a bad indentation",
        ("path: lesson7/workflow.py", "  title: x"),
        body_line(2),
        ("not valid YAML",),
        ("'key: value'",),
    ),
    Case("body is a list", ("- path: lesson7/workflow.py",), body_line(1), ("not a YAML mapping",), ("'key: value'",)),
    Case("body is a string", ("lesson7/workflow.py",), body_line(1), ("not a YAML mapping",), ("'key: value'",)),
    Case("empty block", (), FENCE_LINE, ("block is empty",), ("path: lesson7/order_workflow.py",)),
    Case("no path", ("symbol: charge",), FENCE_LINE, ("has no 'path'",), ("add 'path: FILE'",)),
    Case("empty path", ("path: ''",), body_line(1), ("'path' is empty",), ("give 'path' a value",)),
    Case(
        "duplicated key",
        ("path: lesson7/workflow.py", "path: lesson7/config.yaml"),
        body_line(2),
        ("key 'path' appears twice", f"lines {body_line(1)} and {body_line(2)}"),
        ("keep one",),
    ),
    Case(
        "wrong value type",
        ("path: lesson7/workflow.py", "title: 2024"),
        body_line(2),
        ("'title' must be a string, not an int",),
        ('title: "..."',),
    ),
    Case(
        "null value",
        ("path: lesson7/workflow.py", "symbol:"),
        body_line(2),
        ("'symbol' must be a string, not nothing",),
        ("text value",),
    ),
    Case(
        "non-string key", ("path: lesson7/workflow.py", "1: x"), body_line(2), ("not a plain name",), ("'key: value'",)
    ),
    Case(
        "unsupported file type",
        ("path: queries/errors.promql",),
        body_line(1),
        ("cannot show '.promql' files: unsupported file type", "supported: .py, .yaml", "Dockerfile"),
        ("languages.py",),
        files={"queries/errors.promql": "rate(errors[5m])\n"},
    ),
    Case(
        "ambiguous symbol",
        ("path: overloads.py", "symbol: handle"),
        body_line(2),
        ("symbol 'handle' is ambiguous in examples/overloads.py", "defined 3 times at the top level (lines 4, 8, 11)"),
        ("use 'region:' instead", "rename one"),
        files={
            "overloads.py": "from typing import overload\n\n@overload\ndef handle(x: int) -> int: ...\n\n\n"
            "@overload\ndef handle(x: str) -> str: ...\n\n\ndef handle(x):\n    return x\n"
        },
    ),
    Case(
        "ambiguous method (property setter)",
        ("path: props.py", "symbol: Box.size"),
        body_line(2),
        ("ambiguous", "in class Box (lines 3, 7)"),
        ("region",),
        files={
            "props.py": "class Box:\n    @property\n    def size(self):\n        return 1\n\n"
            "    @size.setter\n    def size(self, value):\n        pass\n"
        },
    ),
    Case(
        "symbol not found",
        ("path: lesson7/workflow.py", "symbol: OrderWorkflow.rn"),
        body_line(2),
        ("symbol 'OrderWorkflow.rn' not found in class OrderWorkflow of examples/lesson7/workflow.py", "run, Notifier"),
        ("did you mean 'run'?",),
    ),
    Case(
        "symbol inside a function",
        ("path: lesson7/workflow.py", "symbol: charge.inner"),
        body_line(2),
        ("'charge' in examples/lesson7/workflow.py is a function",),
        ("show a region",),
    ),
    Case(
        "symbol not a name",
        ("path: lesson7/workflow.py", "symbol: 'run()'"),
        body_line(2),
        ("is not a Python name",),
        ("Class.method",),
    ),
    Case(
        "symbol in a YAML file",
        ("path: lesson7/config.yaml", "symbol: retry"),
        body_line(2),
        ("needs a Python file",),
        ("use 'region:'",),
    ),
    Case(
        "bad region name",
        ("path: lesson7/workflow.py", "region: two words"),
        body_line(2),
        ("region name 'two words' is not valid",),
        ("letters, digits",),
    ),
    Case(
        "unknown show",
        ("path: lesson7/workflow.py", "show: everything"),
        body_line(2),
        ("'show: everything' is not a choice",),
        ("code, command, output",),
    ),
    Case(
        "command with a symbol",
        ("path: lesson7/workflow.py", "show: command", "symbol: charge"),
        body_line(3),
        ("'show: command' shows the whole example",),
        ("remove 'symbol'",),
    ),
    Case(
        "command for a YAML file",
        ("path: lesson7/config.yaml", "show: command"),
        body_line(1),
        ("not a .py file",),
        ("the .py file",),
    ),
    Case(
        "command for a file that is not a module",
        ("path: my-lesson/run.py", "show: command"),
        body_line(1),
        ("cannot be run with 'python -m'", "'examples.my-lesson.run'"),
        ("valid Python names",),
        files={"my-lesson/run.py": "print(1)\n"},
    ),
    Case(
        "command for a missing file",
        ("path: lesson7/nope.py", "show: command"),
        body_line(1),
        ("does not exist",),
        ("did you mean",),
    ),
    Case(
        "output not recorded",
        ("path: lesson7/quiet.py", "show: output"),
        body_line(2),
        ("examples/lesson7/quiet.output.txt, the recorded output of examples/lesson7/quiet.py, does not exist",),
        ("UPDATE_OUTPUTS=1 ./run test",),
        files={"lesson7/quiet.py": "print('hi')\n"},
    ),
    Case(
        "output is empty",
        ("path: lesson7/quiet.py", "show: output"),
        body_line(2),
        ("examples/lesson7/quiet.output.txt is empty",),
        ("remove the 'show: output' block",),
        files={"lesson7/quiet.py": "pass\n", "lesson7/quiet.output.txt": "\n"},
    ),
    Case(
        "title with both quotes",
        ("path: lesson7/workflow.py", 'title: it\'s "x"'),
        body_line(2),
        ("both \" and ' quotes",),
        ("drop one kind",),
    ),
    Case(
        "not UTF-8",
        ("path: latin1.txt",),
        body_line(1),
        ("examples/latin1.txt is not UTF-8",),
        ("save the file as UTF-8",),
        files={"latin1.txt": "caf\xe9\n".encode("latin-1")},
    ),
    Case(
        "options on the fence line",
        (),
        FENCE_LINE,
        ("takes no options (found 'example title=x')",),
        ("YAML body",),
        page=HEAD + "```example title=x\npath: lesson7/workflow.py\n```\n",
    ),
    Case(
        "block never closed",
        (),
        FENCE_LINE,
        ("never closed",),
        ("end it with a line holding exactly ```",),
        page=HEAD + "```example\npath: lesson7/workflow.py\n\nMore text.\n",
    ),
    Case(
        "indented block whose body is less indented",
        (),
        FENCE_LINE + 2,
        ("never closed",),
        ("indent every line of its body",),
        page=HEAD + "!!! note\n\n    ```example\npath: lesson7/workflow.py\n    ```\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_error_names_the_page_line_and_a_fix(case: Case, examples: Path) -> None:
    _write(examples, case.files)
    page = case.page if case.page is not None else HEAD + example_block(*case.body) + "\n\nAfter.\n"

    with pytest.raises(ExampleError) as caught:
        render_page(page, PAGE, examples)

    error = caught.value
    assert (error.page, error.line) == (PAGE, case.line), str(error)
    assert str(error).startswith(f"{PAGE}:{case.line}: "), str(error)
    assert ". Fix: " in str(error) and error.fix.strip()
    for part in case.message:
        assert part in error.message, f"{part!r} not in {error.message!r}"
    for part in case.fix:
        assert part in error.fix, f"{part!r} not in {error.fix!r}"


def test_error_line_counts_from_the_page_start_with_an_offset(examples: Path) -> None:
    from tested_examples.core import ExampleLibrary, ExamplesRoot

    library = ExampleLibrary(ExamplesRoot(examples))
    with pytest.raises(ExampleError) as caught:
        library.render_page(example_block("path: nope.py"), PAGE, line_offset=3)
    assert caught.value.line == 5  # 3 front-matter lines, then the fence, then 'path:'


def test_error_message_reads_as_documented() -> None:
    error = ExampleError("region 'x' not found", "add it", page="docs/lesson_7.md", line=42)
    assert str(error) == "docs/lesson_7.md:42: region 'x' not found. Fix: add it"


def _write(examples: Path, files: dict[str, str | bytes | Symlink]) -> None:
    for relpath, content in files.items():
        if isinstance(content, Symlink):
            target = examples.parent / content.target
            target.write_text("SECRET = 1\n", encoding="utf-8")
            link = examples / relpath
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(target)
        else:
            write_files(examples, {relpath: content})

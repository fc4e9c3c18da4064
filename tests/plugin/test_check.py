"""python -m tested_examples.check: shown lines ran, non-Python files have a checker, no dead example code."""

from __future__ import annotations

import json
from pathlib import Path

import coverage
import pytest

from tested_examples import check

from .conftest import write_files

SAGA = """\
# region: saga
def run(fail: bool) -> str:
    if fail:
        return "compensated"
    return "done"
# endregion: saga
"""


def snippet(file: str, lines: list[int], *, kind: str = "code", region: str | None = None, page_line: int = 7) -> dict:
    return {
        "page": "docs/lesson.md",
        "page_line": page_line,
        "file": file,
        "kind": kind,
        "lines": lines,
        "first_line": lines[0] if lines else 0,
        "last_line": lines[-1] if lines else 0,
        "region": region,
        "symbol": None,
        "highlight": [],
    }


RECORD = ".cache/tested-examples/outputs/examples/lesson/saga.output.txt.compared"  # tests/support/output_record.py


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write_files(
        tmp_path,
        {
            "examples/__init__.py": "",
            "examples/lesson/__init__.py": "",
            "examples/lesson/saga.py": SAGA,
            "examples/lesson/saga.output.txt": "done\n",
            "examples/lesson/deploy.yaml": "replicas: 2\n",
            "tests/examples/lesson/test_saga.py": (
                "from tests.support.run_example import assert_output_matches_recorded\n"
            ),
            "tests/examples/lesson/test_deploy.py": "def test_it(): pass\n",
            RECORD: '{"module": "examples.lesson.saga", "test": "tests/examples/lesson/test_saga.py::test_it"}\n',
        },
    )
    return tmp_path


def covered(root: Path, lines: list[int], extra: dict[str, list[int]] | None = None) -> Path:
    data_file = root / ".coverage"
    data_file.unlink(missing_ok=True)
    data = coverage.CoverageData(basename=str(data_file))
    data.add_lines(
        {str(root / "examples/lesson/saga.py"): lines, **{str(root / f): v for f, v in (extra or {}).items()}}
    )
    data.write()
    return data_file


def run_check(
    root: Path, snippets: list[dict], ran: list[int], inventory: str = "", extra: dict | None = None
) -> list[str]:
    write_files(root, {"tests/validated_files.toml": inventory})
    problems, _ = check.check(
        root,
        {"examples_dir": "examples", "snippets": snippets},
        covered(root, ran, extra),
        check.load_inventory(root, "tests/validated_files.toml"),
    )
    return [str(p) for p in problems]


ALL = [
    snippet("examples/lesson/saga.py", [2, 3, 4, 5], region="saga"),
    snippet("examples/lesson/saga.output.txt", [1], kind="output"),
    snippet("examples/lesson/deploy.yaml", [1]),
]
CHECKED = '[checked]\n"examples/lesson/deploy.yaml" = "tests/examples/lesson/test_deploy.py (kubernetes-validate)"\n'


def test_everything_shown_ran_and_is_used(repo: Path) -> None:
    assert run_check(repo, ALL, [2, 3, 4, 5], CHECKED) == []


def test_a_shown_line_that_never_ran_fails_naming_page_file_and_line(repo: Path) -> None:
    (problem,) = run_check(repo, ALL, [2, 3, 5], CHECKED)
    assert problem.startswith("docs/lesson.md:7: examples/lesson/saga.py line(s) 4 are shown on the page but never ran")
    assert "Fix: make a test run them (tests/examples/lesson/test_saga.py)" in problem


def test_a_line_not_shown_need_not_run(repo: Path) -> None:
    shown = [snippet("examples/lesson/saga.py", [2, 3, 5], region="saga"), *ALL[1:]]
    assert run_check(repo, shown, [2, 3, 5], CHECKED) == []


def test_a_non_python_file_needs_a_named_checker_that_exists(repo: Path) -> None:
    (problem,) = run_check(repo, ALL, [2, 3, 4, 5])
    assert "examples/lesson/deploy.yaml is shown, but it is not Python" in problem and "[checked]" in problem
    (problem,) = run_check(repo, ALL, [2, 3, 4, 5], CHECKED.replace("test_deploy", "test_gone"))
    assert "names the test 'tests/examples/lesson/test_gone.py (kubernetes-validate)', which does not exist" in problem


def test_a_recorded_output_needs_a_comparison_that_ran_in_this_suite(repo: Path) -> None:
    """An import of assert_output_matches_recorded is no proof: the record of a comparison that ran is."""
    (repo / RECORD).unlink()
    (problem,) = run_check(repo, ALL, [2, 3, 4, 5], CHECKED)
    assert problem == (
        "docs/lesson.md:7: examples/lesson/saga.output.txt is shown, but no test of this run compared it with the "
        "example's real output (no record .cache/tested-examples/outputs/examples/lesson/saga.output.txt.compared). "
        "Fix: in tests/examples/lesson/test_saga.py, run the example and call "
        "assert_output_matches_recorded(MODULE, run_example(MODULE)) (tests/support/run_example.py), then run the "
        "whole suite: ./run test"
    )


def test_the_helper_records_each_comparison_it_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support import output_record, run_example

    monkeypatch.setattr(output_record, "RECORDS", tmp_path / "outputs")
    monkeypatch.delenv("UPDATE_OUTPUTS", raising=False)
    recorded = run_example.recorded_output_path("examples.lesson7.saga")
    with pytest.raises(AssertionError):
        run_example.assert_output_matches_recorded("examples.lesson7.saga", "not what it prints\n")
    assert not (tmp_path / "outputs").exists()  # a failed comparison proves nothing
    run_example.assert_output_matches_recorded("examples.lesson7.saga", recorded.read_text(encoding="utf-8"))
    run_example.assert_output_matches_recorded("examples.lesson7.saga", recorded.read_text(encoding="utf-8"))
    record = tmp_path / "outputs" / "examples/lesson7/saga.output.txt.compared"
    lines = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    test = "tests/plugin/test_check.py::test_the_helper_records_each_comparison_it_made"
    assert lines == [{"module": "examples.lesson7.saga", "test": test}] * 2  # each comparison, none overwritten


def test_every_python_example_has_its_mirror_test(repo: Path) -> None:
    (repo / "tests/examples/lesson/test_saga.py").unlink()
    problems = run_check(repo, ALL, [2, 3, 4, 5], CHECKED)
    assert problems == [
        (
            "examples/lesson/saga.py: this Python example has no mirror test tests/examples/lesson/test_saga.py (tests "
            "mirror examples/ one to one, CONTRIBUTING.md). Fix: create tests/examples/lesson/test_saga.py, testing "
            "this module against the real dev server (fixtures client and task_queue in tests/conftest.py)"
        )
    ]


def test_a_blank_test_name_in_the_inventory_is_a_problem_not_a_crash(repo: Path) -> None:
    (problem,) = run_check(repo, ALL, [2, 3, 4, 5], '[checked]\n"examples/lesson/deploy.yaml" = "  "\n')
    assert problem.startswith("tests/validated_files.toml: [checked] examples/lesson/deploy.yaml names the test '  '")


@pytest.mark.parametrize(
    ("inventory", "message"),
    [
        ("[checked\n", "tests/validated_files.toml: cannot be read as TOML (Expected ']' at the end of a table"),
        ("checked = 3\n", 'tests/validated_files.toml: [checked] must map each "FILE" to a text.'),
        ('[support]\n"examples/x.py" = 1\n', 'tests/validated_files.toml: [support] must map each "FILE" to a text.'),
    ],
    ids=["not TOML", "not a table", "not a text"],
)
def test_an_unreadable_inventory_is_named(repo: Path, inventory: str, message: str, capsys) -> None:
    write_files(repo, {"tests/validated_files.toml": inventory, "m.json": json.dumps({"snippets": ALL})})
    assert check.main(["--root", str(repo), "--manifest", "m.json"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(message) and "Fix: " in err, err


def test_reverse_an_unused_file_or_region_fails_unless_support(repo: Path) -> None:
    write_files(
        repo,
        {
            "examples/lesson/helper.py": "X = 1\n# region: spare\nY = 2\n# endregion: spare\n",
            "tests/examples/lesson/test_helper.py": "def test_it(): pass\n",
        },
    )
    problems = run_check(repo, ALL, [2, 3, 4, 5], CHECKED)
    assert problems == [
        (
            "examples/lesson/helper.py: no page shows or runs this example file (dead teaching code?). Fix: show it on "
            "a page with an ```example block, delete it, or, if it is support code, add "
            '\'"examples/lesson/helper.py" = "why no page shows it"\' under [support] in tests/validated_files.toml'
        )
    ]
    used = [*ALL, snippet("examples/lesson/helper.py", [], kind="command")]
    (problem,) = run_check(repo, used, [2, 3, 4, 5], CHECKED)
    assert problem.startswith("examples/lesson/helper.py:2: region 'spare' is marked, but no page names it")
    whole = [*ALL, snippet("examples/lesson/helper.py", [1, 3])]  # a whole-file view shows the region's code
    assert run_check(repo, whole, [2, 3, 4, 5], CHECKED, {"examples/lesson/helper.py": [1, 3]}) == []
    support = CHECKED + '[support]\n"examples/lesson/helper.py#spare" = "kept for the next lesson"\n'
    assert run_check(repo, used, [2, 3, 4, 5], support) == []
    support = CHECKED + '[support]\n"examples/lesson/helper.py" = "imported by every example"\n'
    assert run_check(repo, ALL, [2, 3, 4, 5], support) == []


def test_stale_support_entries_fail(repo: Path) -> None:
    support = CHECKED + '[support]\n"examples/gone.py" = "x"\n"examples/lesson/saga.py#nope" = "y"\n'
    problems = run_check(repo, ALL, [2, 3, 4, 5], support)
    assert any("[support] lists examples/gone.py, which does not exist" in p for p in problems)
    assert any("[support] lists region 'nope' of examples/lesson/saga.py" in p for p in problems)


def test_main_exit_status_and_messages(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check.main(["--root", str(repo)]) == 1
    assert "no snippet manifest. Fix: run ./run test" in capsys.readouterr().err
    write_files(
        repo,
        {"m.json": json.dumps({"examples_dir": "examples", "snippets": ALL}), "tests/validated_files.toml": CHECKED},
    )
    covered(repo, [2, 3, 4, 5])
    assert check.main(["--root", str(repo), "--manifest", "m.json", "--coverage-data", ".coverage"]) == 0
    assert "tested-examples check: OK" in capsys.readouterr().out
    covered(repo, [2])
    assert check.main(["--root", str(repo), "--manifest", "m.json", "--coverage-data", ".coverage"]) == 1
    err = capsys.readouterr().err
    assert "line(s) 3-5 are shown" in err and "FAILED, 1 problem(s)" in err


def test_a_package_init_with_only_a_docstring_is_not_dead_code(repo: Path) -> None:
    write_files(repo, {"examples/lesson/__init__.py": '"""Lesson: sagas."""\n'})
    assert run_check(repo, ALL, [2, 3, 4, 5], CHECKED) == []
    write_files(repo, {"examples/lesson/__init__.py": "X = 1\n"})
    assert len(run_check(repo, ALL, [2, 3, 4, 5], CHECKED)) == 1


def test_unreached_regions_may_be_shown_without_running(repo: Path) -> None:
    unreached = CHECKED + '[unreached]\n"examples/lesson/saga.py#saga" = "a counterexample: it fails first"\n'
    assert run_check(repo, ALL, [2, 3, 5], unreached) == []
    problems = run_check(repo, ALL, [2, 3, 5], unreached.replace("#saga", "#sago"))
    assert "[unreached] lists region 'sago' of examples/lesson/saga.py, which has no such region" in problems[0]
    assert "line(s) 4 are shown on the page but never ran" in problems[1] and "[unreached]" in problems[1]

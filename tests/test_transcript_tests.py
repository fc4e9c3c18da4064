"""scripts/transcript_tests.py: which example tests ./run test runs on the external clusters, and the proof
that none which compared a recorded output was left out."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "transcript_tests.py"
_spec = importlib.util.spec_from_file_location("transcript_tests", SCRIPT)
assert _spec is not None and _spec.loader is not None
transcript_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(transcript_tests)

LESSON = dedent(
    """
    from tests.support.run_example import assert_output_matches_recorded, run_example


    def test_direct():
        assert_output_matches_recorded("examples.lesson.a", run_example("examples.lesson.a"))


    def _compare_twice(module):
        for _ in range(2):
            assert_output_matches_recorded(module, run_example(module))


    def _through_two_helpers():
        _compare_twice("examples.lesson.b")


    async def test_through_helpers(client):
        _through_two_helpers()


    def test_on_its_own_server(own_server):
        assert_output_matches_recorded("examples.lesson.a", run_example("examples.lesson.a", env=own_server().env))


    def test_compares_nothing():
        assert run_example("examples.lesson.a")
    """
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "tests/examples/lesson").mkdir(parents=True)
    (tmp_path / "tests/examples/lesson/test_a.py").write_text(LESSON, encoding="utf-8")
    (tmp_path / "tests/examples/lesson/test_b.py").write_text("def test_b():\n    pass\n", encoding="utf-8")
    return tmp_path


def test_the_tests_that_compare_a_recording_are_listed_helpers_included(repo: Path) -> None:
    assert transcript_tests.transcript_tests(repo / "tests/examples", repo) == [
        "tests/examples/lesson/test_a.py::test_direct",
        "tests/examples/lesson/test_a.py::test_through_helpers",
    ]
    assert transcript_tests.own_server_tests(repo / "tests/examples", repo) == {
        "tests/examples/lesson/test_a.py::test_on_its_own_server"
    }


def test_verify_names_a_test_that_compared_but_ran_in_no_lane_and_one_that_compared_nothing() -> None:
    listed = {"t.py::test_listed", "t.py::test_idle"}
    compared = {"t.py::test_listed", "t.py::test_missed", "t.py::test_own"}
    problems = transcript_tests.unlisted_or_idle(listed, compared, frozenset({"t.py::test_own"}))
    assert [problem.split(":", 3)[:3] for problem in problems] == [
        ["t.py", "", "test_missed"],
        ["t.py", "", "test_idle"],
    ]
    assert "no external-cluster lane ran it" in problems[0]
    assert "compared no recorded output in the main run" in problems[1]
    assert transcript_tests.unlisted_or_idle(listed - {"t.py::test_idle"}, compared, frozenset({"t.py::test_own"}))[
        0
    ].startswith("t.py::test_missed")


def test_verify_reads_every_comparison_of_a_shared_recording(tmp_path: Path) -> None:
    # Two tests compared the same recording: both count (a record kept only the last would hide one).
    record = tmp_path / "examples/lesson/a.output.txt.compared"
    record.parent.mkdir(parents=True)
    lines = [{"module": "examples.lesson.a", "test": f"tests/examples/lesson/test_a.py::{name}"} for name in "xy"]
    record.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert transcript_tests.compared_in_run(tmp_path) == {
        "tests/examples/lesson/test_a.py::x",
        "tests/examples/lesson/test_a.py::y",
    }


def test_lanes_keep_each_file_whole_and_use_every_lane() -> None:
    tests = [f"{name}.py::test_{n}" for name, count in (("a", 3), ("b", 2), ("c", 2), ("d", 1)) for n in range(count)]
    split = transcript_tests.lanes(tests, 2)
    assert sorted(test for lane in split for test in lane) == sorted(tests)
    assert [sorted({test.split("::")[0] for test in lane}) for lane in split] == [["a.py", "d.py"], ["b.py", "c.py"]]


def test_the_course_lists_its_transcript_tests_and_leaves_out_those_on_their_own_server(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--lanes", "2", str(tmp_path)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    listed = [line for lane in sorted(tmp_path.glob("lane-*.txt")) for line in lane.read_text().split()]
    assert len(listed) == len(set(listed)) > 50
    assert "tests/examples/lesson7/test_saga.py::test_example_runs_on_its_own_and_prints_the_recorded_output" in listed
    # Its recording is also compared by a test on a server of its own: this one still runs on the clusters.
    assert (
        "tests/examples/lesson4/test_first_workflow.py::test_example_runs_on_its_own_and_prints_the_recorded_output"
        in listed
    )
    assert not [test for test in listed if "test_start_server.py" in test]

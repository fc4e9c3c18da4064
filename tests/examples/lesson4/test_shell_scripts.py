"""examples/lesson4/*.sh pass shellcheck. Both also run: start_server.sh in
test_start_server.py and test_inspect_run.py, cli.sh in test_worker.py."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.examples.lesson4.conftest import LESSON

SHELLCHECK = str(Path(sys.executable).parent / "shellcheck")
SCRIPTS = sorted(LESSON.glob("*.sh"))


def test_the_lesson_ships_its_scripts():
    assert [p.name for p in SCRIPTS] == ["cli.sh", "start_server.sh"]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_shellcheck_finds_nothing(script):
    proc = subprocess.run([SHELLCHECK, "--severity=style", str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr

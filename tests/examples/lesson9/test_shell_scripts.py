"""examples/lesson9/*.sh: every shell snippet passes shellcheck.

Each script also runs where it can: dev_server.sh in test_dev_server.py,
check_backlog.sh in test_backlog.py. scale_workers.sh needs kubectl and a
cluster, so it is only checked here.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.examples.lesson9.conftest import LESSON

SHELLCHECK = str(Path(sys.executable).parent / "shellcheck")
SCRIPTS = sorted(LESSON.glob("*.sh"))


def test_the_lesson_ships_its_scripts():
    assert [p.name for p in SCRIPTS] == ["check_backlog.sh", "dev_server.sh", "scale_workers.sh"]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_shellcheck_finds_nothing(script):
    proc = subprocess.run(
        [SHELLCHECK, "--severity=style", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_shellcheck_catches_the_sources_unquoted_variable(tmp_path):
    # The quiz's script ran: temporal operator task-queue describe --task-queue $QUEUE
    script = tmp_path / "source.sh"
    script.write_text("#!/bin/sh\ntemporal task-queue describe --task-queue $QUEUE\n")
    proc = subprocess.run([SHELLCHECK, str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "SC2086" in proc.stdout

"""examples/lesson9/Dockerfile: linted with hadolint; it runs the worker module as PID 1."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from tests.examples.lesson9.conftest import LESSON, ROOT

HADOLINT = str(Path(sys.executable).parent / "hadolint")
DOCKERFILE = LESSON / "Dockerfile"


def hadolint(path: Path) -> subprocess.CompletedProcess:
    # Fail on any finding, including "info" and "style".
    return subprocess.run(
        [HADOLINT, "--no-color", "--failure-threshold", "style", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_hadolint_finds_nothing():
    proc = hadolint(DOCKERFILE)
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout + proc.stderr


def test_hadolint_catches_a_shell_form_cmd(tmp_path):
    # Shell form runs /bin/sh as PID 1, which does not pass SIGTERM on to Python.
    broken = tmp_path / "Dockerfile"
    broken.write_text(
        DOCKERFILE.read_text().replace(
            'CMD ["python", "-m", "examples.lesson9.worker"]', "CMD python -m examples.lesson9.worker"
        )
    )
    assert "DL3025" in hadolint(broken).stdout


def test_the_image_runs_the_worker_module_and_copies_what_it_needs():
    text = DOCKERFILE.read_text()
    (cmd,) = re.findall(r"^CMD (.*)$", text, re.M)
    assert cmd == '["python", "-m", "examples.lesson9.worker"]'
    assert importlib.util.find_spec("examples.lesson9.worker") is not None
    for source in re.findall(r"^COPY (\S+)", text, re.M):
        assert (ROOT / source).exists(), source
    python = re.search(r"^FROM python:(\d+\.\d+)", text, re.M).group(1)
    assert python == f"{sys.version_info.major}.{sys.version_info.minor}"

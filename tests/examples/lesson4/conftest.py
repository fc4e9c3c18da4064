"""Lesson 4 fixtures: a Temporal dev server of the test's own, started the way the lesson does.

``own_server(db_file, ui=...)`` runs ``examples/lesson4/start_server.sh`` (the
``temporal server start-dev`` a learner runs) on free local ports, waits until
it answers, and returns a ``Server``; every server started is killed, with its
process group, at the end of the test whatever happened.
"""

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from examples.connect import installed_binary

ROOT = Path(__file__).resolve().parents[3]
LESSON = ROOT / "examples" / "lesson4"
BIN_DIR = str(Path(installed_binary("temporal")).parent)


def free_port(*taken: int) -> int:
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in taken:
            return port


@dataclass
class Server:
    process: subprocess.Popen
    address: str  # host:port of the gRPC frontend, as TEMPORAL_ADDRESS takes it
    ui_url: str | None
    env: dict[str, str]  # the environment a learner's shell would have: PATH, TEMPORAL_ADDRESS

    def stop(self) -> None:
        """Stop the server as Ctrl-C does, and wait until it has exited."""
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)


def wait_healthy(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"the dev server exited with {server.process.returncode}")
        health = subprocess.run(
            ["temporal", "operator", "cluster", "health"],
            env=server.env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        if health.returncode == 0 and "SERVING" in health.stdout:
            return
        time.sleep(0.3)
    raise AssertionError(f"the dev server on {server.address} did not answer within {timeout}s")


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def start(db_file: Path, *, ui: bool = False, port: int | None = None, namespace: str | None = None) -> Server:
        port = port or free_port()
        args = ["--ip", "127.0.0.1", "--port", str(port), "--log-level", "error"]
        if namespace:
            args += ["--namespace", namespace]
        ui_url = None
        if ui:
            ui_port = free_port(port)
            args += ["--ui-port", str(ui_port)]
            ui_url = f"http://127.0.0.1:{ui_port}"
        else:
            args.append("--headless")
        # A learner's shell: no TEMPORAL_* of another cluster, temporal on PATH.
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEMPORAL_")}
        env |= {
            "PATH": f"{BIN_DIR}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "TEMPORAL_ADDRESS": f"127.0.0.1:{port}",
            "TEMPORAL_DB_FILE": str(db_file),
        }
        with (tmp_path / f"server-{port}.log").open("wb") as log:  # the child keeps its own copy
            process = subprocess.Popen(
                ["sh", str(LESSON / "start_server.sh"), *args],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed at teardown
            )
        server = Server(process, f"127.0.0.1:{port}", ui_url, env)
        started.append(server)
        wait_healthy(server)
        return server

    yield start
    for server in started:
        if server.process.poll() is None:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=30)

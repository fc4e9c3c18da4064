"""Lesson 9 fixtures: real processes (workers, dev servers) that tests start, signal and kill.

Every process is started in its own process group and killed at teardown,
whatever the test did. Waiting is on events (a line the process prints, a
process exit) or, for readiness, bounded polling with a deadline.
"""

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from temporalio.client import Client

from examples.connect import installed_binary
from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[3]
LESSON = ROOT / "examples" / "lesson9"


class Proc:
    """A subprocess whose stdout lines are collected as they arrive."""

    def __init__(self, name: str, process: asyncio.subprocess.Process, stderr_path: Path) -> None:
        self.name = name
        self.process = process
        self.stderr_path = stderr_path
        self.lines: list[str] = []
        self._new_line = asyncio.Condition()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout
        while line := await self.process.stdout.readline():
            async with self._new_line:
                self.lines.append(line.decode().rstrip("\n"))
                self._new_line.notify_all()
        async with self._new_line:
            self._new_line.notify_all()

    @property
    def stdout(self) -> str:
        return "".join(line + "\n" for line in self.lines)

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    async def expect(self, text: str, timeout: float = 30) -> str:
        """Wait for a printed line containing ``text``; fail if the process ends first."""

        def found() -> str | None:
            return next((line for line in self.lines if text in line), None)

        async def wait() -> str:
            async with self._new_line:
                while (line := found()) is None:
                    if self._reader.done():
                        raise AssertionError(
                            f"{self.name} ended before printing {text!r}\n--- stdout\n{self.stdout}--- stderr\n{self.stderr}"
                        )
                    await self._new_line.wait()
                return line

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"{self.name} did not print {text!r} within {timeout}s\n--- stdout\n{self.stdout}--- stderr\n{self.stderr}"
            ) from None

    def signal(self, sig: int) -> None:
        os.killpg(self.process.pid, sig)

    async def wait(self, timeout: float = 60) -> int:
        code = await asyncio.wait_for(self.process.wait(), timeout)
        await self._reader
        return code

    def assert_clean_exit(self) -> None:
        code = self.process.returncode
        assert code == 0, f"{self.name} exited {code}\n--- stdout\n{self.stdout}--- stderr\n{self.stderr}"

    def kill_group(self) -> None:
        if self.process.returncode is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture
async def spawn(tmp_path: Path) -> AsyncIterator[Callable[..., "asyncio.Future[Proc]"]]:
    """``await spawn(name, *argv, env={...})`` starts a process that is always killed at teardown."""
    procs: list[Proc] = []

    async def start(name: str, *argv: str, env: dict[str, str] | None = None) -> Proc:
        stderr_path = tmp_path / f"{name}.stderr.txt"
        with stderr_path.open("wb") as stderr:
            process = await asyncio.create_subprocess_exec(
                *argv,
                cwd=ROOT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=stderr,
                start_new_session=True,  # its own process group: we signal the whole group
            )
        proc = Proc(name, process, stderr_path)
        procs.append(proc)
        return proc

    try:
        yield start
    finally:
        for proc in procs:
            proc.kill_group()
        for proc in procs:
            try:
                await asyncio.wait_for(proc.process.wait(), 10)
                await asyncio.wait_for(proc._reader, 10)
            except (TimeoutError, ProcessLookupError):
                pass


@pytest.fixture
def worker_env(client: Client, task_queue: str, tmp_path: Path) -> dict[str, str]:
    """Environment for ``python -m examples.lesson9.worker`` against the test dev server."""
    return {
        "TEMPORAL_ADDRESS": client.service_client.config.target_host,
        "TEMPORAL_NAMESPACE": client.namespace,
        "TASK_QUEUE": task_queue,
        "HEALTH_HOST": "127.0.0.1",
        "HEALTH_PORT": str(free_port()),
        "PAYMENTS_DB": str(tmp_path / "payments.db"),
        "PAYMENT_API_KEY": "sk_test_lesson9",
    }


def python_module(module: str) -> list[str]:
    return [sys.executable, "-m", module]


def temporal_cli() -> str:
    return installed_binary("temporal")


async def poll_until(check: Callable, timeout: float, what: str, interval: float = 0.1):
    """Bounded polling for states no event announces (readiness, a file's content)."""
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if asyncio.iscoroutine(result):
                result = await result
            if result:
                return result
        except Exception as err:  # not ready yet
            last_error = err
        await asyncio.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last error: {last_error!r})")


async def start_dev_server(spawn, port: int, db_file: Path | None) -> tuple[Proc, Client]:
    """A dev server of our own: through dev_server.sh with a database file, or plain in-memory."""
    bin_dir = str(Path(installed_binary("temporal")).parent)
    args = ["--headless", "--ip", "127.0.0.1", "--port", str(port), "--log-level", "warn"]
    if db_file is None:  # the control: plain start-dev, in-memory
        server = await spawn("dev-server", installed_binary("temporal"), "server", "start-dev", *args)
    else:
        env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "TEMPORAL_DB_FILE": str(db_file)}
        server = await spawn("dev-server", "sh", str(LESSON / "dev_server.sh"), *args, env=env)

    async def healthy() -> Client:
        client = await Client.connect(f"127.0.0.1:{port}")
        assert await client.service_client.check_health()
        return client

    client = await poll_until(healthy, 30, f"the dev server on port {port}", interval=0.2)
    return server, client

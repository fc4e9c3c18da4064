"""Run an example the way a learner does (``python -m examples.<...>``) and check what it prints.

A learner runs ``python -m examples.lesson7.saga`` from the repository root in a
terminal, and sees its stdout and its stderr together, in order. So does every
example test: ``run_example`` starts the module in a pseudo-terminal (80 columns,
as a default terminal window), with the environment of the test run and nothing
added, and returns what the terminal showed, after checking that it exited 0.

The output a page shows under an example is the file ``<module>.output.txt``
next to the example. It is written by the test run (``UPDATE_OUTPUTS=1 ./run test``),
never by hand, and every normal run fails with a diff when the example's real
output no longer matches it. What a terminal adds is left out of both: its
line ends are ``\\n`` (not ``\\r\\n``) and colours are removed.
"""

import contextlib
import difflib
import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.support.output_record import record_comparison

ROOT = Path(__file__).resolve().parents[2]
COLUMNS, LINES = 80, 24
_COLOURS = re.compile(r"\x1b\[[0-9;]*m")
# What CPython prints when a native thread reaches into it while it finalizes (sdk-python#300).
_FINALIZING_CRASH = re.compile(r"^Fatal Python error: .*\n(?:.*\n)?Python runtime state: finalizing", re.MULTILINE)


class CrashedAtExit(AssertionError):
    """The process did its work, then died while Python shut down: a native thread of
    the SDK reached into the interpreter as it finalized (temporalio/sdk-python#300, open).
    ``examples.connect.stop_sdk_threads`` prevents it when nothing still holds those threads."""


class CrashedAtExitWarning(UserWarning):
    """An example crashed at exit (``CrashedAtExit``) and passed when run once more."""


def recorded_output_path(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".output.txt")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextlib.contextmanager
def _sigint_reaches_child() -> Iterator[Callable[[], None] | None]:
    """What a child started inside needs so that a learner's Ctrl-C reaches it: SIGINT
    neither blocked in the starting thread (a child keeps the signal mask it was started
    with, across ``exec``) nor ignored (see :func:`_sigint_not_ignored`)."""
    blocked = signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        with _sigint_not_ignored() as preexec:
            yield preexec
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


@contextlib.contextmanager
def _sigint_not_ignored() -> Iterator[Callable[[], None] | None]:
    """What a child started inside needs so that a learner's Ctrl-C reaches it.

    A suite started as a background job of a non-interactive shell (``./run test &``,
    as CI runners and scripts do) inherits SIGINT ignored, and so would every child:
    Python keeps an inherited "ignore", so ``Terminal.signal(SIGINT)`` did nothing and
    the example ran on until the test's timeout. A handled signal is reset to its
    default action by ``exec``, so the main thread handles SIGINT while the child
    starts (no ``preexec_fn``, which is unsafe in a process with threads); from
    another thread, where Python cannot change a handler, ``preexec_fn`` does it.
    """
    if signal.getsignal(signal.SIGINT) != signal.SIG_IGN:
        yield None
    elif threading.current_thread() is not threading.main_thread():
        yield _default_sigint
    else:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            yield None
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def _environment(extra: dict[str, str] | None) -> dict[str, str]:
    """The test run's environment plus ``extra``; a run pointed at another server
    (``extra`` names a TEMPORAL_ADDRESS) takes none of the run's other TEMPORAL_*
    settings (namespace, TLS, API key), which belong to the suite's cluster."""
    base = dict(os.environ)
    if extra and "TEMPORAL_ADDRESS" in extra:
        base = {k: v for k, v in base.items() if not k.startswith("TEMPORAL_")}
    return {**base, **(extra or {})}


class Terminal:
    """``python -m <module>`` running in a terminal of its own (a pseudo-terminal), as a learner starts it.

    Everything the process writes, to stdout or stderr, lands on the terminal in
    the order it was written; ``output`` is what the terminal shows so far.
    """

    def __init__(self, module: str, *, env: dict[str, str] | None = None) -> None:
        self.module = module
        master, terminal = pty.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        with _sigint_reaches_child() as preexec:  # a learner's Ctrl-C works, however the suite was started
            self.process = subprocess.Popen(
                [sys.executable, "-m", module],
                cwd=ROOT,
                env=_environment(env),
                stdin=terminal,
                stdout=terminal,
                stderr=terminal,
                start_new_session=True,  # its own process group, which signal() and kill() reach
                preexec_fn=preexec,
            )
        os.close(terminal)
        self._master = master
        self._shown = bytearray()
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, name=f"terminal of {module}", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO: every process holding the terminal has exited
                data = b""
            with self._changed:
                if not data:
                    os.close(self._master)
                    self._master = -1
                    self._changed.notify_all()
                    return
                self._shown += data
                self._changed.notify_all()

    @property
    def output(self) -> str:
        with self._changed:
            text = self._shown.decode(errors="replace")
        return _COLOURS.sub("", text.replace("\r\n", "\n"))

    def wait_for(self, text: str, timeout: float = 30) -> None:
        """Block until the terminal shows ``text``; fail if the process ends first, or after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while text not in self.output:
                left = deadline - time.monotonic()
                if self._master == -1 or left <= 0:
                    why = "ended" if self._master == -1 else f"ran {timeout}s"
                    raise AssertionError(f"python -m {self.module} {why} without showing {text!r}:\n{self.output}")
                self._changed.wait(left)

    def signal(self, sig: int) -> None:
        os.killpg(self.process.pid, sig)

    def wait(self, timeout: float = 120) -> int:
        """Wait for the process to exit and the terminal to show all it wrote; its exit status."""
        code = self.process.wait(timeout)
        self._reader.join(10)
        return code

    def finish(self, timeout: float = 120) -> str:
        """Wait for the process to exit; fail unless it exited 0. Returns what the terminal showed."""
        try:
            code = self.wait(timeout)
        except subprocess.TimeoutExpired:
            signals = self._signal_state()
            self.kill()
            raise AssertionError(
                f"python -m {self.module} still ran after {timeout}s ({signals}):\n{self.output}"
            ) from None
        if code != 0:
            ended = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited {code}"
            crashed_at_exit = code in (-signal.SIGABRT, -signal.SIGSEGV) and _FINALIZING_CRASH.search(self.output)
            failure = CrashedAtExit if crashed_at_exit else AssertionError
            raise failure(f"python -m {self.module} {ended}:\n{self.output}")
        return self.output

    def _signal_state(self) -> str:
        """The process's blocked and ignored signals as the kernel reports them: why a signal did nothing."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text().splitlines()
        except OSError:
            return "signal state unknown"
        return ", ".join(line.replace("\t", " ") for line in status if line.startswith(("SigBlk", "SigIgn")))

    def kill(self) -> None:
        """Stop the process and its children, whatever state they are in (for test teardown)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it has just exited
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def run_example(module: str, *, timeout: float = 120, env: dict[str, str] | None = None) -> str:
    """Run ``python -m module`` from the repository root in a terminal; return what it showed.

    Fails unless it exits 0; an example that crashed while Python shut down after its
    work (``CrashedAtExit``, an SDK bug) is run once more, with a warning in the test
    report. ``env`` is only for what a test must isolate from
    other runs on the same machine (a port, a database file): a page that shows
    the output says so when it differs from a plain run.
    """
    try:
        return _run_once(module, timeout, env)
    except CrashedAtExit as crash:
        # An SDK bug, not the example's: run it once more, and say so in the test report.
        # A second crash fails the test.
        warnings.warn(CrashedAtExitWarning(f"{crash}\n(sdk-python#300) ran it once more"), stacklevel=2)
    return _run_once(module, timeout, env)


def _run_once(module: str, timeout: float, env: dict[str, str] | None) -> str:
    terminal = Terminal(module, env=env)
    try:
        return terminal.finish(timeout)
    finally:
        terminal.kill()


def assert_output_matches_recorded(module: str, output: str) -> None:
    """Compare with the recorded output shown on the page; UPDATE_OUTPUTS=1 re-records it."""
    path = recorded_output_path(module)
    if os.environ.get("UPDATE_OUTPUTS") == "1":
        path.write_text(output, encoding="utf-8")
        record_comparison(path, module)
        return
    if not path.exists():
        raise AssertionError(f"{path.relative_to(ROOT)} is missing: record it with UPDATE_OUTPUTS=1 ./run test")
    recorded = path.read_text(encoding="utf-8")
    if output != recorded:
        diff = "".join(
            difflib.unified_diff(
                recorded.splitlines(keepends=True),
                output.splitlines(keepends=True),
                fromfile=f"{path.relative_to(ROOT)} (shown on the page)",
                tofile=f"python -m {module} (this run)",
            )
        )
        raise AssertionError(
            "the example's output changed; if the change is intended, re-record it "
            f"with UPDATE_OUTPUTS=1 ./run test\n{diff}"
        )
    record_comparison(path, module)

"""Run every example many times, as a learner does, and count the runs that crashed.

A crash is a run that did not exit 0: a non-zero exit status, or a signal (the
SIGABRT of "Fatal Python error: PyGILState_Release", a SIGSEGV). Each run is
``python -m examples.<...>`` in a terminal of its own (``tests/support/run_example.py``),
from the repository root, with this process's environment. The Lesson 9 worker,
which runs until stopped, is started, stopped with SIGTERM once it polls, and
must exit 0 too. Not a test: it takes minutes, and the figures are what matters::

    .venv/bin/python scripts/stress_examples.py                    # 20 runs of each
    .venv/bin/python scripts/stress_examples.py --runs 5 lesson9.lookups lesson9.backlog
    .venv/bin/python scripts/stress_examples.py --jobs 1           # one run at a time

Runs go two at a time by default (``--jobs``), never two of the same example at
once (some use a fixed port or file, as a learner's single run may). It prints
one line per example: crashes out of runs, then how they ended; ``output != page``
counts the clean runs whose output differs from the page's recorded transcript.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.run_example import Terminal, recorded_output_path  # noqa: E402

WORKER = "examples.lesson9.worker"  # runs until stopped


def all_examples() -> list[str]:
    """Every example that has a recorded output (a transcript some page shows)."""
    found = sorted(ROOT.glob("examples/**/*.output.txt"))
    return [".".join(p.relative_to(ROOT).with_suffix("").with_suffix("").parts) for p in found]


def run_once(module: str) -> tuple[str, bool]:
    """One run: how it ended ("ok", "exit 1", "SIGABRT", ...) and whether it printed the page's output."""
    terminal = Terminal(module)
    try:
        if module == WORKER:
            terminal.wait_for("worker: polling for tasks", timeout=60)
            terminal.signal(signal.SIGTERM)
        code = terminal.wait(300)
    except Exception as err:  # a hang, or the worker never polled
        terminal.kill()
        return f"failed: {str(err).splitlines()[0]}", False
    finally:
        terminal.kill()
    if code == 0:
        ended = "ok"
    elif code < 0:
        ended = signal.Signals(-code).name
    else:
        ended = f"exit {code}"
    same = module == WORKER or terminal.output == recorded_output_path(module).read_text()
    return ended, same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("examples", nargs="*", help="e.g. lesson9.lookups (default: every example)")
    parser.add_argument("--runs", type=int, default=20, help="runs of each example (default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="runs at the same time (default 2)")
    args = parser.parse_args()
    modules = [f"examples.{name.removeprefix('examples.')}" for name in args.examples] or all_examples()

    # Round-robin order: the runs of one example are spread over the whole session.
    pending = [module for _ in range(args.runs) for module in modules]
    running: set[str] = set()
    endings: dict[str, Counter[str]] = {module: Counter() for module in modules}
    differs: Counter[str] = Counter()
    lock = threading.Lock()

    def next_run() -> Iterator[str]:
        while True:
            with lock:
                if not pending:
                    return
                module = next((m for m in pending if m not in running), None)
                if module is not None:
                    pending.remove(module)
                    running.add(module)
            if module is None:
                time.sleep(0.1)  # only runs of examples already running are left
                continue
            yield module

    def work() -> None:
        for module in next_run():
            ended, same = run_once(module)
            with lock:
                running.discard(module)
                endings[module][ended] += 1
                differs[module] += ended == "ok" and not same
                done = sum(sum(c.values()) for c in endings.values())
                if ended != "ok":
                    print(f"  run {done}: python -m {module}: {ended}", flush=True)
                elif done % 50 == 0:
                    print(f"  {done} runs, {(time.monotonic() - started) / 60:.1f} min", flush=True)

    started = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(args.jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    width = max(len(m) for m in modules)
    print(f"{'example':<{width}}  crashes  how they ended{' ' * 14}output != page")
    for module in modules:
        crashes = args.runs - endings[module]["ok"]
        how = ", ".join(f"{n} {ended}" for ended, n in sorted(endings[module].items()) if ended != "ok") or "-"
        print(f"{module:<{width}}  {crashes:>3}/{args.runs:<3}  {how:<28} {differs[module]:>3}")
    total = sum(args.runs - endings[m]["ok"] for m in modules)
    minutes = (time.monotonic() - started) / 60
    print(f"{total} crashes in {args.runs * len(modules)} runs of {len(modules)} examples ({minutes:.1f} min)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())

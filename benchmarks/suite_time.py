"""How long ``./run test`` takes for the whole course, phase by phase (issue 16: under 3 minutes).

Not a test (timings depend on the machine and on what else runs on it); run it by hand:

    .venv/bin/python benchmarks/suite_time.py            # runs ./run test itself (many minutes)
    .venv/bin/python benchmarks/suite_time.py --junit    # only the slowest tests of the last .cache/junit.xml
    .venv/bin/python benchmarks/suite_time.py --junit path/to/junit.xml   # or of another run's

It runs ``./run test`` exactly as CI does (``.ci/run``) and reads the phase
markers ``./run test`` prints (lines starting with ``==> ``). At each marker it
samples the wall clock and the CPU time (user + system) that the ``./run``
process and every child it has waited for have used so far (``/proc/<pid>/stat``;
a phase's children are waited for when the phase ends), so each phase gets its
wall and CPU time. Then it prints the 15 slowest tests of ``.cache/junit.xml``
(setup, call and teardown, as pytest reports them) and the load average: on a
shared machine a wall time means little without the CPU time and the load beside it.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUNIT = ROOT / ".cache" / "junit.xml"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_so_far(pid: int) -> float:
    """CPU seconds of ``pid`` and its waited-for children (utime, stime, cutime, cstime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / TICKS


@dataclass
class Phase:
    name: str
    wall: float = 0.0
    cpu: float = 0.0


def run_suite(command: list[str]) -> tuple[list[Phase], int, float, float]:
    """Run ``command``, echoing it; the phases, its exit status, total wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    phases = [Phase("start-up (venv check)")]
    mark_wall, mark_cpu = start, 0.0
    for raw in proc.stdout:
        line = raw.decode(errors="replace")
        sys.stdout.write(line)
        sys.stdout.flush()
        if line.startswith("==> "):
            now = time.monotonic()
            try:
                cpu = cpu_so_far(proc.pid)
            except (FileNotFoundError, ProcessLookupError):
                cpu = mark_cpu
            phases[-1].wall, phases[-1].cpu = now - mark_wall, cpu - mark_cpu
            mark_wall, mark_cpu = now, cpu
            phases.append(Phase(line[4:].strip()[:70]))
    status = proc.wait()
    end = time.monotonic()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    phases[-1].wall, phases[-1].cpu = end - mark_wall, total_cpu - mark_cpu
    return phases, status, end - start, total_cpu


def slowest_tests(junit: Path, count: int = 15) -> list[tuple[float, str]]:
    cases = [
        (float(case.get("time", 0)), f"{case.get('classname')}::{case.get('name')}")
        for case in ET.parse(junit).iter("testcase")
    ]
    return sorted(cases, reverse=True)[:count]


def junit_summary(junit: Path) -> None:
    cases = list(ET.parse(junit).iter("testcase"))
    total = sum(float(case.get("time", 0)) for case in cases)
    shown = junit.relative_to(ROOT) if junit.is_relative_to(ROOT) else junit
    print(f"\n{shown}: {len(cases)} tests, {total:.0f} s summed over tests (all workers)")
    print(f"the {min(15, len(cases))} slowest (s):")
    for seconds, name in slowest_tests(junit):
        print(f"  {seconds:7.1f}  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--junit", nargs="?", const=JUNIT, type=Path, help="only summarise a junit file (default .cache/junit.xml)"
    )
    args = parser.parse_args()
    if args.junit:
        junit_summary(args.junit.resolve())
        return 0
    load_before = os.getloadavg()
    phases, status, wall, cpu = run_suite(["./run", "test"])
    load_after = os.getloadavg()
    print(f"\n./run test exited {status}")
    print(f"{'phase (marker printed by ./run test)':<72} {'wall s':>8} {'cpu s':>8}")
    for phase in phases:
        print(f"{phase.name:<72} {phase.wall:8.1f} {phase.cpu:8.1f}")
    print(f"{'total':<72} {wall:8.1f} {cpu:8.1f}")
    print(f"goal: wall < 180 s on this machine ({os.cpu_count()} cores): {'met' if wall < 180 else 'not met'}")
    print("load average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}".format(*load_before))
    print("load average (1, 5, 15 min) after:  {:.2f} {:.2f} {:.2f}".format(*load_after))
    if JUNIT.exists():
        junit_summary(JUNIT)
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Print a Markdown summary of a JUnit XML report: the counts, then every failed test.

CI appends it to the job summary, so a contributor sees which test failed, and
why, on the pull request's page::

    python scripts/junit_summary.py .cache/junit.xml >> "$GITHUB_STEP_SUMMARY"
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

FIRST_LINES = 3  # of each failure's message, enough to see what broke


def summary(report: Path) -> str:
    if not report.exists():
        return f"No test report at `{report}`: the suite did not get as far as pytest (see the log above).\n"
    root = ET.parse(report).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    counts = {key: sum(int(s.get(key, 0)) for s in suites) for key in ("tests", "failures", "errors", "skipped")}
    total = f"{counts['tests']} tests: {counts['failures']} failed, {counts['errors']} errors"
    lines = [f"**{total}, {counts['skipped']} skipped**", ""]
    failed = [
        (case, problem) for case in root.iter("testcase") for problem in case if problem.tag in ("failure", "error")
    ]
    if failed:
        lines += ["| test | what happened |", "| --- | --- |"]
        for case, problem in failed:
            name = f"{case.get('classname', '')}::{case.get('name', '')}"
            message = (problem.get("message") or problem.text or "").strip().splitlines()[:FIRST_LINES]
            cell = "<br>".join(line.replace("|", "\\|") for line in message)
            lines.append(f"| `{name}` | {cell} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(summary(Path(sys.argv[1] if len(sys.argv) > 1 else ".cache/junit.xml")))

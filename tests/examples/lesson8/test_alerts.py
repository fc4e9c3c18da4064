"""examples/lesson8/alerts.yml: valid for Prometheus, does what it says, and names only metrics that exist.

- ``promtool check rules`` (Prometheus' own checker, Debian package ``prometheus``);
- ``promtool test rules alerts_test.yml``: each alert fires on the series it
  should and stays quiet on the others;
- every metric and every grouping label in the expressions was scraped from a
  worker's SDK endpoint (``temporal_*``) or the server's (the rest), by the
  ``scraped`` fixture.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.run_example import ROOT

RULES = ROOT / "examples" / "lesson8" / "alerts.yml"
UNIT_TESTS = Path(__file__).parent / "alerts_test.yml"

PROMQL_WORDS = {
    "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
    "quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
    "bool", "offset",
}  # fmt: skip
LABEL_LISTS = r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)"


def promtool(*args: str) -> subprocess.CompletedProcess:
    path = shutil.which("promtool")
    assert path, "promtool not found: install Debian's 'prometheus' package (apt-get install prometheus)"
    return subprocess.run([path, *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects (not functions, keywords or labels)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # string literals
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # range durations
    expr = re.sub(LABEL_LISTS, "", expr)  # by (...), on (...)
    names = set()
    for match in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
        followed_by_call = expr[match.end() :].lstrip().startswith("(")
        if match.group() not in PROMQL_WORDS and not followed_by_call:
            names.add(match.group())
    return names


def grouping_labels(expr: str) -> set[str]:
    return {label.strip() for labels in re.findall(LABEL_LISTS, expr) for label in labels.split(",") if label.strip()}


def alert_rules() -> list[dict]:
    return [rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]]


def test_promtool_check_rules_accepts_the_file():
    result = promtool("check", "rules", str(RULES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(alert_rules())} rules found" in result.stdout


def test_promtool_unit_tests_pass():
    result = promtool("test", "rules", str(UNIT_TESTS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_has_a_unit_test():
    tested = {
        case["alertname"]
        for test in yaml.safe_load(UNIT_TESTS.read_text())["tests"]
        for case in test["alert_rule_test"]
        if case["exp_alerts"]
    }
    assert tested == {rule["alert"] for rule in alert_rules()}


def test_the_name_extractor_finds_metrics_only():
    expr = 'histogram_quantile(0.95, sum by (le, task_queue) (rate(a_bucket{x="y"}[5m]))) > 5 and on (q) b or c'
    assert metric_names(expr) == {"a_bucket", "b", "c"}
    assert grouping_labels(expr) == {"le", "task_queue", "q"}


@pytest.mark.parametrize("rule", alert_rules(), ids=lambda rule: rule["alert"])
def test_every_metric_and_label_in_the_rule_was_scraped(scraped, rule):
    labels_seen: dict[str, set[str]] = {}
    for name, labels, _ in scraped.sdk:
        labels_seen.setdefault(("sdk", name), set()).update(labels)
    for name, labels, _ in scraped.server:
        labels_seen.setdefault(("server", name), set()).update(labels)

    names = metric_names(rule["expr"])
    assert names
    for name in names:
        # SDK metrics all start with temporal_; the server's backlog gauges don't.
        source = "sdk" if name.startswith("temporal_") else "server"
        assert (source, name) in labels_seen, f"{name} was not scraped from the {source}"
        missing = grouping_labels(rule["expr"]) - labels_seen[(source, name)]
        assert not missing, f"{name} has no label {missing}"

"""examples/lesson9/monitoring/alerts.yaml: a valid Prometheus rule file whose metrics really exist.

- Structure: the rule-file format (groups -> rules with alert/expr/for/labels/
  annotations only; the quiz put ``severity`` on the rule itself, which
  Prometheus rejects with "field severity not found").
- Every ``expr`` parses with a PromQL parser (promql-parser).
- Every metric an alert reads is really exported, with the labels it filters
  on: scraped live from a worker (SDK metrics) and from a dev server started
  with --metrics-port (server metrics).
"""

import re
import uuid

import aiohttp
import promql_parser
import pytest
import yaml
from temporalio.client import Client
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig
from temporalio.worker import Worker

from examples.connect import installed_binary
from examples.lesson9.backlog import ShipOrderWorkflow, ship, wait_for_backlog
from tests.examples.lesson9.conftest import LESSON, poll_until
from tests.support.ports import free_port

RULES_FILE = LESSON / "monitoring" / "alerts.yaml"
RULE_KEYS = {"alert", "expr", "for", "keep_firing_for", "labels", "annotations"}
PROMETHEUS_OWN = {"up"}  # written by Prometheus itself for every scrape target


def rules() -> list[dict]:
    document = yaml.safe_load(RULES_FILE.read_text())
    assert set(document) == {"groups"}
    found = []
    for group in document["groups"]:
        assert set(group) <= {"name", "rules", "interval", "limit"} and group["name"]
        found += group["rules"]
    return found


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r["alert"])
def test_rule_has_the_rule_file_shape_and_a_valid_expression(rule):
    assert set(rule) <= RULE_KEYS and {"alert", "expr"} <= set(rule)
    assert re.fullmatch(r"[a-zA-Z_][a-zA-Z0-9_]*", rule["alert"])
    promql_parser.parse(rule["expr"])  # raises on a syntax error
    promql_parser.parse_duration(rule["for"])
    assert rule["labels"]["severity"] in {"warning", "critical"}


def test_the_parser_rejects_a_broken_expression():
    with pytest.raises(ValueError):
        promql_parser.parse("sum(rate(temporal_activity_execution_latency_bucket[5m])")


def selectors(expr: str) -> list[tuple[str, set[str]]]:
    """(metric name, label names it matches on) for every series an expression reads."""
    found = []

    def visit(node):
        if isinstance(node, promql_parser.MatrixSelector):
            node = node.vector_selector
        if isinstance(node, promql_parser.VectorSelector):
            found.append((node.name, {m.name for m in node.matchers.matchers}))
            return
        for attr in ("expr", "lhs", "rhs", "param"):
            child = getattr(node, attr, None)
            if child is not None:
                visit(child)
        for child in getattr(node, "args", None) or []:
            visit(child)

    visit(promql_parser.parse(expr))
    return found


def test_selectors_are_found():
    assert selectors(rules()[0]["expr"]) == [("up", {"job"}), ("up", {"job"})]


def series_labels(scrape: str) -> dict[str, set[str]]:
    """metric name -> label names, from Prometheus text format."""
    metrics: dict[str, set[str]] = {}
    for line in scrape.splitlines():
        match = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ", line)
        if match:
            labels = set(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="', match.group(2) or ""))
            metrics.setdefault(match.group(1), set()).update(labels)
    return metrics


async def scrape(url: str) -> str:
    async with aiohttp.ClientSession() as session:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as response:
            return await response.text()


async def test_every_metric_the_alerts_read_is_really_exported(spawn):
    grpc_port = free_port()
    server_metrics = free_port(grpc_port)
    sdk_metrics = free_port(grpc_port, server_metrics)
    await spawn(
        "dev-server",
        installed_binary("temporal"),
        "server",
        "start-dev",
        "--headless",
        "--ip",
        "127.0.0.1",
        "--port",
        str(grpc_port),
        "--metrics-port",
        str(server_metrics),
        "--log-level",
        "warn",
    )
    runtime = Runtime(telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=f"127.0.0.1:{sdk_metrics}")))
    client = await poll_until(lambda: Client.connect(f"127.0.0.1:{grpc_port}", runtime=runtime), 30, "dev server")

    task_queue = f"orders-{uuid.uuid4()}"
    handles = [
        await client.start_workflow(ShipOrderWorkflow.run, f"o-{n}", id=f"ship-{uuid.uuid4()}", task_queue=task_queue)
        for n in range(3)
    ]
    await wait_for_backlog(client, task_queue, 3)  # a backlog for the server's backlog gauge
    async with Worker(client, task_queue=task_queue, workflows=[ShipOrderWorkflow], activities=[ship]):
        for handle in handles:
            await handle.result()
        exported = series_labels(await scrape(f"http://127.0.0.1:{sdk_metrics}/metrics"))

    needed = {
        (name, frozenset(labels))
        for rule in rules()
        for name, labels in selectors(rule["expr"])
        if name not in PROMETHEUS_OWN
    }

    async def server_has_all() -> bool:
        exported.update(series_labels(await scrape(f"http://127.0.0.1:{server_metrics}/metrics")))
        return all(name in exported for name, _ in needed)

    await poll_until(server_has_all, 30, "the server's metrics")
    for name, labels in needed:
        assert labels <= exported[name], (name, labels, exported[name])
    # The names the quiz used do not exist.
    for invented in (
        "temporal_task_queue_depth",
        "temporal_worker_task_execution_total",
        "temporal_activity_execution_latency_seconds_bucket",
    ):
        assert invented not in exported

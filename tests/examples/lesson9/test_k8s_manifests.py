"""examples/lesson9/k8s/*.yaml: valid against the Kubernetes schemas, and consistent with the code."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from examples.lesson9 import worker
from tests.examples.lesson9.conftest import LESSON

K8S = LESSON / "k8s"
MANIFESTS = sorted(K8S.glob("*.yaml"))
KUBERNETES_VERSION = "1.33.0"


def documents(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def resource(kind: str, name: str) -> dict:
    for path in MANIFESTS:
        for doc in documents(path):
            if doc["kind"] == kind and doc["metadata"]["name"] == name:
                return doc
    raise AssertionError(f"no {kind} {name} in {K8S}")


def test_the_lesson_ships_the_manifests_it_teaches():
    assert [p.name for p in MANIFESTS] == [
        "network-policy.yaml",
        "secret.yaml",
        "worker-deployment.yaml",
        "worker-hpa.yaml",
    ]


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_is_valid_against_the_kubernetes_schema(path):
    for doc in documents(path):
        # strict: unknown fields are errors too.
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_the_cli_validator_agrees():
    proc = subprocess.run(
        [
            Path(sys.executable).parent / "kubernetes-validate",
            "--strict",
            "--quiet",
            "-k",
            KUBERNETES_VERSION,
            *map(str, MANIFESTS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_validator_rejects_the_sources_worker_option_in_yaml():
    # The quiz put maxConcurrentActivityExecutionSize into a Deployment; Kubernetes
    # has no such field (it is a worker option in code: max_concurrent_activities).
    deployment = resource("Deployment", "order-worker")
    broken = {**deployment, "spec": {**deployment["spec"], "maxConcurrentActivityExecutionSize": 50}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def pod_spec() -> dict:
    return resource("Deployment", "order-worker")["spec"]["template"]["spec"]


def container_env() -> dict[str, dict]:
    (container,) = pod_spec()["containers"]
    return {e["name"]: e for e in container["env"]}


def test_grace_period_outlasts_the_workers_graceful_shutdown():
    assert timedelta(seconds=pod_spec()["terminationGracePeriodSeconds"]) > worker.GRACEFUL_SHUTDOWN


def test_probes_hit_the_endpoints_the_worker_serves():
    (container,) = pod_spec()["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    env = container_env()
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    for probe in ("livenessProbe", "readinessProbe"):
        assert ports[container[probe]["httpGet"]["port"]] == int(env["HEALTH_PORT"]["value"])
    assert env["HEALTH_HOST"]["value"] == "0.0.0.0"  # probes come from outside the pod


def test_the_secret_the_activity_reads_comes_from_the_secret_manifest():
    ref = container_env()["PAYMENT_API_KEY"]["valueFrom"]["secretKeyRef"]
    secret = resource("Secret", ref["name"])
    assert ref["key"] in secret["stringData"]
    assert "PAYMENT_API_KEY" in (LESSON / "orders.py").read_text()


def test_tls_files_come_from_the_mounted_tls_secret():
    spec = pod_spec()
    (container,) = spec["containers"]
    (mount,) = container["volumeMounts"]
    (volume,) = [v for v in spec["volumes"] if v["name"] == mount["name"]]
    secret = resource("Secret", volume["secret"]["secretName"])
    for var in ("TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_KEY_PATH", "TEMPORAL_TLS_SERVER_CA_CERT_PATH"):
        path = Path(container_env()[var]["value"])
        assert path.parent == Path(mount["mountPath"]) and path.name in secret["data"]


def test_workers_are_spread_over_nodes_and_zones():
    spec = pod_spec()
    labels = resource("Deployment", "order-worker")["spec"]["template"]["metadata"]["labels"]
    (anti,) = spec["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
    assert anti["podAffinityTerm"]["topologyKey"] == "kubernetes.io/hostname"
    assert anti["podAffinityTerm"]["labelSelector"]["matchLabels"] == labels
    (spread,) = spec["topologySpreadConstraints"]
    assert spread["topologyKey"] == "topology.kubernetes.io/zone"
    assert spread["labelSelector"]["matchLabels"] == labels


def test_autoscaler_targets_the_deployment_and_the_real_backlog_metric():
    hpa = resource("HorizontalPodAutoscaler", "order-worker")
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "order-worker"}
    external = [m["external"]["metric"] for m in hpa["spec"]["metrics"] if m["type"] == "External"]
    # The server metric and label checked live in test_alerts.py (no temporal_task_queue_depth).
    assert external == [{"name": "approximate_backlog_count", "selector": {"matchLabels": {"taskqueue": "orders"}}}]
    assert hpa["spec"]["minReplicas"] >= 2


def test_network_policy_lets_exactly_the_workers_and_the_api_reach_the_frontend():
    labels = resource("Deployment", "order-worker")["spec"]["template"]["metadata"]["labels"]
    policy = resource("NetworkPolicy", "temporal-frontend-access")
    (rule,) = policy["spec"]["ingress"]
    allowed = [peer["podSelector"]["matchLabels"] for peer in rule["from"]]
    assert labels in allowed and {"app": "order-api"} in allowed and len(allowed) == 2
    assert rule["ports"] == [{"protocol": "TCP", "port": 7233}]
    egress = resource("NetworkPolicy", "order-worker-egress")
    assert egress["spec"]["podSelector"]["matchLabels"] == labels

"""examples/lesson9/k8s/*.yaml: valid against the Kubernetes schemas, and consistent with the code."""

import ipaddress
import subprocess
import sys
from dataclasses import dataclass
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


# ---------------------------------------------------------------- network policies
# What the policies mean: a small evaluator of NetworkPolicy rules (a peer matches a
# rule when it matches one of its peers, or the rule names none; likewise ports), run
# on a table of peers a cluster really has. The sets of admitted (peer, port) pairs
# must equal exactly what the page says.


@dataclass(frozen=True)
class Peer:
    name: str
    namespace: str = ""
    labels: tuple[tuple[str, str], ...] = ()
    ip: str = ""  # a peer outside the cluster


def temporal(component: str) -> Peer:
    return Peer(
        f"temporal-{component}",
        "temporal",
        (("app.kubernetes.io/name", "temporal"), ("app.kubernetes.io/component", component)),
    )


PEERS = [
    temporal("frontend"),
    temporal("history"),
    temporal("matching"),
    temporal("worker"),
    Peer("other-chart", "shop", (("app.kubernetes.io/name", "temporal"),)),  # same label, other namespace
    Peer("order-api", "shop", (("app", "order-api"),)),
    Peer("order-worker", "shop", (("app", "order-worker"),)),
    Peer("web", "shop", (("app", "web"),)),
    Peer("prometheus", "monitoring", (("app", "prometheus"),)),
    Peer("kube-dns", "kube-system", (("k8s-app", "kube-dns"),)),
    Peer("other-kube-system-pod", "kube-system", (("k8s-app", "metrics-server"),)),
    Peer("payment-provider", ip="203.0.113.10"),
    Peer("internet", ip="8.8.8.8"),
]
PORTS = [
    ("TCP", 7233),
    ("TCP", 6933),
    ("TCP", 7234),
    ("TCP", 9090),
    ("UDP", 53),
    ("TCP", 53),
    ("TCP", 443),
    ("TCP", 80),
]


def labels_match(selector: dict, labels: dict[str, str]) -> bool:
    assert set(selector) <= {"matchLabels"}, "the evaluator knows matchLabels only"
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def peer_matches(rule_peer: dict, peer: Peer, policy_namespace: str) -> bool:
    if "ipBlock" in rule_peer:
        block = rule_peer["ipBlock"]
        return (
            bool(peer.ip)
            and ipaddress.ip_address(peer.ip) in ipaddress.ip_network(block["cidr"])
            and not any(ipaddress.ip_address(peer.ip) in ipaddress.ip_network(e) for e in block.get("except", []))
        )
    if peer.ip:
        return False
    if "namespaceSelector" in rule_peer:  # the namespace's own label, as Kubernetes sets it
        in_namespace = labels_match(rule_peer["namespaceSelector"], {"kubernetes.io/metadata.name": peer.namespace})
    else:  # no namespaceSelector: the policy's own namespace only
        in_namespace = peer.namespace == policy_namespace
    return in_namespace and labels_match(rule_peer.get("podSelector", {}), dict(peer.labels))


def admitted(policy: dict, direction: str, policy_namespace: str) -> set[tuple[str, str, int]]:
    rules = policy["spec"][direction]
    side = "from" if direction == "ingress" else "to"
    allowed = set()
    for peer in PEERS:
        for protocol, port in PORTS:
            for rule in rules:
                peers_ok = side not in rule or any(peer_matches(p, peer, policy_namespace) for p in rule[side])
                ports_ok = "ports" not in rule or any(
                    p.get("protocol", "TCP") == protocol and p.get("port", port) == port for p in rule["ports"]
                )
                if peers_ok and ports_ok:
                    allowed.add((peer.name, protocol, port))
    return allowed


def every_port(name: str) -> set[tuple[str, str, int]]:
    return {(name, protocol, port) for protocol, port in PORTS}


def test_the_frontend_admits_the_server_itself_prometheus_and_our_apps_on_grpc_only():
    policy = resource("NetworkPolicy", "temporal-frontend-access")
    # It selects the frontend pods as the Temporal Helm chart labels them.
    assert policy["spec"]["podSelector"]["matchLabels"] == dict(temporal("frontend").labels)
    assert admitted(policy, "ingress", policy["metadata"]["namespace"]) == {
        # the server's own services, on every port (gRPC, membership, ...), and
        # no pod of another namespace that happens to carry the same label
        *every_port("temporal-frontend"),
        *every_port("temporal-history"),
        *every_port("temporal-matching"),
        *every_port("temporal-worker"),
        ("prometheus", "TCP", 9090),  # metrics only
        ("order-api", "TCP", 7233),  # gRPC only
        ("order-worker", "TCP", 7233),
    }


def test_the_workers_reach_only_the_frontend_dns_and_the_payment_provider():
    policy = resource("NetworkPolicy", "order-worker-egress")
    labels = resource("Deployment", "order-worker")["spec"]["template"]["metadata"]["labels"]
    assert policy["spec"]["podSelector"]["matchLabels"] == labels
    assert admitted(policy, "egress", "shop") == {
        ("temporal-frontend", "TCP", 7233),
        ("kube-dns", "UDP", 53),
        ("kube-dns", "TCP", 53),
        ("payment-provider", "TCP", 443),
    }


def test_the_evaluator_sees_an_open_rule():
    # The fault this guards against: a rule with ports and no peers admits every peer.
    open_443 = {"spec": {"egress": [{"ports": [{"protocol": "TCP", "port": 443}]}]}}
    assert ("internet", "TCP", 443) in admitted(open_443, "egress", "shop")

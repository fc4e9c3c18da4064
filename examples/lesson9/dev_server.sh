#!/bin/sh
# Start a local Temporal dev server that keeps its state in a SQLite file, so
# workflows survive a restart or a crash of the server. Extra arguments go to
# the server, e.g.:  sh examples/lesson9/dev_server.sh --port 7233 --headless
set -eu
# region: start
exec temporal server start-dev --db-filename "${TEMPORAL_DB_FILE:-temporal.db}" "$@"
# endregion: start

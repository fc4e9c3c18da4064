"""Lesson 5: an activity's retry policy, and the errors it does not retry.

A flaky gateway times out twice, then accepts the charge: Temporal retries the
activity for us. A gateway that is down fails every attempt, until the policy's
maximum_attempts. A declined or stolen card is a permanent failure: retrying
cannot help, so it is not retried, whether the retry policy says so
(non_retryable_error_types) or the error itself does (non_retryable=True).

Run it: python -m examples.lesson5.retries
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import WorkflowFailureError
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client


@dataclass
class Payment:
    order_id: str
    amount_cents: int
    card: str  # what the stand-in gateway does: see charge_card


# region: activity
@activity.defn
async def charge_card(payment: Payment) -> str:
    attempt = activity.info().attempt  # 1, 2, 3, ...
    if payment.card == "down" or (payment.card == "flaky" and attempt < 3):
        print(f"  attempt {attempt}: gateway timeout")
        raise ConnectionError("gateway timeout")  # any exception: retried
    if payment.card == "declined":
        print(f"  attempt {attempt}: card declined")
        # Its type is in the policy's non_retryable_error_types: not retried.
        raise ApplicationError("card declined", type="CardDeclined")
    if payment.card == "stolen":
        print(f"  attempt {attempt}: card reported stolen")
        raise ApplicationError(
            "card reported stolen", type="CardStolen", non_retryable=True
        )
    print(f"  attempt {attempt}: charged {payment.amount_cents} cents")
    return f"pay-{payment.order_id}"


# endregion: activity


# region: policy
PAYMENT_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),  # wait before the first retry
    backoff_coefficient=2.0,  # then 2 s, 4 s, ...
    maximum_interval=timedelta(seconds=10),  # but never more than 10 s
    maximum_attempts=3,  # the first attempt included; 0 means no limit
    non_retryable_error_types=["CardDeclined"],  # ApplicationError.type names
)
# endregion: policy


@workflow.defn
class PaymentWorkflow:
    @workflow.run
    async def run(self, payment: Payment) -> str:
        # region: call
        return await workflow.execute_activity(
            charge_card,
            payment,
            start_to_close_timeout=timedelta(seconds=10),
            retry_policy=PAYMENT_RETRY,
        )
        # endregion: call


async def main() -> None:
    # Every payment but the first fails on purpose: one log line per failed attempt.
    expect_failures(ConnectionError, ApplicationError)
    payments = [
        Payment("R-1", 4200, card="flaky"),
        Payment("R-2", 1999, card="down"),
        Payment("R-3", 1999, card="declined"),
        Payment("R-4", 7500, card="stolen"),
    ]
    async with temporal_client() as client:
        task_queue = f"lesson5-retries-{uuid.uuid4()}"
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=[PaymentWorkflow],
            activities=[charge_card],
        ):
            for payment in payments:
                print(f"order {payment.order_id} (card {payment.card}):")
                # region: outcome
                try:
                    result = await client.execute_workflow(
                        PaymentWorkflow.run,
                        payment,
                        id=f"payment-{payment.order_id}-{uuid.uuid4()}",
                        task_queue=task_queue,
                    )
                    print(f"  => {result}")
                except WorkflowFailureError as err:
                    # The workflow failed with the activity's error, wrapped:
                    # WorkflowFailureError <- ActivityError <- ApplicationError
                    failure = err.cause
                    if isinstance(failure, ActivityError) and failure.retry_state:
                        print(f"  => failed: {failure.cause}")
                        print(f"     ({failure.retry_state.name})")
                # endregion: outcome


if __name__ == "__main__":
    asyncio.run(main())

"""Pattern 4: send an idempotency key, and let the payment provider deduplicate.

The provider (``payment_gateway.py``, a stand-in that, like Stripe, keeps one
charge per key) answers a repeated key with the first charge, charging nothing.
"""

from dataclasses import dataclass

from temporalio import activity

from examples.lesson7.payment_gateway import PaymentGateway


@dataclass
class Payment:
    order_id: str
    amount_cents: int


class PaymentActivities:
    def __init__(self, gateway: PaymentGateway) -> None:
        self.gateway = gateway

    # region: idempotency-key
    @activity.defn
    def charge_payment(self, payment: Payment) -> str:
        # Build the key from the BUSINESS operation: "the payment for order 1001".
        # It is the same on every retry, in every workflow run, and from any other
        # code path that pays for this order (a reset or re-started workflow, an
        # API retry), so the order can never be paid twice.
        #
        # activity.info() gives a key tied to this execution instead:
        #     info = activity.info()
        #     key = f"{info.workflow_run_id}-{info.activity_id}"
        # It survives retries (the attempt number is NOT part of it), but a reset
        # or a new run gets a new key and charges again. Leave out the run id and
        # it is worse: activity ids are sequence numbers ("1", "2", ...), so a
        # later run of the same workflow id collides with the old run's charges.
        key = f"order-{payment.order_id}-payment"
        return self.gateway.charge(key, payment.amount_cents).charge_id

    # endregion: idempotency-key

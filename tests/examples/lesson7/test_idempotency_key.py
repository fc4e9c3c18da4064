"""examples/lesson7/idempotency_key.py: the same payment, sent twice, is charged once."""

import dataclasses

import pytest
from temporalio.testing import ActivityEnvironment

from examples.lesson7.idempotency_key import Payment, PaymentActivities
from tests.examples.lesson7.conftest import run_activity, run_concurrently


@pytest.fixture
def payments(gateway) -> PaymentActivities:
    return PaymentActivities(gateway)


def test_charge_payment_twice_charges_once(payments, gateway):
    first = run_activity(payments.charge_payment, Payment("1001", 2500))
    second = run_activity(payments.charge_payment, Payment("1001", 2500))
    assert first == second == "ch_001"
    assert [(c.charge_id, c.amount_cents) for c in gateway.charges()] == [("ch_001", 2500)]
    assert gateway.request_count("order-1001-payment") == 2


def test_charge_payment_concurrent_duplicates_charge_once(payments, gateway):
    results = run_concurrently(8, payments.charge_payment, Payment("1001", 2500))
    assert set(results) == {"ch_001"}
    assert len(gateway.charges()) == 1


def test_business_key_also_dedupes_a_second_workflow_for_the_same_order(payments, gateway):
    # Two different executions (say, the order's workflow was reset) pay for one order.
    for run in ("run-a", "run-b"):
        env = ActivityEnvironment()
        env.info = dataclasses.replace(env.info, workflow_id="checkout-1001", workflow_run_id=run)
        env.run(payments.charge_payment, Payment("1001", 2500))
    assert len(gateway.charges()) == 1


def test_charges_with_different_keys_are_separate(payments, gateway):
    run_activity(payments.charge_payment, Payment("1001", 2500))
    run_activity(payments.charge_payment, Payment("1002", 2500))
    assert [c.charge_id for c in gateway.charges()] == ["ch_001", "ch_002"]

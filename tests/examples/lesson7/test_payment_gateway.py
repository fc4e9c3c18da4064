"""examples/lesson7/payment_gateway.py: the payment provider stand-in deduplicates by idempotency key."""

from pathlib import Path

import pytest

from examples.lesson7.payment_gateway import Charge, PaymentGateway


@pytest.fixture
def gateway(tmp_path: Path) -> PaymentGateway:
    return PaymentGateway(str(tmp_path / "gateway.db"))


def test_the_same_key_gets_the_same_charge_back(gateway: PaymentGateway) -> None:
    first = gateway.charge("order-1", 500)
    assert gateway.charge("order-1", 500) == first == Charge("ch_001", "order-1", 500)
    assert gateway.charges() == [first]  # charged once
    assert gateway.request_count("order-1") == 2  # though asked twice


def test_each_key_is_charged_once(gateway: PaymentGateway) -> None:
    gateway.charge("order-1", 500)
    gateway.charge("order-2", 700)
    assert [(c.idempotency_key, c.amount_cents) for c in gateway.charges()] == [("order-1", 500), ("order-2", 700)]


def test_reusing_a_key_for_another_amount_is_refused(gateway: PaymentGateway) -> None:
    gateway.charge("order-1", 500)
    with pytest.raises(ValueError, match="idempotency key 'order-1' was used for 500 cents"):
        gateway.charge("order-1", 900)
    assert [c.amount_cents for c in gateway.charges()] == [500]


def test_charges_survive_a_new_gateway_on_the_same_file(tmp_path: Path) -> None:
    path = str(tmp_path / "gateway.db")
    PaymentGateway(path).charge("order-1", 500)
    assert PaymentGateway(path).charge("order-1", 500).charge_id == "ch_001"

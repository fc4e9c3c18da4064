"""examples/lesson7/payment_gateway.py: one charge per idempotency key."""

import pytest


def test_a_repeated_key_gets_the_first_charge_and_charges_nothing(gateway):
    first = gateway.charge("order-1001-payment", 2500)
    again = gateway.charge("order-1001-payment", 2500)
    assert first == again
    assert len(gateway.charges()) == 1
    assert gateway.request_count("order-1001-payment") == 2


def test_gateway_refuses_a_key_reused_for_another_amount(gateway):
    gateway.charge("order-1001-payment", 2500)
    with pytest.raises(ValueError, match="was used for 2500 cents"):
        gateway.charge("order-1001-payment", 9900)
    assert len(gateway.charges()) == 1

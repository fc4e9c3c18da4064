"""examples/lesson9/payments.py: the provider stand-in honours idempotency keys."""

import pytest

from examples.lesson9.payments import PaymentDeclined, PaymentProvider
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.payments", run_example("examples.lesson9.payments"))


def test_same_key_charges_once(tmp_path):
    provider = PaymentProvider(str(tmp_path / "p.db"))
    first = provider.charge("sk_test", "order-1", 500)
    again = provider.charge("sk_test", "order-1", 500)
    provider.charge("sk_test", "order-2", 700)
    assert first == again
    assert provider.count("order-1") == (2, 1)
    assert provider.count("order-2") == (1, 1)


def test_invalid_key_is_declined(tmp_path):
    with pytest.raises(PaymentDeclined):
        PaymentProvider(str(tmp_path / "p.db")).charge("nope", "order-1", 500)

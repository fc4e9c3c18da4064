"""A stand-in for a payment provider's API, giving the activities a real side effect.

Like real providers (Stripe's ``Idempotency-Key`` header, for instance), it accepts
an idempotency key: a second charge request with the same key returns the first
charge instead of charging again. Its "database" is a SQLite file
(``PAYMENTS_DB``), so several worker processes share it and the tests can count
what really happened.

Run it: ``python -m examples.lesson9.payments`` (the same charge requested twice).
"""

import os
import sqlite3
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass


class PaymentDeclined(Exception):
    """The provider refused the request (for example: a wrong API key)."""


@dataclass
class Charge:
    charge_id: str
    amount_cents: int


class PaymentProvider:
    def __init__(self, db_path: str | None = None) -> None:
        default_db = os.path.join(tempfile.gettempdir(), "lesson9-payments.db")
        self.db_path = db_path or os.environ.get("PAYMENTS_DB", default_db)
        # How long the provider takes to settle a charge (a slow external call).
        self.settle_seconds = float(os.environ.get("PAYMENTS_SETTLE_SECONDS", "0.2"))
        with self._db() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS requests"
                " (idempotency_key TEXT, amount_cents INT)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS charges"
                " (idempotency_key TEXT PRIMARY KEY, charge_id TEXT,"
                " amount_cents INT, created REAL)"
            )

    def _db(self) -> "closing[sqlite3.Connection]":
        return closing(sqlite3.connect(self.db_path, timeout=10, isolation_level=None))

    def charge(self, api_key: str, idempotency_key: str, amount_cents: int) -> Charge:
        if not api_key.startswith("sk_"):
            raise PaymentDeclined("invalid API key")
        with self._db() as db:
            db.execute(
                "INSERT INTO requests VALUES (?, ?)", (idempotency_key, amount_cents)
            )
            # The same key never creates a second charge.
            db.execute(
                "INSERT OR IGNORE INTO charges VALUES (?, ?, ?, ?)",
                (idempotency_key, f"ch_{idempotency_key}", amount_cents, time.time()),
            )
            charge_id, amount = db.execute(
                "SELECT charge_id, amount_cents FROM charges WHERE idempotency_key = ?",
                (idempotency_key,),
            ).fetchone()
        return Charge(charge_id, amount)

    def is_settled(self, charge: Charge) -> bool:
        with self._db() as db:
            (created,) = db.execute(
                "SELECT created FROM charges WHERE charge_id = ?", (charge.charge_id,)
            ).fetchone()
        return bool(time.time() - created >= self.settle_seconds)

    def count(self, idempotency_key: str) -> tuple[int, int]:
        """(charge requests received, charges made) for one key."""
        with self._db() as db:
            requests = db.execute(
                "SELECT COUNT(*) FROM requests WHERE idempotency_key = ?",
                (idempotency_key,),
            ).fetchone()[0]
            charges = db.execute(
                "SELECT COUNT(*) FROM charges WHERE idempotency_key = ?",
                (idempotency_key,),
            ).fetchone()[0]
        return requests, charges


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        provider = PaymentProvider(os.path.join(tmp, "payments.db"))
        first = provider.charge("sk_test_lesson9", "order-1", 2500)
        retry = provider.charge(
            "sk_test_lesson9", "order-1", 2500
        )  # same idempotency key
        print(f"first request: {first.charge_id}, retried request: {retry.charge_id}")
        requests, charges = provider.count("order-1")
        print(f"{requests} requests, {charges} charge")

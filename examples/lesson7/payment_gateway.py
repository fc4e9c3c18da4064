"""A stand-in for a payment provider that, like Stripe, deduplicates by idempotency key.

It keeps its charges in its own SQLite file: it plays somebody else's system,
not your database. Only its behaviour matters to the lesson: the same key
always gets the same charge back, however often it is sent.
"""

import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass


@dataclass(frozen=True)
class Charge:
    charge_id: str
    idempotency_key: str
    amount_cents: int


class PaymentGateway:
    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        with closing(self._connect()) as db:
            db.executescript(
                """
                CREATE TABLE IF NOT EXISTS charges (
                    n               INTEGER PRIMARY KEY AUTOINCREMENT,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    amount_cents    INTEGER NOT NULL
                );
                -- every request, including the ones answered from an earlier charge
                CREATE TABLE IF NOT EXISTS requests (
                    n               INTEGER PRIMARY KEY AUTOINCREMENT,
                    idempotency_key TEXT NOT NULL
                );
                """
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.db_path, isolation_level=None, timeout=10)

    # region: gateway-charge
    def charge(self, idempotency_key: str, amount_cents: int) -> Charge:
        """Charge once per key; a repeated key returns the first charge, charging
        nothing."""
        with closing(self._connect()) as db:
            db.execute(
                "INSERT INTO requests (idempotency_key) VALUES (?)", (idempotency_key,)
            )
            # A key charged before raises IntegrityError: answer with that charge.
            with suppress(sqlite3.IntegrityError):
                db.execute(
                    "INSERT INTO charges (idempotency_key, amount_cents) VALUES (?, ?)",
                    (idempotency_key, amount_cents),
                )
            n, charged_cents = db.execute(
                "SELECT n, amount_cents FROM charges WHERE idempotency_key = ?",
                (idempotency_key,),
            ).fetchone()
        if charged_cents != amount_cents:
            # A key names ONE operation. Reusing it for another one is a bug, and real
            # gateways refuse it too (Stripe answers 400 idempotency_error).
            raise ValueError(
                f"idempotency key {idempotency_key!r}"
                f" was used for {charged_cents} cents"
            )
        return Charge(f"ch_{n:03d}", idempotency_key, amount_cents)

    # endregion: gateway-charge

    def charges(self) -> list[Charge]:
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT n, idempotency_key, amount_cents FROM charges ORDER BY n"
            )
            return [Charge(f"ch_{n:03d}", key, cents) for n, key, cents in rows]

    def request_count(self, idempotency_key: str) -> int:
        with closing(self._connect()) as db:
            query = "SELECT count(*) FROM requests WHERE idempotency_key = ?"
            (count,) = db.execute(query, (idempotency_key,)).fetchone()
            return int(count)

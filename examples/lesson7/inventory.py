"""Pattern 5: optimistic locking, and what it takes to make it idempotent.

A version column stops two writers from overwriting each other: that is
CONCURRENCY CONTROL, not idempotency. If attempt 1 commits and its result is
lost, attempt 2 reads the new version and reserves AGAIN. Pattern 1's unique
id, in the same transaction, makes the reservation idempotent.
"""

from contextlib import closing
from dataclasses import dataclass

from temporalio import activity
from temporalio.exceptions import ApplicationError

from examples.lesson7.shop_db import connect, write_transaction


@dataclass
class Reservation:
    product_id: str
    quantity: int


@dataclass
class UniqueReservation:
    reservation_id: str  # unique per operation: the same on every retry
    product_id: str
    quantity: int


class InventoryActivities:
    def __init__(self, db_path: str) -> None:
        self.db_path = db_path

    # region: optimistic-locking
    # Read-modify-write with a version column (optimistic locking).
    @activity.defn
    def reserve_inventory(self, reservation: Reservation) -> int:
        """Take the quantity from stock; returns what is left."""
        product_id, quantity = reservation.product_id, reservation.quantity
        with closing(connect(self.db_path)) as db:
            for _ in range(10):
                available, version = db.execute(
                    "SELECT available, version FROM products WHERE id = ?",
                    (product_id,),
                ).fetchone()
                if available < quantity:
                    raise ApplicationError(
                        f"only {available} {product_id} left",
                        type="InsufficientInventory",
                        non_retryable=True,  # a business answer: retrying won't help
                    )
                # Write only if nobody changed the row since we read it.
                updated = db.execute(
                    "UPDATE products SET available = ?, version = version + 1"
                    " WHERE id = ? AND version = ?",
                    (available - quantity, product_id, version),
                )
                if updated.rowcount == 1:
                    return int(available - quantity)
                # Someone else updated it first: read again and re-check.
        raise ApplicationError("stock keeps changing, try again later")  # retryable

    # endregion: optimistic-locking

    # region: reservation-id
    # Optimistic locking made idempotent: pattern 1's unique id, in one transaction.
    @activity.defn
    def reserve_inventory_once(self, reservation: UniqueReservation) -> None:
        with write_transaction(self.db_path) as db:
            done = db.execute(
                "SELECT 1 FROM reservations WHERE id = ?", (reservation.reservation_id,)
            )
            if done.fetchone():
                return  # reserved by an earlier attempt
            (available,) = db.execute(
                "SELECT available FROM products WHERE id = ?",
                (reservation.product_id,),
            ).fetchone()
            if available < reservation.quantity:
                raise ApplicationError(
                    f"only {available} {reservation.product_id} left",
                    type="InsufficientInventory",
                    non_retryable=True,
                )
            # The write lock already keeps other writers out; bumping the version
            # keeps optimistic readers elsewhere correct.
            db.execute(
                "UPDATE products SET available = available - ?, version = version + 1"
                " WHERE id = ?",
                (reservation.quantity, reservation.product_id),
            )
            db.execute(
                "INSERT INTO reservations (id, product_id, quantity) VALUES (?, ?, ?)",
                (
                    reservation.reservation_id,
                    reservation.product_id,
                    reservation.quantity,
                ),
            )

    # endregion: reservation-id

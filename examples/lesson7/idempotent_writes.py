"""Idempotent database writes: three patterns for an activity that may run twice.

Temporal runs an activity AT LEAST once: an attempt that fails, times out, or
whose worker dies after the work but before reporting it is retried, and the
retry cannot know whether the first attempt's write happened. Each activity
below gives the same outcome when it runs twice.
"""

import sqlite3
from contextlib import closing
from dataclasses import dataclass

from temporalio import activity
from temporalio.exceptions import ApplicationError

from examples.lesson7.shop_db import connect, write_transaction


@dataclass
class AddCredits:
    user_id: str
    amount: int
    tx_id: str  # unique per operation: the same on every retry


@dataclass
class NewOrder:
    order_id: str
    customer_id: str
    total_cents: int


@dataclass
class ViewCount:
    article_id: str
    count: int  # the new value, computed once by the caller


@dataclass
class ArticleView:
    article_id: str


class WriteActivities:
    """Plain ``def`` activities: sqlite3 blocks, so the worker runs them in threads."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path

    # region: check-then-act
    # Pattern 1: check-then-act on a unique transaction id, in ONE transaction.
    @activity.defn
    def add_credits(self, credit: AddCredits) -> bool:
        """Add credits once per tx_id. False when tx_id was already applied."""
        with write_transaction(self.db_path) as db:
            # Check ...
            done = db.execute(
                "SELECT 1 FROM credit_transactions WHERE tx_id = ?", (credit.tx_id,)
            )
            if done.fetchone():
                return False  # an earlier attempt did it: success, not an error
            # ... then act. The record and the balance commit together or not at
            # all, and tx_id PRIMARY KEY backs the check up.
            db.execute(
                "INSERT INTO credit_transactions (tx_id, user_id, amount)"
                " VALUES (?, ?, ?)",
                (credit.tx_id, credit.user_id, credit.amount),
            )
            updated = db.execute(
                "UPDATE users SET credits = credits + ? WHERE id = ?",
                (credit.amount, credit.user_id),
            )
            if updated.rowcount != 1:  # raising rolls back the record too
                raise ApplicationError(
                    f"no user {credit.user_id}", type="UnknownUser", non_retryable=True
                )
            return True

    # endregion: check-then-act

    # region: unique-constraint
    # Pattern 2: let the primary key refuse the duplicate.
    @activity.defn
    def create_order(self, order: NewOrder) -> bool:
        """Insert the order. False when an earlier attempt already inserted it."""
        with closing(connect(self.db_path)) as db:
            try:
                db.execute(
                    "INSERT INTO orders (id, customer_id, total_cents)"
                    " VALUES (?, ?, ?)",
                    (order.order_id, order.customer_id, order.total_cents),
                )
            except sqlite3.IntegrityError as err:
                # Only a duplicate key means "already done"; others are real errors.
                if err.sqlite_errorname != "SQLITE_CONSTRAINT_PRIMARYKEY":
                    raise
                return False  # success: re-raising would fail every retry alike
        return True

    # endregion: unique-constraint

    # region: set-not-increment
    # Pattern 3: write the new value, not the change.
    @activity.defn
    def set_view_count(self, views: ViewCount) -> None:
        # The caller computed the count once and passes it in: a retry writes
        # the same value.
        with closing(connect(self.db_path)) as db:
            db.execute(
                "UPDATE articles SET views = ? WHERE id = ?",
                (views.count, views.article_id),
            )

    @activity.defn
    def increment_view_count(self, view: ArticleView) -> None:
        # NOT idempotent: an attempt that commits and is retried counts twice.
        with closing(connect(self.db_path)) as db:
            db.execute(
                "UPDATE articles SET views = views + 1 WHERE id = ?", (view.article_id,)
            )

    # endregion: set-not-increment

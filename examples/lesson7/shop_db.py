"""The shop's SQLite database, used by Lesson 7's idempotent activities.

A real file, so the activities' writes, transactions and constraints are real.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager

# region: schema
SCHEMA = """
CREATE TABLE users (id TEXT PRIMARY KEY, credits INTEGER NOT NULL);
CREATE TABLE credit_transactions (
    tx_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, amount INTEGER NOT NULL);
CREATE TABLE orders (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, total_cents INTEGER NOT NULL);
CREATE TABLE articles (id TEXT PRIMARY KEY, views INTEGER NOT NULL);
CREATE TABLE products (
    id TEXT PRIMARY KEY, available INTEGER NOT NULL, version INTEGER NOT NULL);
CREATE TABLE reservations (
    id TEXT PRIMARY KEY, product_id TEXT NOT NULL, quantity INTEGER NOT NULL);
"""


def connect(db_path: str) -> sqlite3.Connection:
    # isolation_level=None: no hidden transactions, we BEGIN them ourselves.
    # timeout=10: wait for another writer's lock instead of failing at once.
    return sqlite3.connect(db_path, isolation_level=None, timeout=10)


@contextmanager
def write_transaction(db_path: str) -> Iterator[sqlite3.Connection]:
    """One connection, one transaction: the block commits, or nothing does."""
    with closing(connect(db_path)) as db:
        # IMMEDIATE takes the write lock *before* the first read, so no other
        # attempt can slip in between our check and our write.
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


# endregion: schema


def create_database(db_path: str) -> None:
    with closing(connect(db_path)) as db:
        db.execute("PRAGMA journal_mode=WAL")  # readers don't wait for the writer
        db.executescript(SCHEMA)

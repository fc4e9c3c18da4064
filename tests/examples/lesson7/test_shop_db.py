"""examples/lesson7/shop_db.py: a write transaction commits all of its block, or nothing."""

import pytest

from examples.lesson7.shop_db import write_transaction
from tests.examples.lesson7.conftest import sql


def write_then_fail(db_path: str) -> None:
    with write_transaction(db_path) as db:
        db.execute("UPDATE users SET credits = 100 WHERE id = 'u-1'")
        raise RuntimeError("something failed after the write")


def test_a_block_that_raises_writes_nothing(db_path):
    with pytest.raises(RuntimeError):
        write_then_fail(db_path)
    assert sql(db_path, "SELECT credits FROM users") == 0


def test_a_block_that_ends_commits(db_path):
    with write_transaction(db_path) as db:
        db.execute("UPDATE users SET credits = 100 WHERE id = 'u-1'")
    assert sql(db_path, "SELECT credits FROM users") == 100

"""examples/lesson7/idempotent_writes.py: each write, run twice, has its effect once.

The activities run with ``ActivityEnvironment`` on a real SQLite file, twice in
a row and concurrently (threads, each with its own connection).
"""

import sqlite3

import pytest
from temporalio.exceptions import ApplicationError

from examples.lesson7.idempotent_writes import AddCredits, ArticleView, NewOrder, ViewCount, WriteActivities
from tests.examples.lesson7.conftest import run_activity, run_concurrently, sql


@pytest.fixture
def writes(db_path: str) -> WriteActivities:
    return WriteActivities(db_path)


# ---------------------------------------------------------------- pattern 1


def test_add_credits_twice_credits_once(writes, db_path):
    assert run_activity(writes.add_credits, AddCredits("u-1", 100, "tx-1")) is True
    assert run_activity(writes.add_credits, AddCredits("u-1", 100, "tx-1")) is False  # success, not an error
    assert sql(db_path, "SELECT credits FROM users WHERE id = 'u-1'") == 100  # not 200


def test_add_credits_concurrent_duplicates_credit_once(writes, db_path):
    results = run_concurrently(8, writes.add_credits, AddCredits("u-1", 100, "tx-1"))
    assert sorted(results) == [False] * 7 + [True]
    assert sql(db_path, "SELECT credits FROM users WHERE id = 'u-1'") == 100
    assert sql(db_path, "SELECT count(*) FROM credit_transactions") == 1


def test_add_credits_with_different_tx_ids_adds_both(writes, db_path):
    run_activity(writes.add_credits, AddCredits("u-1", 100, "tx-1"))
    run_activity(writes.add_credits, AddCredits("u-1", 100, "tx-2"))
    assert sql(db_path, "SELECT credits FROM users WHERE id = 'u-1'") == 200


def test_add_credits_to_unknown_user_fails_and_records_nothing(writes, db_path):
    with pytest.raises(ApplicationError) as err:
        run_activity(writes.add_credits, AddCredits("nobody", 100, "tx-1"))
    assert err.value.non_retryable and err.value.type == "UnknownUser"
    assert sql(db_path, "SELECT count(*) FROM credit_transactions") == 0  # rolled back


# ---------------------------------------------------------------- pattern 2


def test_create_order_twice_leaves_one_row(writes, db_path):
    assert run_activity(writes.create_order, NewOrder("1001", "u-1", 2500)) is True
    assert run_activity(writes.create_order, NewOrder("1001", "u-1", 2500)) is False
    assert sql(db_path, "SELECT count(*) FROM orders") == 1


def test_create_order_concurrent_duplicates_leave_one_row(writes, db_path):
    results = run_concurrently(8, writes.create_order, NewOrder("1001", "u-1", 2500))
    assert sorted(results) == [False] * 7 + [True]
    assert sql(db_path, "SELECT count(*) FROM orders") == 1


def test_create_order_does_not_swallow_other_integrity_errors(writes):
    with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
        run_activity(writes.create_order, NewOrder("1002", None, 2500))  # type: ignore[arg-type]


# ---------------------------------------------------------------- pattern 3


def test_set_view_count_twice_sets_the_value(writes, db_path):
    run_activity(writes.set_view_count, ViewCount("a-1", 42))
    run_activity(writes.set_view_count, ViewCount("a-1", 42))
    assert sql(db_path, "SELECT views FROM articles") == 42


def test_increment_view_count_twice_counts_twice(writes, db_path):
    # The unsafe version, for contrast: one view, retried once, counted twice.
    run_activity(writes.increment_view_count, ArticleView("a-1"))
    run_activity(writes.increment_view_count, ArticleView("a-1"))
    assert sql(db_path, "SELECT views FROM articles") == 2

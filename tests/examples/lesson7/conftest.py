"""Shared by the tests of Lesson 7's idempotent activities: a real SQLite shop and a
payment gateway double, and ways to run an activity twice, in a row or at once."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from temporalio.testing import ActivityEnvironment

from examples.lesson7.payment_gateway import PaymentGateway
from examples.lesson7.shop_db import connect, create_database


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    path = str(tmp_path / "shop.db")
    create_database(path)
    with closing(connect(path)) as db:
        db.execute("INSERT INTO users VALUES ('u-1', 0)")
        db.execute("INSERT INTO articles VALUES ('a-1', 0)")
        db.execute("INSERT INTO products VALUES ('widget', 5, 0)")
    return path


@pytest.fixture
def gateway(tmp_path: Path) -> PaymentGateway:
    return PaymentGateway(str(tmp_path / "gateway.db"))


def sql(db_path: str, query: str) -> Any:
    with closing(connect(db_path)) as db:
        return db.execute(query).fetchone()[0]


def run_activity(fn: Callable[..., Any], arg: Any) -> Any:
    return ActivityEnvironment().run(fn, arg)


def run_concurrently(times: int, fn: Callable[..., Any], arg: Any) -> list[Any]:
    """Run the activity in `times` threads released together; results or raised exceptions."""
    start = threading.Barrier(times)

    def one() -> Any:
        start.wait(timeout=10)
        return run_activity(fn, arg)

    with ThreadPoolExecutor(max_workers=times) as pool:
        futures = [pool.submit(one) for _ in range(times)]
    return [f.exception() if f.exception() else f.result() for f in futures]

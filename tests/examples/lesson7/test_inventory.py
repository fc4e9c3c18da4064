"""examples/lesson7/inventory.py: optimistic locking never oversells, but only the
reservation id makes a retried reservation harmless."""

import sqlite3
from typing import Any

import pytest
from temporalio.exceptions import ApplicationError

import examples.lesson7.inventory as inventory_module
from examples.lesson7.inventory import InventoryActivities, Reservation, UniqueReservation
from tests.examples.lesson7.conftest import run_activity, run_concurrently, sql


@pytest.fixture
def inventory(db_path: str) -> InventoryActivities:
    return InventoryActivities(db_path)


def test_two_concurrent_reservations_never_oversell(inventory, db_path):
    # 5 in stock, two buyers want 3 each: exactly one gets them.
    results = run_concurrently(2, inventory.reserve_inventory, Reservation("widget", 3))
    assert [r for r in results if isinstance(r, int)] == [2]  # 2 left after the sale
    [failure] = [r for r in results if isinstance(r, ApplicationError)]
    assert failure.type == "InsufficientInventory" and failure.non_retryable
    assert sql(db_path, "SELECT available FROM products") == 2
    assert sql(db_path, "SELECT version FROM products") == 1


def test_many_concurrent_reservations_sell_exactly_the_stock(inventory, db_path):
    results = run_concurrently(10, inventory.reserve_inventory, Reservation("widget", 1))
    sold = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(sold) == 5 and sorted(sold) == [0, 1, 2, 3, 4]  # each buyer saw a fresh count
    assert len(refused) == 5 and all(r.type == "InsufficientInventory" for r in refused)
    assert sql(db_path, "SELECT available FROM products") == 0
    assert sql(db_path, "SELECT version FROM products") == 5


def test_optimistic_locking_alone_is_not_idempotent(inventory, db_path):
    # A retry after a lost result is just a second call: it reserves again.
    run_activity(inventory.reserve_inventory, Reservation("widget", 2))
    run_activity(inventory.reserve_inventory, Reservation("widget", 2))
    assert sql(db_path, "SELECT available FROM products") == 1  # 5 - 2 - 2, not 3


def test_reservation_id_makes_the_reservation_idempotent(inventory, db_path):
    once = UniqueReservation("order-1001", "widget", 2)
    run_activity(inventory.reserve_inventory_once, once)
    run_activity(inventory.reserve_inventory_once, once)
    run_concurrently(8, inventory.reserve_inventory_once, once)
    assert sql(db_path, "SELECT available FROM products") == 3
    assert sql(db_path, "SELECT count(*) FROM reservations") == 1


def test_reservation_id_still_refuses_to_oversell(inventory, db_path):
    # 5 in stock: the same reservation of 3 twice is fine, another reservation of 3 is not.
    same = UniqueReservation("order-1", "widget", 3)
    assert run_concurrently(2, inventory.reserve_inventory_once, same) == [None, None]
    with pytest.raises(ApplicationError) as refused:
        run_activity(inventory.reserve_inventory_once, UniqueReservation("order-2", "widget", 3))
    assert refused.value.type == "InsufficientInventory"
    assert sql(db_path, "SELECT available FROM products") == 2


def test_optimistic_locking_gives_up_retryably_when_the_row_keeps_changing(inventory, monkeypatch):
    """Every write loses the race (another writer bumps the version first): after ten
    tries the activity fails with a retryable error, and the stock is untouched."""
    real_connect = inventory_module.connect

    class LosingRace:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def execute(self, query: str, params: tuple = ()) -> Any:
            if query.startswith("UPDATE products SET available"):
                self.db.execute("UPDATE products SET version = version + 1 WHERE id = ?", (params[1],))
            return self.db.execute(query, params)

        def close(self) -> None:
            self.db.close()

    monkeypatch.setattr(inventory_module, "connect", lambda path: LosingRace(real_connect(path)))
    with pytest.raises(ApplicationError, match="stock keeps changing") as raised:
        run_activity(inventory.reserve_inventory, Reservation("widget", 1))
    assert not raised.value.non_retryable
    assert sql(inventory.db_path, "SELECT available FROM products") == 5
    assert sql(inventory.db_path, "SELECT version FROM products") == 10  # the other writer's ten updates

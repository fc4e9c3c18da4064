"""Idempotent activities: five patterns on a real SQLite database.

Temporal runs an activity AT LEAST once. An attempt that times out, fails, or
whose worker dies after doing the work but before reporting back is retried,
and the retry cannot know whether the first attempt's write happened. Replay is
NOT one of the reasons: replaying a workflow reads activity results from the
event history and never runs an activity again.

So every activity with a side effect must give the same outcome when it runs
twice. ``main()`` shows the dangerous case: the charge goes through, the
worker dies before reporting it, Temporal retries, and the customer is still
charged once.

Run it: ``python -m examples.lesson7.idempotency``
"""

import asyncio
import sqlite3
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from examples.connect import expect_failures, temporal_client
    from examples.lesson7.payment_gateway import Charge, PaymentGateway

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
    """One connection, one transaction: everything in the block commits, or nothing does."""
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


class ShopActivities:
    """The activities share the database path and the gateway, given to the worker once.

    Plain ``def`` activities: sqlite3 blocks, so the worker runs them in a thread pool.
    """

    def __init__(self, db_path: str, gateway: PaymentGateway) -> None:
        self.db_path = db_path
        self.gateway = gateway

    # region: check-then-act
    # Pattern 1: check-then-act on a unique transaction id, in ONE database transaction.
    @activity.defn
    def add_credits(self, user_id: str, amount: int, tx_id: str) -> bool:
        """Add credits once per tx_id. Returns False when tx_id was already applied."""
        with write_transaction(self.db_path) as db:
            # Check ...
            done = db.execute(
                "SELECT 1 FROM credit_transactions WHERE tx_id = ?", (tx_id,)
            )
            if done.fetchone():
                return False  # an earlier attempt did it: that is success, not an error
            # ... then act. The record and the balance commit together or not at all,
            # and tx_id PRIMARY KEY backs the check up.
            db.execute(
                "INSERT INTO credit_transactions (tx_id, user_id, amount) VALUES (?, ?, ?)",
                (tx_id, user_id, amount),
            )
            updated = db.execute(
                "UPDATE users SET credits = credits + ? WHERE id = ?", (amount, user_id)
            )
            if updated.rowcount != 1:  # raising rolls back the transaction record too
                raise ApplicationError(
                    f"no user {user_id}", type="UnknownUser", non_retryable=True
                )
            return True

    # endregion: check-then-act

    # region: unique-constraint
    # Pattern 2: let the primary key refuse the duplicate.
    @activity.defn
    def create_order(self, order_id: str, customer_id: str, total_cents: int) -> bool:
        """Insert the order. Returns False when an earlier attempt already inserted it."""
        with closing(connect(self.db_path)) as db:
            try:
                db.execute(
                    "INSERT INTO orders (id, customer_id, total_cents) VALUES (?, ?, ?)",
                    (order_id, customer_id, total_cents),
                )
            except sqlite3.IntegrityError as err:
                # Only a duplicate key means "already done"; other violations are real errors.
                if err.sqlite_errorname != "SQLITE_CONSTRAINT_PRIMARYKEY":
                    raise
                return False  # success: re-raising would fail every retry the same way
        return True

    # endregion: unique-constraint

    # region: set-not-increment
    # Pattern 3: write the new value, not the change.
    @activity.defn
    def set_view_count(self, article_id: str, count: int) -> None:
        # The caller computed `count` once and passes it in: a retry writes the same value.
        with closing(connect(self.db_path)) as db:
            db.execute(
                "UPDATE articles SET views = ? WHERE id = ?", (count, article_id)
            )

    @activity.defn
    def increment_view_count(self, article_id: str) -> None:
        # NOT idempotent: an attempt that commits and then is retried counts twice.
        with closing(connect(self.db_path)) as db:
            db.execute(
                "UPDATE articles SET views = views + 1 WHERE id = ?", (article_id,)
            )

    # endregion: set-not-increment

    # region: idempotency-key
    # Pattern 4: send an idempotency key and let the payment gateway deduplicate.
    @activity.defn
    def charge_payment(self, order_id: str, amount_cents: int) -> str:
        # Build the key from the BUSINESS operation: "the payment for order 1001".
        # It is the same on every retry, in every workflow run, and from any other
        # code path that pays for this order (a reset or re-started workflow, an API
        # retry), so the order can never be paid twice.
        #
        # activity.info() gives a key tied to this execution instead:
        #     info = activity.info()
        #     key = f"{info.workflow_run_id}-{info.activity_id}"
        # It survives retries (the attempt number is NOT part of it), but a reset or
        # a new run gets a new key and charges again. Leave out the run id and it is
        # worse: activity ids are sequence numbers ("1", "2", ...), so a later run of
        # the same workflow id collides with the old run's charges. Use it only when
        # each execution really is a new charge and no business id exists.
        key = f"order-{order_id}-payment"
        return self.gateway.charge(key, amount_cents).charge_id

    # endregion: idempotency-key

    # region: optimistic-locking
    # Pattern 5: read-modify-write with a version column (optimistic locking).
    # This is CONCURRENCY CONTROL, not idempotency: it stops two writers from
    # overwriting each other's update, but if attempt 1 commits and its result is
    # lost, attempt 2 reads the new version and reserves AGAIN.
    @activity.defn
    def reserve_inventory(self, product_id: str, quantity: int) -> int:
        """Take `quantity` from stock; returns what is left."""
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
                    return available - quantity
                # Someone else updated it first: read again and re-check.
        raise ApplicationError("stock keeps changing, try again later")  # retryable

    # endregion: optimistic-locking

    # region: reservation-id
    # Pattern 5 made idempotent: pattern 1's unique id, in the same transaction.
    @activity.defn
    def reserve_inventory_once(
        self, reservation_id: str, product_id: str, quantity: int
    ) -> None:
        with write_transaction(self.db_path) as db:
            done = db.execute(
                "SELECT 1 FROM reservations WHERE id = ?", (reservation_id,)
            )
            if done.fetchone():
                return  # reserved by an earlier attempt
            (available,) = db.execute(
                "SELECT available FROM products WHERE id = ?", (product_id,)
            ).fetchone()
            if available < quantity:
                raise ApplicationError(
                    f"only {available} {product_id} left",
                    type="InsufficientInventory",
                    non_retryable=True,
                )
            # The write lock already keeps other writers out; bumping the version
            # keeps optimistic readers elsewhere (pattern 5) correct.
            db.execute(
                "UPDATE products SET available = available - ?, version = version + 1 WHERE id = ?",
                (quantity, product_id),
            )
            db.execute(
                "INSERT INTO reservations (id, product_id, quantity) VALUES (?, ?, ?)",
                (reservation_id, product_id, quantity),
            )

    # endregion: reservation-id


# region: workflow
@dataclass
class Checkout:
    order_id: str
    user_id: str
    product_id: str
    quantity: int
    amount_cents: int


@workflow.defn
class CheckoutWorkflow:
    @workflow.run
    async def run(self, order: Checkout) -> str:
        # Every id the activities deduplicate on comes from the order id, so a retry
        # of any step (or a second run for the same order) repeats nothing.
        options = {
            "start_to_close_timeout": timedelta(seconds=10),
            # default: retry forever, 1 s, 2 s, 4 s, ... apart (0.2 s keeps the demo quick)
            "retry_policy": RetryPolicy(initial_interval=timedelta(milliseconds=200)),
        }
        await workflow.execute_activity_method(
            ShopActivities.create_order,
            args=[order.order_id, order.user_id, order.amount_cents],
            **options,
        )
        await workflow.execute_activity_method(
            ShopActivities.reserve_inventory_once,
            args=[f"order-{order.order_id}", order.product_id, order.quantity],
            **options,
        )
        charge_id = await workflow.execute_activity_method(
            ShopActivities.charge_payment,
            args=[order.order_id, order.amount_cents],
            **options,
        )
        await workflow.execute_activity_method(  # loyalty: one credit per whole dollar
            ShopActivities.add_credits,
            args=[
                order.user_id,
                order.amount_cents // 100,
                f"order-{order.order_id}-loyalty",
            ],
            **options,
        )
        return charge_id


# endregion: workflow


# region: simulate-crash
class CrashAfterFirstCharge(PaymentGateway):
    """Demo only: attempt 1's charge goes through, then its worker dies before it can
    report the result. To Temporal that is a failed attempt, so it retries the activity.
    (A worker that really dies reports nothing: Temporal retries once the attempt's
    start_to_close_timeout has passed. The tests kill a worker process to show it.)"""

    def charge(self, idempotency_key: str, amount_cents: int) -> Charge:
        charge = super().charge(idempotency_key, amount_cents)
        if activity.info().attempt == 1:
            print(
                f"  attempt 1: the gateway made {charge.charge_id}, then the worker died"
            )
            raise ConnectionError("worker died after the charge was made")
        return charge


# endregion: simulate-crash


# region: attempts-in-history
def attempts_by_activity(history: WorkflowHistory) -> dict[str, int]:
    """How many attempts each activity took, read from the workflow's event history."""
    names: dict[int, str] = {}
    attempts: dict[str, int] = {}
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            scheduled = event.activity_task_scheduled_event_attributes
            names[event.event_id] = scheduled.activity_type.name
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            started = event.activity_task_started_event_attributes
            attempts[names[started.scheduled_event_id]] = (
                started.attempt
            )  # the last attempt
    return attempts


# endregion: attempts-in-history


def worker_activities(shop: ShopActivities) -> list:
    return [
        shop.create_order,
        shop.reserve_inventory_once,
        shop.charge_payment,
        shop.add_credits,
    ]


# region: main
async def main() -> None:
    # The first charge "dies" on purpose: the worker logs that attempt in one line.
    expect_failures(ConnectionError)
    with tempfile.TemporaryDirectory() as tmp:
        shop_db, gateway_db = str(Path(tmp, "shop.db")), str(Path(tmp, "gateway.db"))
        create_database(shop_db)
        with closing(connect(shop_db)) as db:
            db.execute("INSERT INTO users VALUES ('u-1', 0)")
            db.execute("INSERT INTO products VALUES ('widget', 10, 0)")
        gateway = CrashAfterFirstCharge(gateway_db)
        shop = ShopActivities(shop_db, gateway)
        order = Checkout("1001", "u-1", "widget", quantity=2, amount_cents=2500)

        async with temporal_client() as client:
            with ThreadPoolExecutor(max_workers=4) as threads:
                async with Worker(
                    client,
                    task_queue="lesson7-idempotency",
                    workflows=[CheckoutWorkflow],
                    activities=worker_activities(shop),
                    activity_executor=threads,  # runs the plain-def activities
                ):
                    print(
                        f"checkout of order {order.order_id}: {order.quantity} x"
                        f" {order.product_id}, {order.amount_cents} cents"
                    )
                    handle = await client.start_workflow(
                        CheckoutWorkflow.run,
                        order,
                        id=f"checkout-{order.order_id}",
                        task_queue="lesson7-idempotency",
                    )
                    print(f"workflow result: paid with {await handle.result()}")
                    attempts = attempts_by_activity(await handle.fetch_history())

        print(
            "attempts per activity:", ", ".join(f"{k} {v}" for k, v in attempts.items())
        )
        key = f"order-{order.order_id}-payment"
        print(f"gateway requests with key {key}: {gateway.request_count(key)}")
        for charge in gateway.charges():
            print(
                f"gateway charges: {charge.charge_id} for {charge.amount_cents} cents"
            )
        with closing(connect(shop_db)) as db:
            print("orders:", db.execute("SELECT count(*) FROM orders").fetchone()[0])
            print(
                "widgets left:",
                db.execute("SELECT available FROM products").fetchone()[0],
            )
            print(
                "credits of u-1:", db.execute("SELECT credits FROM users").fetchone()[0]
            )
        times = len(gateway.charges())
        print(
            "customer charged once"
            if times == 1
            else f"customer charged {times} times!"
        )


# endregion: main


if __name__ == "__main__":
    asyncio.run(main())

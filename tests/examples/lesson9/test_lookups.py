"""examples/lesson9/lookups.py: the three lookups overlap."""

from temporalio.testing import ActivityEnvironment

from examples.lesson9.lookups import LOOKUP_SECONDS, load_order_context
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.lookups", run_example("examples.lesson9.lookups"))


async def test_lookups_run_concurrently():
    context = await ActivityEnvironment().run(load_order_context, "c-1", "p-1")
    assert (context.customer, context.stock, context.price_cents) == ("customer c-1", 7, 1999)
    # Sequential would take 3 x LOOKUP_SECONDS; concurrent takes about one.
    assert LOOKUP_SECONDS <= context.seconds < 2 * LOOKUP_SECONDS

"""examples/lesson7/order_api_demo.py: the demo client prints the recorded transcript."""

import httpx

from examples.lesson7.order_api_demo import wait_for_approval_step
from tests.support.run_example import assert_output_matches_recorded, run_example

MODULE = "examples.lesson7.order_api_demo"


def test_example_runs_on_its_own():
    # As a learner runs it: with no TEMPORAL_ADDRESS it starts its own dev server
    # (or, when the suite itself targets a cluster, it inherits TEMPORAL_ADDRESS).
    assert_output_matches_recorded(MODULE, run_example(MODULE))


def test_it_runs_twice_on_the_same_cluster(client):
    # Both runs against one server (the session's, or the suite's cluster): each
    # uses fresh order ids, so the second is not refused the first one's.
    env = {"TEMPORAL_ADDRESS": client.service_client.config.target_host, "TEMPORAL_NAMESPACE": client.namespace}
    first, second = run_example(MODULE, env=env), run_example(MODULE, env=env)
    assert first == second  # the same transcript ...
    assert "<run>" in first  # ... over different order ids


async def test_the_demo_client_polls_until_the_order_leaves_processing(capsys):
    answers = iter(["processing", "processing", "awaiting_approval", "awaiting_approval"])

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": next(answers)})

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer), base_url="http://orders.test") as http:
        await wait_for_approval_step(http, "A-1")
    assert next(answers, None) is None  # polled three times, then printed the fourth answer
    assert '"status": "awaiting_approval"' in capsys.readouterr().out

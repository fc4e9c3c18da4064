"""examples/connect.py: the embedded dev server by default, or the cluster named by TEMPORAL_ADDRESS."""

from temporalio.client import Client

from examples.connect import temporal_client


async def test_temporal_address_connects_to_that_cluster(client: Client, monkeypatch) -> None:
    target = client.service_client.config.target_host
    monkeypatch.setenv("TEMPORAL_ADDRESS", target)
    monkeypatch.setenv("TEMPORAL_NAMESPACE", client.namespace)
    async with temporal_client() as connected:
        assert connected.service_client.config.target_host == target
        assert connected.namespace == client.namespace
        assert await connected.service_client.check_health()

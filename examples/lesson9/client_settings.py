"""Client connection settings that really exist in the Python SDK.

- Where to connect (address, namespace, TLS, API key) comes from
  ``temporalio.envconfig``: ``TEMPORAL_*`` environment variables or a profile
  in a ``temporal.toml`` file, the same configuration the ``temporal`` CLI reads.
- How hard to try: ``RetryConfig`` (client calls are retried by default),
  ``KeepAliveConfig`` (HTTP/2 pings that detect a dead connection) and
  ``connect_timeout``. ``Client.connect`` also takes an HTTP CONNECT proxy and
  DNS load balancing settings, not used here.

There is no connection-pool setting to tune: a client is one gRPC channel,
safe to share by every workflow start, signal and query of the process.

Run it: ``python -m examples.lesson9.client_settings``
"""

import asyncio
import tempfile
from datetime import timedelta
from pathlib import Path

from temporalio.client import Client
from temporalio.envconfig import ClientConfig
from temporalio.service import KeepAliveConfig, RetryConfig

from examples.connect import temporal_client

# region: settings
# The SDK's defaults, spelled out: retry a failed call after 100 ms, then
# 150 ms, 225 ms ... at most 5 s apart, for at most 10 s or 10 retries.
RETRIES = RetryConfig(
    initial_interval_millis=100,
    multiplier=1.5,
    randomization_factor=0.2,
    max_interval_millis=5_000,
    max_elapsed_time_millis=10_000,
    max_retries=10,
)
# Ping every 30 s; a connection that does not answer within 15 s is dead.
KEEP_ALIVE = KeepAliveConfig(interval_millis=30_000, timeout_millis=15_000)


async def connect(profile: str | None = None, config_file: str | None = None) -> Client:
    config = ClientConfig.load_client_connect_config(
        profile=profile, config_file=config_file
    )
    return await Client.connect(
        **config,  # target_host, namespace, tls, api_key, rpc_metadata
        retry_config=RETRIES,
        keep_alive_config=KEEP_ALIVE,
        connect_timeout=timedelta(seconds=10),
    )


# endregion: settings


async def main() -> None:
    async with temporal_client() as local:
        with tempfile.TemporaryDirectory() as tmp:
            # region: profile
            config_file = Path(tmp) / "temporal.toml"
            config_file.write_text(
                "[profile.local]\n"
                f'address = "{local.service_client.config.target_host}"\n'
                f'namespace = "{local.namespace}"\n'
            )
            client = await connect(profile="local", config_file=str(config_file))
            # endregion: profile
        print(
            "connected with profile 'local' to the same namespace:",
            client.namespace == local.namespace,
        )
        print("server healthy:", await client.service_client.check_health())
        settings = client.service_client.config
        print("retries:", settings.retry_config)
        print("keep-alive:", settings.keep_alive_config)


if __name__ == "__main__":
    asyncio.run(main())

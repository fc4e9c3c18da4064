"""A mutual-TLS front door for the dev server, which itself has no TLS options.

In production the Temporal frontend terminates mTLS itself (the server's
``global.tls.frontend`` configuration: ``certFile``, ``keyFile``,
``clientCaFiles``, ``requireClientAuth: true``), or a load balancer does. To try
mTLS on your machine, this proxy plays that part: it accepts only clients whose
certificate was signed by the given CA and forwards their gRPC traffic to the
plaintext dev server.

Run it: ``python -m examples.lesson9.tls_proxy`` (checks the dev server's
health through the proxy); ``examples/lesson9/mtls.py`` shows the whole story.
"""

import asyncio
import contextlib
import ssl
import tempfile
from pathlib import Path

from temporalio.client import Client
from temporalio.service import TLSConfig

from examples.connect import temporal_client
from examples.lesson9.certs import issue, make_ca


# region: proxy
async def start_mtls_proxy(
    upstream: str, *, cert_file: str, key_file: str, client_ca_file: str, port: int = 0
) -> asyncio.Server:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=client_ca_file)
    context.load_cert_chain(cert_file, key_file)
    context.verify_mode = (
        ssl.CERT_REQUIRED
    )  # no client certificate from our CA: no connection
    context.set_alpn_protocols(["h2"])  # gRPC runs on HTTP/2
    host, upstream_port = upstream.rsplit(":", 1)

    async def forward(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            with contextlib.suppress(ConnectionError, ssl.SSLError):  # a peer hung up
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
        finally:
            writer.close()

    async def handle(
        client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        server_reader, server_writer = await asyncio.open_connection(
            host, int(upstream_port)
        )
        # Pipe bytes both ways until either side closes, or until the program ends
        # (Python 3.11 would report that cancellation of this task as an error).
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(
                forward(client_reader, server_writer),
                forward(server_reader, client_writer),
            )

    return await asyncio.start_server(handle, "127.0.0.1", port, ssl=context)


# endregion: proxy


async def main() -> None:
    ca = make_ca("Orders CA")
    server, client = (
        issue(ca, "localhost", server=True),
        issue(ca, "order-api", server=False),
    )
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, data in {
            "server.crt": server.cert,
            "server.key": server.key,
            "ca.crt": ca.cert,
        }.items():
            (Path(tmp) / name).write_bytes(data)
            files[name] = str(Path(tmp) / name)
        async with temporal_client() as plaintext:
            proxy = await start_mtls_proxy(
                plaintext.service_client.config.target_host,
                cert_file=files["server.crt"],
                key_file=files["server.key"],
                client_ca_file=files["ca.crt"],
            )
            address = "127.0.0.1:%d" % proxy.sockets[0].getsockname()[1]
            tls = TLSConfig(
                server_root_ca_cert=ca.cert,
                domain="localhost",
                client_cert=client.cert,
                client_private_key=client.key,
            )
            secure = await Client.connect(address, tls=tls)
            print(
                "health through the mTLS proxy:",
                await secure.service_client.check_health(),
            )
            proxy.close()


if __name__ == "__main__":
    asyncio.run(main())

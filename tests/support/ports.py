"""Free local ports for the servers the tests start (never a fixed port: tests run side by side)."""

from __future__ import annotations

import socket


def free_port(*taken: int | str) -> int:
    """A port on 127.0.0.1 that nothing listens on now, and not one of ``taken`` (already handed out)."""
    avoid = {str(port) for port in taken}
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port: int = probe.getsockname()[1]
        if str(port) not in avoid:
            return port

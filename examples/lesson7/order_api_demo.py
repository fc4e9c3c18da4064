"""Lesson 7's order API at work: a client sends requests, the answers are printed.

Starts a worker and the API of ``order_api.py`` on a free local port, plays a
client against it, prints each request and its answer, and exits.

Each run uses fresh order ids (``ORD-<run>-1`` ..., with a random ``<run>``), so
it runs again and again on the same cluster: the API refuses an order id whose
workflow has finished. The transcript prints ``<run>`` in place of the random
part, and ``...`` in place of run ids.

Run it: ``python -m examples.lesson7.order_api_demo``
"""

import asyncio
import json
import socket
import uuid
from typing import Any

import httpx
import uvicorn
from temporalio.worker import Worker

from examples.connect import temporal_client
from examples.lesson7.order_api import create_app
from examples.lesson7.order_api_workflow import OrderApprovalWorkflow, check_stock

TASK_QUEUE = "lesson7-order-api"
RUN = uuid.uuid4().hex[:6]  # this run's part of every order id


def shown(text: str) -> str:
    return text.replace(RUN, "<run>")


async def send(
    http: httpx.AsyncClient, method: str, url: str, body: Any = None, note: str = ""
) -> httpx.Response:
    """Send one request; print it (or the note) and the answer, run ids hidden."""
    response = await http.request(method, url, json=body)
    answer = response.json() if response.content else ""
    if isinstance(answer, dict) and "run_id" in answer:
        answer["run_id"] = "..."  # differs on every run
    request = f"{method} {url} {note or (json.dumps(body) if body else '')}"
    print(shown(request.rstrip()))
    answered = f"  -> {response.status_code} {json.dumps(answer) if answer else ''}"
    print(shown(answered.rstrip()))
    return response


async def wait_for_approval_step(http: httpx.AsyncClient, order_id: str) -> None:
    """Poll GET until stock is checked, as a client would (then print that answer)."""
    for _ in range(100):
        response = await http.get(f"/orders/{order_id}")
        if response.json()["status"] != "processing":
            break
        await asyncio.sleep(0.05)
    await send(http, "GET", f"/orders/{order_id}")


# region: demo
async def demo(http: httpx.AsyncClient) -> None:
    first_id, second_id = f"ORD-{RUN}-1", f"ORD-{RUN}-2"
    order = {
        "order_id": first_id,
        "customer_id": "CUST-789",
        "items": [{"sku": "widget", "quantity": 2}],
        "total": "99.99",
    }
    first = await send(http, "POST", "/orders", order)
    retry = await send(
        http, "POST", "/orders", order, note="(the same body: a client retry)"
    )
    print(
        "  same run as the first POST:",
        retry.json()["run_id"] == first.json()["run_id"],
    )
    await wait_for_approval_step(http, first_id)
    await send(http, "POST", f"/orders/{first_id}/approve", {"approver": "alice"})
    # The approval ended the workflow: this one reaches no running workflow.
    await send(http, "POST", f"/orders/{first_id}/approve", {"approver": "bob"})
    await send(http, "POST", "/orders", order, note="(the first order again, finished)")

    second = {**order, "order_id": second_id}
    await send(http, "POST", "/orders", second, note="(a second order)")
    await wait_for_approval_step(http, second_id)
    await send(http, "POST", f"/orders/{second_id}/cancel")
    await send(http, "GET", f"/orders/{second_id}")
    await send(http, "POST", f"/orders/{second_id}/approve", {"approver": "alice"})

    await send(http, "GET", f"/orders/ORD-{RUN}-404")
    await send(
        http, "POST", "/orders", {"order_id": f"ORD-{RUN}-3", "items": [], "total": -5}
    )


# endregion: demo


# region: main
async def main() -> None:
    async with (
        temporal_client() as client,
        Worker(
            client,
            task_queue=TASK_QUEUE,
            workflows=[OrderApprovalWorkflow],
            activities=[check_stock],
        ),
    ):
        app = create_app(client, TASK_QUEUE)
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))  # port 0: the OS picks a free port
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        serving = asyncio.create_task(server.serve(sockets=[listener]))
        try:
            for _ in range(100):  # wait (at most 5 s) until uvicorn accepts requests
                if server.started:
                    break
                await asyncio.sleep(0.05)
            url = f"http://127.0.0.1:{listener.getsockname()[1]}"
            async with httpx.AsyncClient(base_url=url) as http:
                await demo(http)
        finally:
            server.should_exit = True
            await serving


# endregion: main


if __name__ == "__main__":
    asyncio.run(main())

"""examples/lesson7/order_api.py: every endpoint's answer, against the real dev server.

The API runs in-process (httpx's ASGI transport) on the session's dev server
with its own worker and task queue; each test uses fresh order ids.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode
from temporalio.worker import Worker

from examples.lesson7.order_api import create_app
from examples.lesson7.order_api_workflow import OrderApprovalWorkflow, OrderStatus, check_stock

JSON = {"content-type": "application/json"}


@pytest.fixture
async def http(client: Client, task_queue: str) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        Worker(client, task_queue=task_queue, workflows=[OrderApprovalWorkflow], activities=[check_stock]),
        api(client, task_queue) as http,
    ):
        yield http


def api(client: Client, task_queue: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(client, task_queue))
    return httpx.AsyncClient(transport=transport, base_url="http://orders.test")


@pytest.fixture
def order_id() -> str:
    return f"T-{uuid.uuid4().hex[:12]}"


def order_body(order_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "customer_id": "CUST-789",
        "items": [{"sku": "widget", "quantity": 2}],
        "total": "99.99",
        **changes,
    }


async def wait_for_status(http: httpx.AsyncClient, order_id: str, wanted: str) -> dict[str, Any]:
    """Poll GET (at most ~5 s) until the order has the wanted status."""
    for _ in range(200):
        body = (await http.get(f"/orders/{order_id}")).json()
        if body["status"] == wanted:
            return body
        await asyncio.sleep(0.025)
    raise AssertionError(f"order {order_id} never reached {wanted!r}: last seen {body}")


async def awaiting_approval(http: httpx.AsyncClient, order_id: str) -> None:
    assert (await http.post("/orders", json=order_body(order_id))).status_code == 202
    await wait_for_status(http, order_id, "awaiting_approval")


async def executions(client: Client, workflow_id: str) -> list[Any]:
    """The runs visibility lists for this workflow id (polled: visibility lags a little)."""
    for _ in range(100):
        found = [run async for run in client.list_workflows(f'WorkflowId="{workflow_id}"')]
        if found:
            return found
        await asyncio.sleep(0.05)
    return []


# ---------------------------------------------------------------- POST /orders


async def test_post_starts_the_order_workflow_and_answers_202(http, client, order_id):
    response = await http.post("/orders", json=order_body(order_id))
    assert response.status_code == 202
    body = response.json()
    assert body == {
        "order_id": order_id,
        "workflow_id": f"order-{order_id}",
        "run_id": body["run_id"],
        "status": "processing",
    }
    description = await client.get_workflow_handle(f"order-{order_id}").describe()
    assert description.run_id == body["run_id"]
    assert description.workflow_type == "OrderApprovalWorkflow"


async def test_a_retried_post_joins_the_same_run(http, client, order_id):
    first = await http.post("/orders", json=order_body(order_id))
    again = await http.post("/orders", json=order_body(order_id))
    racing = await asyncio.gather(*(http.post("/orders", json=order_body(order_id)) for _ in range(5)))
    assert {r.status_code for r in [first, again, *racing]} == {202}
    assert all(r.json() == first.json() for r in [again, *racing])  # same workflow id and run id
    [only_run] = await executions(client, f"order-{order_id}")
    assert only_run.run_id == first.json()["run_id"]


async def test_a_retry_with_another_body_gets_the_first_order(http, client, order_id):
    # USE_EXISTING joins the running order whatever the new body says: the first one wins.
    first = await http.post("/orders", json=order_body(order_id))
    other = await http.post("/orders", json=order_body(order_id, total="1.00"))
    assert other.status_code == 202
    assert other.json()["run_id"] == first.json()["run_id"]


async def test_post_for_a_finished_order_is_409_and_starts_nothing(http, client, order_id):
    await awaiting_approval(http, order_id)
    await http.post(f"/orders/{order_id}/approve", json={"approver": "alice"})
    response = await http.post("/orders", json=order_body(order_id))
    assert response.status_code == 409
    assert response.json() == {"detail": f"order {order_id} already exists and is closed"}
    assert len(await executions(client, f"order-{order_id}")) == 1


# ---------------------------------------------------------------- GET /orders/{id}


async def test_get_answers_with_the_workflow_status(http, order_id):
    await http.post("/orders", json=order_body(order_id))
    body = await wait_for_status(http, order_id, "awaiting_approval")
    assert body == {
        "order_id": order_id,
        "status": "awaiting_approval",
        "stage": "stock_checked",
        "approved_by": None,
    }


async def test_while_stock_is_checked_the_order_is_processing_and_cannot_be_approved(client, task_queue, order_id):
    # A worker without the activity: the order stays in "processing".
    async with (
        Worker(client, task_queue=task_queue, workflows=[OrderApprovalWorkflow]),
        api(client, task_queue) as http,
    ):
        await http.post("/orders", json=order_body(order_id))
        response = await http.get(f"/orders/{order_id}")
        assert response.status_code == 200
        assert response.json()["status"] == "processing"
        assert response.json()["stage"] == "received"

        response = await http.post(f"/orders/{order_id}/approve", json={"approver": "alice"})
        assert response.status_code == 409
        assert response.json() == {"detail": f"order {order_id} is processing, not awaiting approval"}
        # Cancelling is allowed at this stage.
        assert (await http.post(f"/orders/{order_id}/cancel")).status_code == 204
        assert (await http.get(f"/orders/{order_id}")).json()["status"] == "canceled"
    await client.get_workflow_handle(f"order-{order_id}").terminate("test over")


# ---------------------------------------------------------------- approve / cancel


async def test_approve_answers_200_with_the_update_result(http, client, order_id):
    await awaiting_approval(http, order_id)
    response = await http.post(f"/orders/{order_id}/approve", json={"approver": "alice"})
    assert response.status_code == 200
    approved = {
        "order_id": order_id,
        "status": "approved",
        "stage": "stock_checked",
        "approved_by": "alice",
    }
    assert response.json() == approved
    assert (await http.get(f"/orders/{order_id}")).json() == approved
    handle = client.get_workflow_handle_for(OrderApprovalWorkflow.run, f"order-{order_id}")
    result = await handle.result()
    assert result == OrderStatus(order_id, "approved", "stock_checked", "alice")


async def test_approving_twice_is_409(http, order_id):
    await awaiting_approval(http, order_id)
    await http.post(f"/orders/{order_id}/approve", json={"approver": "alice"})
    response = await http.post(f"/orders/{order_id}/approve", json={"approver": "bob"})
    assert response.status_code == 409
    assert response.json() == {"detail": f"order {order_id} is already approved"}
    assert (await http.get(f"/orders/{order_id}")).json()["approved_by"] == "alice"


async def test_cancel_answers_204_and_the_order_is_canceled(http, client, order_id):
    await awaiting_approval(http, order_id)
    response = await http.post(f"/orders/{order_id}/cancel")
    assert response.status_code == 204
    assert response.content == b""
    assert (await http.get(f"/orders/{order_id}")).json()["status"] == "canceled"
    description = await client.get_workflow_handle(f"order-{order_id}").describe()
    assert description.status == WorkflowExecutionStatus.COMPLETED


async def test_a_canceled_order_cannot_be_approved_or_canceled_again(http, order_id):
    await awaiting_approval(http, order_id)
    await http.post(f"/orders/{order_id}/cancel")
    approve = await http.post(f"/orders/{order_id}/approve", json={"approver": "alice"})
    cancel = await http.post(f"/orders/{order_id}/cancel")
    assert (approve.status_code, approve.json()) == (
        409,
        {"detail": f"order {order_id} is already canceled"},
    )
    assert (cancel.status_code, cancel.json()) == (
        409,
        {"detail": f"order {order_id} is already canceled"},
    )


async def test_an_approved_order_cannot_be_canceled(http, order_id):
    await awaiting_approval(http, order_id)
    await http.post(f"/orders/{order_id}/approve", json={"approver": "alice"})
    response = await http.post(f"/orders/{order_id}/cancel")
    assert response.status_code == 409
    assert response.json() == {"detail": f"order {order_id} is already approved"}


async def test_a_workflow_canceled_from_outside_reports_canceled(http, client, order_id):
    # e.g. an operator ran `temporal workflow cancel`: the query still answers.
    await awaiting_approval(http, order_id)
    await client.get_workflow_handle(f"order-{order_id}").cancel()
    await wait_for_status(http, order_id, "canceled")
    response = await http.post(f"/orders/{order_id}/approve", json={"approver": "alice"})
    assert response.status_code == 409


# ---------------------------------------------------------------- 404


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/orders/{id}", None),
        ("POST", "/orders/{id}/cancel", None),
        ("POST", "/orders/{id}/approve", {"approver": "alice"}),
    ],
    ids=["get", "cancel", "approve"],
)
async def test_unknown_order_is_404(http, order_id, method, path, body):
    response = await http.request(method, path.format(id=order_id), json=body)
    assert response.status_code == 404
    assert response.json() == {"detail": f"order {order_id} not found"}


# ---------------------------------------------------------------- 400


def post_orders(**kwargs: Any) -> tuple[str, str, dict[str, Any]]:
    return "POST", "/orders", kwargs


BAD_REQUESTS = {
    # name: (method, path, httpx arguments, words the message must contain)
    "malformed-json": (*post_orders(content=b'{"order_id": ', headers=JSON), "malformed JSON"),
    "not-json-at-all": (*post_orders(content=b"\xff\xfe", headers=JSON), "malformed JSON"),
    "no-body": (*post_orders(), "body: Field required"),
    "json-array": (*post_orders(json=[order_body("A-1")]), "must be a JSON object"),
    "form-encoded": (*post_orders(data={"order_id": "A-1"}), "must be a JSON object"),
    "missing-customer": (
        *post_orders(json={k: v for k, v in order_body("A-1").items() if k != "customer_id"}),
        "customer_id: Field required",
    ),
    "missing-everything": (*post_orders(json={}), "order_id: Field required"),
    "total-not-a-number": (*post_orders(json=order_body("A-1", total="abc")), "total:"),
    "total-negative": (
        *post_orders(json=order_body("A-1", total=-5)),
        "total: Input should be greater than 0",
    ),
    "total-zero": (
        *post_orders(json=order_body("A-1", total=0)),
        "total: Input should be greater than 0",
    ),
    "total-three-decimals": (*post_orders(json=order_body("A-1", total="9.999")), "total:"),
    "total-NaN": (
        *post_orders(content=b'{"order_id": "A-1", "total": NaN}', headers=JSON),
        "total: Input should be a finite number",
    ),
    "items-empty": (
        *post_orders(json=order_body("A-1", items=[])),
        "items: List should have at least 1",
    ),
    "items-not-a-list": (*post_orders(json=order_body("A-1", items="widget")), "items:"),
    "quantity-a-string": (
        *post_orders(json=order_body("A-1", items=[{"sku": "w", "quantity": "2"}])),
        "items.0.quantity: Input should be a valid integer",
    ),
    "quantity-huge": (
        *post_orders(json=order_body("A-1", items=[{"sku": "w", "quantity": 10**30}])),
        "items.0.quantity:",
    ),
    "customer-a-number": (*post_orders(json=order_body("A-1", customer_id=123)), "customer_id:"),
    "misspelt-field": (
        *post_orders(json={**order_body("A-1"), "orderID": "A-1"}),
        "orderID: Extra inputs are not permitted",
    ),
    "order-id-with-space": (
        *post_orders(json=order_body("ORD 1")),
        "order_id: String should match",
    ),
    "order-id-empty": (*post_orders(json=order_body("")), "order_id:"),
    "bad-id-in-path": ("GET", "/orders/ORD%201", {}, "order_id: String should match"),
    "too-long-id-in-path": ("GET", "/orders/" + "x" * 5000, {}, "order_id: String should match"),
    "approve-without-body": ("POST", "/orders/A-1/approve", {}, "body: Field required"),
    "approve-malformed-json": (
        "POST",
        "/orders/A-1/approve",
        {"content": b"{approver}", "headers": JSON},
        "malformed JSON",
    ),
    "approve-empty-approver": (
        "POST",
        "/orders/A-1/approve",
        {"json": {"approver": ""}},
        "approver:",
    ),
}


@pytest.mark.parametrize(("method", "path", "kwargs", "message"), BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
async def test_invalid_request_is_400_naming_the_problem(http, method, path, kwargs, message):
    response = await http.request(method, path, **kwargs)
    assert response.status_code == 400
    assert message in response.json()["detail"]


# ---------------------------------------------------------------- no client mistake is a 500

MISTAKES = {
    # name: (method, path, httpx arguments, expected status); {id} is an order awaiting approval
    **{name: (method, path, kwargs, 400) for name, (method, path, kwargs, _) in BAD_REQUESTS.items()},
    "list-orders": ("GET", "/orders", {}, 405),
    "delete-order": ("DELETE", "/orders/{id}", {}, 405),
    "put-approve": ("PUT", "/orders/{id}/approve", {"json": {"approver": "a"}}, 405),
    "get-cancel": ("GET", "/orders/{id}/cancel", {}, 405),
    "unknown-route": ("POST", "/order", {"json": order_body("A-1")}, 404),
    "unknown-sub-route": ("GET", "/orders/{id}/items", {}, 404),
    "slash-in-id": ("GET", "/orders/a%2Fb", {}, 404),
    "unknown-order": ("GET", "/orders/NO-SUCH-ORDER", {}, 404),
    "cancel-unknown": ("POST", "/orders/NO-SUCH-ORDER/cancel", {}, 404),
    "approve-with-extra-field": (
        "POST",
        "/orders/{id}/approve",
        {"json": {"approver": "a", "note": "x"}},
        400,
    ),
}


@pytest.mark.parametrize(("method", "path", "kwargs", "expected"), MISTAKES.values(), ids=MISTAKES.keys())
async def test_no_client_mistake_gives_500(http, order_id, method, path, kwargs, expected):
    await awaiting_approval(http, order_id)
    response = await http.request(method, path.replace("{id}", order_id), **kwargs)
    assert response.status_code == expected, response.text


# ---------------------------------------------------------------- other cluster errors


class UnavailableCluster:
    """A client (and workflow handle) whose cluster answers every call with UNAVAILABLE."""

    def get_workflow_handle_for(self, run: Any, workflow_id: str) -> "UnavailableCluster":
        return self

    async def query(self, *args: Any, **kwargs: Any) -> Any:
        raise RPCError("cluster unavailable", RPCStatusCode.UNAVAILABLE, b"")

    async def execute_update(self, *args: Any, **kwargs: Any) -> Any:
        raise RPCError("cluster unavailable", RPCStatusCode.UNAVAILABLE, b"")


async def test_other_cluster_errors_are_not_disguised_as_404_or_409(order_id):
    """Only NOT_FOUND means "no such order": any other RPC error propagates (a 500)."""
    async with api(UnavailableCluster(), "unused") as http:  # type: ignore[arg-type]
        with pytest.raises(RPCError, match="cluster unavailable"):
            await http.get(f"/orders/{order_id}")
        with pytest.raises(RPCError, match="cluster unavailable"):
            await http.post(f"/orders/{order_id}/cancel")


@pytest.mark.parametrize("status", ["approved", "canceled"])
def test_the_cancel_validator_rejects_an_order_already_decided(status):
    workflow = OrderApprovalWorkflow.__new__(OrderApprovalWorkflow)
    workflow._status = OrderStatus("A-1", status=status, stage="stock_checked")
    with pytest.raises(ValueError, match=f"order A-1 is already {status}"):
        workflow.validate_cancel()

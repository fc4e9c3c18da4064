"""A thin HTTP layer over Temporal: a FastAPI order API.

Each handler translates one HTTP request into one Temporal client call and
returns at once; the workflow does the work.

    POST /orders                     start the order's workflow     202 Accepted
    GET  /orders/{order_id}          query its status               200 OK
    POST /orders/{order_id}/approve  update "approve"               200 OK
    POST /orders/{order_id}/cancel   update "cancel"                204 No Content

Client mistakes get 4xx, never 500: 400 for a body or id that is not valid,
404 for an order that does not exist, 409 for a request the order's state
refuses.

``order_api_demo.py`` runs it: a worker, this API on a free local port, and a
client that sends the requests and prints the answers.
"""

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Annotated

from fastapi import FastAPI, HTTPException, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictInt
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from examples.lesson7.order_api_workflow import (
    Approval,
    Order,
    OrderApprovalWorkflow,
    OrderItem,
    OrderStatus,
)

# region: request-models
ORDER_ID = r"^[A-Za-z0-9-]{1,64}$"
OrderId = Annotated[str, Path(pattern=ORDER_ID)]


class Item(BaseModel):
    model_config = ConfigDict(
        extra="forbid"
    )  # a misspelt field is an error, not ignored
    sku: str = Field(min_length=1, max_length=64)
    quantity: StrictInt = Field(gt=0, le=1000)  # strict: "2" and true are not numbers


class CreateOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order_id: str = Field(pattern=ORDER_ID)
    customer_id: str = Field(min_length=1, max_length=64)
    items: list[Item] = Field(min_length=1)
    total: Decimal = Field(gt=0, max_digits=10, decimal_places=2)


class Approve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approver: str = Field(min_length=1, max_length=64)


class OrderAccepted(BaseModel):
    order_id: str
    workflow_id: str
    run_id: str | None
    status: str


# endregion: request-models


# region: bad-request
def explain(error: RequestValidationError) -> str:
    """One line a person can act on, naming each field that is wrong."""
    problems = []
    for problem in error.errors():
        where = ".".join(
            str(part) for part in problem["loc"][1:]
        )  # drop "body" / "path"
        if problem["type"] == "json_invalid":
            problems.append(
                f"malformed JSON at character {where}: {problem['ctx']['error']}"
            )
        elif problem["type"] == "model_attributes_type" and not where:
            problems.append(
                "the body must be a JSON object (Content-Type: application/json)"
            )
        else:
            problems.append(f"{where or 'body'}: {problem['msg']}")
    return "; ".join(problems)


async def bad_request(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)  # the only error it handles
    # FastAPI answers 422 by default; this API promises 400 with a readable message.
    return JSONResponse(status_code=400, content={"detail": explain(error)})


# endregion: bad-request


def create_app(client: Client, task_queue: str) -> FastAPI:
    app = FastAPI(title="Orders")
    app.add_exception_handler(RequestValidationError, bad_request)

    # region: create-order
    @app.post("/orders", status_code=202)
    async def create_order(body: CreateOrder) -> OrderAccepted:
        order = Order(
            order_id=body.order_id,
            customer_id=body.customer_id,
            items=[OrderItem(item.sku, item.quantity) for item in body.items],
            total_cents=int(body.total * 100),
        )
        try:
            handle = await client.start_workflow(
                OrderApprovalWorkflow.run,
                order,
                id=f"order-{body.order_id}",  # the business id: one workflow per order
                task_queue=task_queue,
                # A client that retries this POST (it timed out, the answer got lost)
                # gets the running order back: no error, no second workflow.
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
                # An order id whose workflow has finished is never run again. (The
                # default, ALLOW_DUPLICATE, would start a second run of the order.)
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
        except WorkflowAlreadyStartedError as err:
            raise HTTPException(
                409, f"order {body.order_id} already exists and is closed"
            ) from err
        return OrderAccepted(
            order_id=body.order_id,
            workflow_id=handle.id,
            # The run this POST started, or the one it joined:
            run_id=handle.result_run_id,
            status="processing",
        )

    # endregion: create-order

    # region: get-order
    @app.get("/orders/{order_id}")
    async def get_order(order_id: OrderId) -> OrderStatus:
        handle = client.get_workflow_handle_for(
            OrderApprovalWorkflow.run, f"order-{order_id}"
        )
        try:
            return await handle.query(OrderApprovalWorkflow.get_status)
        except RPCError as err:
            if (
                err.status == RPCStatusCode.NOT_FOUND
            ):  # the status code, not the message text
                raise HTTPException(404, f"order {order_id} not found") from err
            raise

    # endregion: get-order

    # region: decisions
    OrderHandle = WorkflowHandle[OrderApprovalWorkflow, OrderStatus]

    async def decide(
        order_id: str, update: Callable[[OrderHandle], Awaitable[OrderStatus]]
    ) -> OrderStatus:
        handle = client.get_workflow_handle_for(
            OrderApprovalWorkflow.run, f"order-{order_id}"
        )
        try:
            return await update(handle)
        except WorkflowUpdateFailedError as err:  # the workflow's validator said no
            # Its ValueError arrives as an ApplicationError carrying the same message.
            reason = (
                err.cause.message
                if isinstance(err.cause, ApplicationError)
                else str(err)
            )
            raise HTTPException(409, reason) from err
        except RPCError as err:
            if err.status != RPCStatusCode.NOT_FOUND:
                raise
            # NOT_FOUND: no such order (404), or its workflow has already finished,
            # approved or canceled (409). The query answers for finished workflows too.
            status = await get_order(order_id)
            raise HTTPException(
                409, f"order {order_id} is already {status.status}"
            ) from err

    @app.post("/orders/{order_id}/approve")
    async def approve_order(order_id: OrderId, body: Approve) -> OrderStatus:
        approval = Approval(body.approver)
        return await decide(
            order_id,
            lambda order: order.execute_update(OrderApprovalWorkflow.approve, approval),
        )

    # Cancel is an update too. A signal or handle.cancel() cannot refuse anything (a
    # cancel request to a finished workflow even succeeds), so no 409 would be possible.
    @app.post("/orders/{order_id}/cancel", status_code=204)
    async def cancel_order(order_id: OrderId) -> Response:
        await decide(
            order_id, lambda order: order.execute_update(OrderApprovalWorkflow.cancel)
        )
        return Response(status_code=204)

    # endregion: decisions

    return app

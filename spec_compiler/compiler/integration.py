"""Each operation's `x-amazon-apigateway-integration`: a DynamoDB action, the role it runs as, its
templates and the statuses a client can get from it; and the API's gateway responses.

URIs and role ARNs use `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}`, which import
resolves, so one document serves any account. Each table has a read role and a write role, named by
`role_name`, which `deploy` provisions with exactly the actions the integrations use.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from spec_compiler.compiler.templates import ACTIONS, templates
from spec_compiler.document import Role
from spec_compiler.model.ir import READ_OPERATIONS, Entity, OperationName

SUCCESS, CLIENT_ERROR, SERVER_ERROR = "2\\d{2}", "4\\d{2}", "5\\d{2}"
JSON = "application/json"

# What each operation answers on success: status -> body ("item", "page", "empty" or "error"), the
# status its 2xx response declares first, then those its template may switch to.
SUCCESS_STATUSES: dict[OperationName, dict[str, str]] = {
    "get": {"200": "item", "404": "error"},
    "put": {"200": "empty", "201": "empty"},
    "patch": {"200": "item", "404": "error"},
    "delete": {"204": "empty", "404": "error"},
    "create": {"201": "empty", "409": "error"},
    "list": {"200": "page"},
    "query": {"200": "page"},
}
ERROR_STATUSES = {"400": "error", "429": "error", "500": "error", "502": "error"}

_IAM_UNSAFE = re.compile(r"[^A-Za-z0-9+=,.@_-]")
_IAM_ROLE_NAME_MAX = 64


@dataclass(frozen=True)
class IntegrationPlan:
    """What the document needs for one operation: the integration block, its role, its statuses."""

    extension: dict[str, Any]
    role: Role
    statuses: dict[str, str]


def integration_plan(entity: Entity, operation: OperationName) -> IntegrationPlan:
    """The integration of one operation of an entity."""
    role = operation_role(entity, operation)
    rendered = templates(entity, operation)
    statuses = {**SUCCESS_STATUSES[operation], **ERROR_STATUSES}
    extension = {
        "type": "aws",
        "httpMethod": "POST",
        "uri": f"arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:dynamodb:action/{ACTIONS[operation]}",
        "credentials": f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{role.name}",
        "passthroughBehavior": "never",
        "requestTemplates": {JSON: rendered.request},
        "responses": {
            SUCCESS: _response(next(iter(SUCCESS_STATUSES[operation])), rendered.success),
            CLIENT_ERROR: _response("400", rendered.client_error),
            SERVER_ERROR: _response("502", rendered.server_error),
        },
    }
    return IntegrationPlan(extension=extension, role=role, statuses=dict(sorted(statuses.items())))


def operation_role(entity: Entity, operation: OperationName) -> Role:
    """The role an operation's integration runs as: its table's read or write role."""
    access = "read" if operation in READ_OPERATIONS else "write"
    return Role(name=role_name(entity.table, access), table=entity.table, access=access)


def _response(status: str, template: str) -> dict[str, Any]:
    return {"statusCode": status, "responseTemplates": {JSON: template}}


def role_name(table: str, access: str) -> str:
    """`<table>-apigw-<access>`, within IAM's characters and 64-character limit, deterministically.

    A table name too long for the limit is cut and given a short digest of the full name, so two long
    names that share a beginning still get distinct roles.
    """
    suffix = f"-apigw-{access}"
    base = _IAM_UNSAFE.sub("-", table)
    if len(base) + len(suffix) <= _IAM_ROLE_NAME_MAX and base == table:
        return base + suffix
    digest = hashlib.sha256(table.encode()).hexdigest()[:8]
    return f"{base[: _IAM_ROLE_NAME_MAX - len(suffix) - len(digest) - 1]}-{digest}{suffix}"


def gateway_responses() -> dict[str, Any]:
    """JSON bodies for the errors API Gateway answers itself, in the API's `{"message": ...}` shape."""
    message = '{"message": $context.error.messageString}'
    return {
        "BAD_REQUEST_BODY": _gateway_response(
            "400", '{"message": "Invalid request body: $context.error.validationErrorString"}'
        ),
        "BAD_REQUEST_PARAMETERS": _gateway_response("400", message),
        "UNSUPPORTED_MEDIA_TYPE": _gateway_response(
            "415", '{"message": "Unsupported media type: send application/json."}'
        ),
        # What AWS answers for an unknown route or method: 403 {"message": "Missing Authentication Token"}.
        "MISSING_AUTHENTICATION_TOKEN": _gateway_response("403", message),
        "DEFAULT_4XX": _gateway_response(None, message),
        "DEFAULT_5XX": _gateway_response(None, message),
    }


def _gateway_response(status: str | None, template: str) -> dict[str, Any]:
    response: dict[str, Any] = {} if status is None else {"statusCode": status}
    response["responseTemplates"] = {JSON: template}
    return response

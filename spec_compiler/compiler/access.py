"""Access control, CORS and caching in the document, within API Gateway's import rules.

- Security schemes are all `type: apiKey` with `x-amazon-apigateway-authtype` and, for authorizers,
  `x-amazon-apigateway-authorizer` (the only form import understands); `security` goes on each operation
  (root-level `security` is ignored by import).
- CORS: an OPTIONS mock integration per path answers the preflight; every method response, every
  integration response and every gateway response carries `Access-Control-Allow-Origin` (a static value:
  API Gateway maps one literal origin), so browsers can read errors too.
- Caching: `cacheKeyParameters` name every path and query parameter of a cached read, so two requests
  share a cached answer only when they would get the same one. The stage settings (cluster size, per-method
  TTL) are not part of OpenAPI; they travel in `x-spec-compiler.cache` for `deploy`.
"""

from __future__ import annotations

import copy
from typing import Any

from spec_compiler.model.access_rules import RESERVED_NAMES
from spec_compiler.model.ir import READ_OPERATIONS, Access, Api, Authorizer, Cors, Entity, OperationName

API_KEY_SCHEME, SIGV4_SCHEME = RESERVED_NAMES
API_KEY_HEADER = "x-api-key"
ALLOW_ORIGIN = "Access-Control-Allow-Origin"
ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials"
PREFLIGHT_TEMPLATE = '{"statusCode": 200}'


def security_schemes(api: Api) -> dict[str, Any]:
    """Every scheme some operation uses, sorted by name."""
    schemes: dict[str, Any] = {}
    for entity in api.entities:
        for _, access in entity.access:
            if access.api_key:
                schemes[API_KEY_SCHEME] = {"type": "apiKey", "name": API_KEY_HEADER, "in": "header"}
            if access.kind == "iam":
                schemes[SIGV4_SCHEME] = {
                    "type": "apiKey",
                    "name": "Authorization",
                    "in": "header",
                    "x-amazon-apigateway-authtype": "awsSigv4",
                }
            if access.authorizer is not None:
                schemes[access.authorizer.name] = authorizer_scheme(access.authorizer)
    return dict(sorted(schemes.items()))


def authorizer_scheme(authorizer: Authorizer) -> dict[str, Any]:
    """A Cognito or Lambda authorizer as import wants it."""
    if authorizer.kind == "cognito":
        return {
            "type": "apiKey",
            "name": "Authorization",
            "in": "header",
            "x-amazon-apigateway-authtype": "cognito_user_pools",
            "x-amazon-apigateway-authorizer": {
                "type": "cognito_user_pools",
                "providerARNs": list(authorizer.pool_arns),
            },
        }
    _, partition, _, region = authorizer.function_arn.split(":")[:4]
    spec: dict[str, Any] = {
        "type": authorizer.kind,
        "authorizerUri": f"arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/"
        f"{authorizer.function_arn}/invocations",
        "identitySource": ", ".join(authorizer.identity_sources),
        "authorizerResultTtlInSeconds": authorizer.ttl,
    }
    if authorizer.invoke_role_arn:
        spec["authorizerCredentials"] = authorizer.invoke_role_arn
    header = authorizer.identity_sources[0].removeprefix("method.request.header.")
    return {
        "type": "apiKey",
        "name": header if authorizer.kind == "token" else "Unused",
        "in": "header",
        "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": spec,
    }


def security(access: Access) -> list[dict[str, list[str]]] | None:
    """The operation's `security`: one requirement naming its authorizer and/or API key; None if public."""
    requirement: dict[str, list[str]] = {}
    if access.kind == "iam":
        requirement[SIGV4_SCHEME] = []
    elif access.authorizer is not None:
        requirement[access.authorizer.name] = list(access.scopes)
    if access.api_key:
        requirement[API_KEY_SCHEME] = []
    return [requirement] if requirement else None


def uses_api_keys(api: Api) -> bool:
    return any(access.api_key for entity in api.entities for _, access in entity.access)


# --- CORS ----------------------------------------------------------------------------------------------
def _static_headers(target: str, headers: dict[str, str]) -> dict[str, str]:
    """Response parameters giving each header its fixed value (API Gateway wants literals in single
    quotes); `target` is `method.response` or `gatewayresponse`."""
    return {f"{target}.header.{name}": f"'{value}'" for name, value in headers.items()}


def cors_headers(cors: Cors) -> dict[str, str]:
    """The headers every actual (non-preflight) response carries, as static values."""
    headers = {ALLOW_ORIGIN: cors.origin}
    if cors.credentials:
        headers[ALLOW_CREDENTIALS] = "true"
    return headers


def preflight_headers(cors: Cors, methods: list[str]) -> dict[str, str]:
    headers = {
        **cors_headers(cors),
        "Access-Control-Allow-Methods": ",".join([*(m.upper() for m in methods), "OPTIONS"]),
        "Access-Control-Allow-Headers": ",".join(cors.headers),
    }
    if cors.max_age is not None:
        headers["Access-Control-Max-Age"] = str(cors.max_age)
    return headers


def _declared(headers: dict[str, str]) -> dict[str, Any]:
    return {name: {"schema": {"type": "string"}} for name in headers}


def preflight(
    cors: Cors, methods: list[str], operation_id: str, path_parameters: list[dict[str, Any]]
) -> dict[str, Any]:
    """The OPTIONS operation of one path: a public mock answering 200 with the Access-Control-* headers.

    It declares the path's parameters (OpenAPI requires it) but validates nothing: browsers send none.
    """
    headers = preflight_headers(cors, methods)
    operation: dict[str, Any] = {
        "summary": "CORS preflight: which origin, methods and headers browsers may use here",
        "operationId": operation_id,
    }
    if path_parameters:
        operation["parameters"] = copy.deepcopy(path_parameters)
    return operation | {
        "responses": {"200": {"description": "OK", "headers": _declared(headers)}},
        "x-amazon-apigateway-integration": {
            "type": "mock",
            "requestTemplates": {"application/json": PREFLIGHT_TEMPLATE},
            "passthroughBehavior": "when_no_match",
            "responses": {
                "default": {
                    "statusCode": "200",
                    "responseParameters": _static_headers("method.response", headers),
                }
            },
        },
    }


def with_cors(
    responses: dict[str, Any], integration: dict[str, Any], cors: Cors
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Copies of an operation's responses and integration, every one carrying the CORS headers."""
    headers = cors_headers(cors)
    responses = copy.deepcopy(responses)
    for response in responses.values():
        response["headers"] = {**response.get("headers", {}), **_declared(headers)}
    integration = copy.deepcopy(integration)
    for response in integration.get("responses", {}).values():
        response["responseParameters"] = {
            **response.get("responseParameters", {}),
            **_static_headers("method.response", headers),
        }
    return responses, integration


def gateway_responses_with_cors(responses: dict[str, Any], cors: Cors | None) -> dict[str, Any]:
    """The gateway responses, each with the CORS headers so browsers can read API Gateway's own errors."""
    if cors is None:
        return responses
    responses, headers = copy.deepcopy(responses), cors_headers(cors)
    for response in responses.values():
        response["responseParameters"] = {
            **response.get("responseParameters", {}),
            **_static_headers("gatewayresponse", headers),
        }
    return responses


# --- caching -------------------------------------------------------------------------------------------
def cache_key_parameters(parameters: list[dict[str, Any]]) -> list[str]:
    """Every path and query parameter of a cached read: its answer depends on all of them."""
    where = {"path": "path", "query": "querystring"}
    return [f"method.request.{where[p['in']]}.{p['name']}" for p in parameters if p["in"] in where]


def cached(entity: Entity, op: OperationName) -> bool:
    return entity.cache_ttl is not None and op in READ_OPERATIONS

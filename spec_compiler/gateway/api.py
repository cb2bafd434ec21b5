"""The document prepared for serving: routes, validators, integrations and templates, all built once.

Loading reads only the OpenAPI document, as API Gateway's import does: `${AWS::...}` variables resolved,
each operation's request validator and integration compiled, gateway responses compiled. Anything API
Gateway would reject at import, or that `serve` cannot run, is a `DocumentError` naming where it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from spec_compiler.document import INTEGRATION, operations, resolve_aws_variables
from spec_compiler.errors import DocumentError
from spec_compiler.gateway.gateway_responses import GatewayResponses
from spec_compiler.gateway.parameters import HeaderMapping, header_mappings
from spec_compiler.gateway.routes import Router
from spec_compiler.gateway.security import Requirement, Scheme, requirement, security_schemes
from spec_compiler.gateway.templates import Template
from spec_compiler.gateway.validation import RequestValidator, RequiredParameter, body_validator

VALIDATORS = "x-amazon-apigateway-request-validators"
VALIDATOR = "x-amazon-apigateway-request-validator"
_LOCATIONS = {"path": "path", "query": "querystring", "header": "header"}
_AWS_URI = re.compile(r"arn:[^:]+:apigateway:(?P<region>[^:]*):(?P<service>[^:]+):action/(?P<action>\w+)")
DEFAULT_TIMEOUT_MS = 29_000


@dataclass(frozen=True)
class IntegrationResponse:
    """One entry of the integration's `responses`: which backend statuses it takes and how it answers."""

    selection: re.Pattern[str] | None  # None for `default`
    status: int
    templates: dict[str, Template]
    headers: list[HeaderMapping]


@dataclass(frozen=True)
class Integration:
    """How a method reaches its backend: `aws` (a DynamoDB action) or `mock`."""

    kind: str
    action: str | None
    region: str | None
    request_templates: dict[str, Template]
    passthrough: str
    responses: list[IntegrationResponse]
    timeout: float

    def select(self, status: str) -> IntegrationResponse | None:
        """The response whose selection regex fully matches the status, else `default`, else None."""
        default = None
        for response in self.responses:
            if response.selection is None:
                default = default or response
            elif response.selection.fullmatch(status):
                return response
        return default


@dataclass(frozen=True)
class Method:
    """One operation ready to serve."""

    operation_id: str
    resource_path: str
    http_method: str
    validator: RequestValidator | None
    integration: Integration
    requirement: Requirement | None = None


@dataclass(frozen=True)
class Api:
    """Everything a request needs from the document."""

    title: str
    router: Router[Method]
    methods: list[Method]
    gateway_responses: GatewayResponses
    schemes: dict[str, Scheme] = field(default_factory=dict)


def load_api(document: dict[str, Any], *, partition: str, region: str, account_id: str) -> Api:
    """Compile a document for serving (templates, regexes, validators), resolving AWS variables first."""
    resolved = json.loads(
        resolve_aws_variables(json.dumps(document), partition=partition, region=region, account_id=account_id)
    )
    validators = resolved.get(VALIDATORS) or {}
    default_validator = resolved.get(VALIDATOR)
    router: Router[Method] = Router()
    methods = []
    schemes = security_schemes(resolved)
    for operation in operations(resolved):
        where = f"paths.{operation.path}.{operation.method}"
        method = Method(
            operation_id=operation.spec.get("operationId", where),
            resource_path=operation.path,
            http_method=operation.method.upper(),
            validator=_validator(
                operation.spec, operation.spec.get(VALIDATOR, default_validator), validators, resolved, where
            ),
            integration=_integration(operation.integration, f"{where}.{INTEGRATION}"),
            requirement=requirement(operation.spec, schemes, where),
        )
        try:
            router.add(operation.path, operation.method, method)
        except ValueError as error:
            raise DocumentError(f"paths: {error}") from None
        methods.append(method)
    title = (resolved.get("info") or {}).get("title", "API")
    return Api(title, router, methods, GatewayResponses(resolved), schemes)


def _validator(
    spec: dict[str, Any], name: str | None, validators: dict[str, Any], document: dict[str, Any], where: str
) -> RequestValidator | None:
    if name is None:
        return None
    settings = validators.get(name)
    if not isinstance(settings, dict):
        raise DocumentError(f"{where}: request validator {name!r} is not declared in {VALIDATORS}.")
    required = []
    if settings.get("validateRequestParameters"):
        for parameter in spec.get("parameters") or []:
            if "$ref" in parameter:
                parameter = _resolve(document, parameter["$ref"], where)
            location = _LOCATIONS.get(parameter.get("in", ""))
            if location and (parameter.get("required") or location == "path"):
                key = parameter["name"].lower() if location == "header" else parameter["name"]
                required.append(RequiredParameter(location, key))
    body_validators = {}
    if settings.get("validateRequestBody"):
        content = ((spec.get("requestBody") or {}).get("content")) or {}
        for media, media_spec in content.items():
            schema = (media_spec or {}).get("schema")
            if schema:
                body_validators[media.lower()] = body_validator(schema, document)
    return RequestValidator(required=required, body_validators=body_validators)


def _integration(spec: dict[str, Any] | None, where: str) -> Integration:
    if not isinstance(spec, dict):
        raise DocumentError(f"{where}: missing; every operation needs an integration to be served.")
    kind = str(spec.get("type", "")).lower()
    action = region = None
    if kind == "aws":
        match = _AWS_URI.fullmatch(str(spec.get("uri", "")))
        if match is None or match["service"] != "dynamodb":
            raise DocumentError(
                f"{where}.uri: {spec.get('uri')!r} is not a DynamoDB action; "
                "serve runs DynamoDB integrations only."
            )
        action, region = match["action"], match["region"] or None
    elif kind != "mock":
        raise DocumentError(f"{where}.type: {kind!r} is not supported by serve (aws for DynamoDB, or mock).")
    responses = []
    for selection, response in (spec.get("responses") or {}).items():
        at = f"{where}.responses.{selection}"
        try:
            pattern = None if selection == "default" else re.compile(selection)
            status = int(response["statusCode"])
        except (re.error, KeyError, TypeError, ValueError) as error:
            raise DocumentError(f"{at}: bad selection pattern or statusCode ({error}).") from None
        templates = {
            media: Template(text, f"{at}.responseTemplates.{media}")
            for media, text in (response.get("responseTemplates") or {}).items()
        }
        headers = header_mappings(response.get("responseParameters"), "method.response", at)
        responses.append(IntegrationResponse(pattern, status, templates, headers))
    return Integration(
        kind=kind,
        action=action,
        region=region,
        request_templates={
            media.lower(): Template(text, f"{where}.requestTemplates.{media}")
            for media, text in (spec.get("requestTemplates") or {}).items()
        },
        passthrough=str(spec.get("passthroughBehavior", "when_no_match")).lower(),
        responses=responses,
        timeout=int(spec.get("timeoutInMillis", DEFAULT_TIMEOUT_MS)) / 1000,
    )


def _resolve(document: dict[str, Any], ref: str, where: str) -> dict[str, Any]:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, dict):
        raise DocumentError(f"{where}: cannot resolve {ref}.")
    return node

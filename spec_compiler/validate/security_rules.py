"""API Gateway's import rules for access control, CORS and caching, which no OpenAPI validator knows.

- Root-level `security` is ignored by import: a requirement must be on each operation.
- Security schemes must be `type: apiKey`; `x-amazon-apigateway-authtype` says what they are, and an
  authorizer (`x-amazon-apigateway-authorizer`) must have what its type needs (Cognito: providerARNs;
  token/request: authorizerUri and identitySource; a cached answer 0 to 3600 seconds).
- A method has at most one authorizer; scopes are only for Cognito authorizers.
- A header an integration response maps (`method.response.header.X`, CORS headers included) must be
  declared in the operation's response of that status, or the import fails.
- `cacheKeyParameters` may name only parameters the operation declares.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spec_compiler.document import INTEGRATION, operations
from spec_compiler.validate.problems import Problem, pointer
from spec_compiler.validate.shapes import kind, mapping, sequence

AUTHTYPES = ("awssigv4", "cognito_user_pools", "custom")
API_KEY_SOURCES = ("HEADER", "AUTHORIZER")
_REQUEST_PARAMETER = re.compile(r"method\.request\.(path|querystring|header)\.(.+)")
_LOCATIONS = {"path": "path", "querystring": "query", "header": "header"}


def security_problems(document: dict[str, Any]) -> Iterator[Problem]:
    if "security" in document:
        yield Problem(
            pointer("security"), "API Gateway ignores root-level security; put `security` on each operation"
        )
    source = document.get("x-amazon-apigateway-api-key-source")
    if source is not None and source not in API_KEY_SOURCES:
        yield Problem(
            pointer("x-amazon-apigateway-api-key-source"), f"must be one of {', '.join(API_KEY_SOURCES)}"
        )
    schemes = mapping(mapping(document.get("components")).get("securitySchemes"))
    for name, scheme in schemes.items():
        yield from _scheme_problems(scheme, ("components", "securitySchemes", name))
    for operation in operations(document):
        where = ("paths", operation.path, operation.method)
        yield from _requirement_problems(operation.spec, schemes, where)
        integration = operation.integration
        if isinstance(integration, dict):
            yield from _header_problems(operation.spec, integration, (*where, INTEGRATION))
            yield from _cache_key_problems(operation.spec, integration, (*where, INTEGRATION))


def _scheme_problems(scheme: Any, where: tuple[str, ...]) -> Iterator[Problem]:
    if not isinstance(scheme, dict) or scheme.get("type") != "apiKey":
        yield Problem(pointer(*where, "type"), "API Gateway imports only `type: apiKey` security schemes")
        return
    authtype = str(scheme.get("x-amazon-apigateway-authtype", "")).lower()
    authorizer = scheme.get("x-amazon-apigateway-authorizer")
    if authtype and authtype not in AUTHTYPES:
        yield Problem(pointer(*where, "x-amazon-apigateway-authtype"), f"unknown authtype {authtype!r}")
    if authorizer is None:
        if authtype in ("cognito_user_pools", "custom"):
            yield Problem(pointer(*where), f"an {authtype} scheme needs x-amazon-apigateway-authorizer")
        return
    at = (*where, "x-amazon-apigateway-authorizer")
    kind = str(authorizer.get("type", "")).lower() if isinstance(authorizer, dict) else ""
    if kind == "cognito_user_pools":
        arns = authorizer.get("providerARNs")
        if not isinstance(arns, list) or not arns:
            yield Problem(pointer(*at, "providerARNs"), "a Cognito authorizer needs the user pool ARNs")
    elif kind in ("token", "request"):
        for needed in ("authorizerUri", "identitySource"):
            if not authorizer.get(needed):
                yield Problem(pointer(*at, needed), f"a {kind} authorizer needs {needed}")
        ttl = authorizer.get("authorizerResultTtlInSeconds", 300)
        if not isinstance(ttl, int) or not 0 <= ttl <= 3600:
            yield Problem(pointer(*at, "authorizerResultTtlInSeconds"), "must be 0 to 3600 seconds")
    else:
        yield Problem(
            pointer(*at, "type"), "the authorizer type must be cognito_user_pools, token or request"
        )


def _requirement_problems(spec: dict[str, Any], schemes: dict[str, Any], where: tuple) -> Iterator[Problem]:
    requirements = sequence(spec.get("security"))
    if len(requirements) > 1:
        yield Problem(pointer(*where, "security"), "API Gateway applies one requirement per method; give one")
    for index, requirement in enumerate(requirements):
        authorizers = []
        for name, scopes in mapping(requirement).items():
            at = (*where, "security", index, name)
            scheme = schemes.get(name)
            if not isinstance(scheme, dict):
                yield Problem(pointer(*at), f"no security scheme {name!r} in components.securitySchemes")
                continue
            authtype = str(scheme.get("x-amazon-apigateway-authtype", "")).lower()
            if authtype:
                authorizers.append(name)
            if scopes and authtype != "cognito_user_pools":
                yield Problem(pointer(*at), "scopes are only for Cognito user pool authorizers")
        if len(authorizers) > 1:
            yield Problem(
                pointer(*where, "security", index),
                f"a method has one authorizer, but this names {', '.join(authorizers)}",
            )


def _header_problems(spec: dict[str, Any], integration: dict[str, Any], where: tuple) -> Iterator[Problem]:
    responses = mapping(spec.get("responses"))
    for selection, response in mapping(integration.get("responses")).items():
        if not isinstance(response, dict):
            continue
        status = str(response.get("statusCode", ""))
        declared = {str(h).lower() for h in mapping(mapping(responses.get(status)).get("headers"))}
        for key in mapping(response.get("responseParameters")):
            header = str(key).removeprefix("method.response.header.")
            if header != key and header.lower() not in declared:
                yield Problem(
                    pointer(*where, "responses", selection, "responseParameters", key),
                    f"header {header} is not declared in the {status} response, so the import fails",
                )


def _cache_key_problems(spec: dict[str, Any], integration: dict[str, Any], where: tuple) -> Iterator[Problem]:
    declared = {
        (p.get("in"), p.get("name"))
        for p in sequence(spec.get("parameters"))
        if isinstance(p, dict) and isinstance(p.get("in"), str) and isinstance(p.get("name"), str)
    }
    keys = integration.get("cacheKeyParameters")
    if keys is not None and not isinstance(keys, list):
        yield Problem(
            pointer(*where, "cacheKeyParameters"),
            f"is {kind(keys)}, but API Gateway needs a list of request parameters "
            "(method.request.querystring.limit); fix it or rebuild the document",
        )
    for index, key in enumerate(sequence(keys)):
        match = _REQUEST_PARAMETER.fullmatch(str(key))
        if match is None or (_LOCATIONS[match[1]], match[2]) not in declared:
            yield Problem(
                pointer(*where, "cacheKeyParameters", index),
                f"{key} is not a parameter the operation declares",
            )

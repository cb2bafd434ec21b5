"""The document's security, as API Gateway's import reads it: schemes and each method's requirement.

Schemes are `type: apiKey` entries of `components.securitySchemes`; `x-amazon-apigateway-authtype` says
what they are (`awsSigv4`, `cognito_user_pools`, `custom`), and a plain apiKey scheme named by a method
is the API key. A method's `security` lists requirements; the first is the one API Gateway applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spec_compiler.errors import DocumentError

_POOL_ARN = re.compile(r"^arn:[^:]+:cognito-idp:(?P<region>[^:]+):\d{12}:userpool/(?P<pool>[\w-]+)$")


@dataclass(frozen=True)
class Scheme:
    """One security scheme: `api_key`, `sigv4`, `cognito`, `token` or `request`."""

    name: str
    kind: str
    identity_sources: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    """What one method needs: an authorizing scheme (with scopes, for Cognito) and/or an API key."""

    scheme: Scheme | None
    scopes: tuple[str, ...]
    api_key: bool


def security_schemes(document: dict[str, Any]) -> dict[str, Scheme]:
    declared = (document.get("components") or {}).get("securitySchemes") or {}
    return {name: _scheme(name, spec) for name, spec in declared.items()}


def requirement(spec: dict[str, Any], schemes: dict[str, Scheme], where: str) -> Requirement | None:
    """The method's requirement, or None for a public method."""
    listed = spec.get("security")
    if not listed or not listed[0]:
        return None
    scheme, scopes, api_key = None, (), False
    for name, names_scopes in listed[0].items():
        found = schemes.get(name)
        if found is None:
            raise DocumentError(f"{where}.security: scheme {name!r} is not in components.securitySchemes.")
        if found.kind == "api_key":
            api_key = True
        else:
            scheme, scopes = found, tuple(names_scopes or ())
    return Requirement(scheme, scopes, api_key)


def _scheme(name: str, spec: Any) -> Scheme:
    where = f"components.securitySchemes.{name}"
    if not isinstance(spec, dict) or spec.get("type") != "apiKey":
        raise DocumentError(f"{where}: API Gateway imports only `type: apiKey` security schemes.")
    authtype = str(spec.get("x-amazon-apigateway-authtype", "")).lower()
    authorizer = spec.get("x-amazon-apigateway-authorizer") or {}
    if not authtype and not authorizer:
        return Scheme(name, "api_key")
    if authtype == "awssigv4":
        return Scheme(name, "sigv4")
    kind = str(authorizer.get("type", "")).lower()
    if kind == "cognito_user_pools":
        issuers = []
        for arn in authorizer.get("providerARNs") or []:
            match = _POOL_ARN.match(str(arn))
            if match is None:
                raise DocumentError(f"{where}: providerARNs entry {arn!r} is not a user pool ARN.")
            issuers.append(f"https://cognito-idp.{match['region']}.amazonaws.com/{match['pool']}")
        return Scheme(name, "cognito", issuers=tuple(issuers))
    if kind in ("token", "request"):
        default = f"method.request.header.{spec.get('name', 'Authorization')}"
        sources = str(authorizer.get("identitySource") or default)
        return Scheme(name, kind, identity_sources=tuple(s.strip() for s in sources.split(",") if s.strip()))
    raise DocumentError(f"{where}: authorizer type {kind!r} is unknown to serve (cognito, token, request).")

"""Who may call an entity's operations: the access modes a user writes in the `access=` class keyword.

    cognito = CognitoUserPool(pool_arn="arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC")

    class Review(Entity, table="reviews", resource="reviews",
                 access={"read": Public(), "write": cognito}):
        ...

`access` is one mode for every operation, or a map whose keys are "read" (get, list, query), "write"
(put, patch, delete, create) or an operation name (which wins over its group). Nothing is checked here,
so a model file always imports; `spec_compiler.model.access_rules` checks and names the class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Public:
    """Anyone may call."""


@dataclass(frozen=True)
class ApiKey:
    """Callers must send a valid API key in the `x-api-key` header (keys and plans: pyproject.toml)."""


@dataclass(frozen=True)
class Iam:
    """Callers must sign with AWS Signature Version 4 (IAM users and roles allowed `execute-api:Invoke`)."""

    api_key: bool = False


@dataclass(frozen=True)
class CognitoUserPool:
    """Callers must send a token from the user pool in `Authorization`; with `scopes`, an access token
    granting at least one of them."""

    pool_arn: str | Sequence[str]
    scopes: Sequence[str] = ()
    name: str = "cognito"
    api_key: bool = False


@dataclass(frozen=True)
class CustomAuthorizer:
    """A Lambda authorizer: `type="token"` reads one header, `type="request"` any headers and query
    parameters (`identity_source`: "header.Authorization", "querystring.token", or a list of them).
    `ttl` caches its answer per identity for that many seconds (0 to 3600)."""

    function_arn: str
    type: str = "token"
    identity_source: str | Sequence[str] = "header.Authorization"
    ttl: int = 300
    name: str = "custom"
    invoke_role_arn: str | None = None
    api_key: bool = False

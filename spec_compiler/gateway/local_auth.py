"""`serve --auth FILE`: the API keys, token checks, Lambda authorizer answers and IAM credentials that
stand in for AWS locally, and the check of one request against its method's requirement.

    {
      "apiKeys":     {"partner-a": "a-long-random-value"},              # key name -> the value callers send
      "userPools":   {"cognito": {"jwks": "jwks.json"}},                 # scheme -> JWKS file (or inline)
                     # {"cognito": {"development": true}}: tokens NOT verified, their claims taken as given
      "authorizers": {"partners": {"allow-token": {"principalId": "user-1", "context": {"tier": "gold"}},
                                   "deny-token":  {"principalId": "user-2", "effect": "Deny"}}},
      "iam":         {"AKIDLOCAL": "its secret access key"}
    }

Answers follow API Gateway's: no or a bad token → 401 UNAUTHORIZED ("Unauthorized"); an authorizer's
Deny → 403 ACCESS_DENIED; a missing or unknown API key → 403 INVALID_API_KEY ("Forbidden"); IAM without
a signature → 403 MISSING_AUTHENTICATION_TOKEN, a wrong one → 403 INVALID_SIGNATURE; a key over its usage
plan's rate → 429 THROTTLED, over its quota → 429 QUOTA_EXCEEDED ("Limit Exceeded").
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from spec_compiler.document import UsagePlan
from spec_compiler.errors import SpecCompilerError
from spec_compiler.gateway.security import Requirement, Scheme
from spec_compiler.gateway.sigv4 import check_signature
from spec_compiler.gateway.tokens import InvalidToken, decode, public_keys, verified_claims
from spec_compiler.gateway.usage_limits import UsageLimits

EXPLICIT_DENY = "User is not authorized to access this resource with an explicit deny"
SECTIONS = ("apiKeys", "userPools", "authorizers", "iam")


class AuthFileError(SpecCompilerError):
    """The --auth file cannot be used; the message says which entry and what to write."""

    exit_code = 2


@dataclass(frozen=True)
class Denial:
    """The request is refused with this gateway response type (and message)."""

    response_type: str
    message: str | None = None


_UNAUTHORIZED = Denial("UNAUTHORIZED", "Unauthorized")


@dataclass(frozen=True)
class Caller:
    """Who the request is from: `$context.authorizer` and additions to `$context.identity`."""

    authorizer: dict[str, Any] = field(default_factory=dict)
    identity: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RequestFacts:
    """What a check reads from the request."""

    method: str
    raw_path: str
    raw_query: str
    headers: dict[str, str]  # lower-cased names
    querystring: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Policy:
    principal_id: str
    allow: bool
    context: dict[str, str]


@dataclass
class LocalAuth:
    """The local stand-ins for AWS's identity services; empty refuses every protected method."""

    api_keys: dict[str, str] = field(default_factory=dict)  # value -> name
    pools: dict[str, dict[str, RSAPublicKey] | None] = field(default_factory=dict)  # None: development
    policies: dict[str, dict[str, Policy]] = field(default_factory=dict)
    iam: dict[str, str] = field(default_factory=dict)
    limits: UsageLimits = field(default_factory=lambda: UsageLimits({}))

    @property
    def development_pools(self) -> list[str]:
        return sorted(name for name, keys in self.pools.items() if keys is None)

    def check(self, requirement: Requirement, request: RequestFacts) -> Denial | Caller:
        caller = Caller()
        if requirement.scheme is not None:
            checked = self._authorize(requirement.scheme, requirement.scopes, request)
            if isinstance(checked, Denial):
                return checked
            caller = checked
        if requirement.api_key:
            value = request.headers.get("x-api-key", "")
            if value not in self.api_keys:
                return Denial("INVALID_API_KEY", "Forbidden")
            over = self.limits.admit(self.api_keys[value])
            if over is not None:
                return Denial(*over)
            caller.identity["apiKey"] = value
            caller.identity["apiKeyId"] = self.api_keys[value]
        return caller

    def _authorize(self, scheme: Scheme, scopes: tuple[str, ...], request: RequestFacts) -> Denial | Caller:
        if scheme.kind == "sigv4":
            problem, detail = check_signature(
                method=request.method,
                raw_path=request.raw_path,
                raw_query=request.raw_query,
                headers=request.headers,
                body=request.body,
                secrets=self.iam,
            )
            if problem is not None:
                return Denial(problem, detail)
            return Caller(identity={"accessKey": detail, "caller": detail, "user": detail})
        if scheme.kind == "cognito":
            return self._cognito(scheme, scopes, request.headers.get("authorization", ""))
        return self._custom(scheme, request)

    def _cognito(self, scheme: Scheme, scopes: tuple[str, ...], token: str) -> Denial | Caller:
        token = token.removeprefix("Bearer ").strip()
        if not token or scheme.name not in self.pools:
            return _UNAUTHORIZED
        keys = self.pools[scheme.name]
        try:
            claims = decode(token)[1] if keys is None else verified_claims(token, keys)
        except InvalidToken:
            return _UNAUTHORIZED
        if keys is not None:
            expires = claims.get("exp")
            if claims.get("iss") not in scheme.issuers or not isinstance(expires, int | float):
                return _UNAUTHORIZED
            if expires <= time.time():
                return _UNAUTHORIZED
        if scopes:
            granted = str(claims.get("scope", "")).split()
            if claims.get("token_use", "access") != "access" or not set(granted) & set(scopes):
                return _UNAUTHORIZED
        return Caller(authorizer={"claims": {name: _claim(value) for name, value in claims.items()}})

    def _custom(self, scheme: Scheme, request: RequestFacts) -> Denial | Caller:
        values = [_identity_value(source, request) for source in scheme.identity_sources]
        if any(not value for value in values):
            return _UNAUTHORIZED
        policy = self.policies.get(scheme.name, {}).get(",".join(values))  # type: ignore[arg-type]
        if policy is None:
            return _UNAUTHORIZED
        if not policy.allow:
            return Denial("ACCESS_DENIED", EXPLICIT_DENY)
        return Caller(authorizer={"principalId": policy.principal_id, **policy.context})


def _claim(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _identity_value(source: str, request: RequestFacts) -> str | None:
    if source.startswith("method.request.header."):
        return request.headers.get(source.removeprefix("method.request.header.").lower())
    if source.startswith("method.request.querystring."):
        return request.querystring.get(source.removeprefix("method.request.querystring."))
    return None


def load_local_auth(path: Path, schemes: dict[str, Scheme], plans: list[UsagePlan]) -> LocalAuth:
    """Read and check the --auth file against the document's schemes and usage plans (whose limits
    each key's requests then count against)."""
    plan_of_key = {key: plan for plan in plans for key in plan.api_keys}
    key_names = sorted(plan_of_key)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuthFileError(f"--auth {path}: no such file.") from None
    except (OSError, ValueError) as error:
        raise AuthFileError(f"--auth {path}: not a readable JSON file ({error}).") from None
    if not isinstance(data, dict) or set(data) - set(SECTIONS):
        raise AuthFileError(f"--auth {path}: a JSON object with some of {', '.join(SECTIONS)}.")
    auth = LocalAuth(limits=UsageLimits(plan_of_key))
    for name, value in (data.get("apiKeys") or {}).items():
        if name not in key_names:
            raise AuthFileError(
                f"--auth {path}: apiKeys.{name} is not an API key of the document's usage plans "
                f"({', '.join(key_names) or 'none'})."
            )
        if not isinstance(value, str) or len(value) < 20:
            raise AuthFileError(f"--auth {path}: apiKeys.{name}: API key values have at least 20 characters.")
        auth.api_keys[value] = name
    for name, spec in (data.get("userPools") or {}).items():
        _expect(path, schemes, "userPools", name, ("cognito",))
        auth.pools[name] = _pool_keys(path, name, spec)
    for name, answers in (data.get("authorizers") or {}).items():
        _expect(path, schemes, "authorizers", name, ("token", "request"))
        auth.policies[name] = {identity: _policy(path, name, identity, a) for identity, a in answers.items()}
    for key, secret in (data.get("iam") or {}).items():
        if not isinstance(secret, str) or not secret:
            raise AuthFileError(f"--auth {path}: iam.{key} must be the secret access key (a string).")
        auth.iam[key] = secret
    return auth


def _expect(path: Path, schemes: dict[str, Scheme], section: str, name: str, kinds: tuple[str, ...]) -> None:
    scheme = schemes.get(name)
    if scheme is None or scheme.kind not in kinds:
        known = sorted(n for n, s in schemes.items() if s.kind in kinds)
        raise AuthFileError(
            f"--auth {path}: {section}.{name} names no such authorizer in the document "
            f"(its {section}: {', '.join(known) or 'none'})."
        )


def _pool_keys(path: Path, name: str, spec: Any) -> dict[str, RSAPublicKey] | None:
    if spec == {"development": True}:
        return None
    if not isinstance(spec, dict) or "jwks" not in spec:
        raise AuthFileError(
            f'--auth {path}: userPools.{name}: give {{"jwks": "jwks.json"}} (a file next to the auth file, '
            'or the JWKS itself), or {"development": true} to accept tokens unverified.'
        )
    jwks = spec["jwks"]
    try:
        if isinstance(jwks, str):
            jwks = json.loads((path.parent / jwks).read_text(encoding="utf-8"))
        keys = public_keys(jwks)
    except (OSError, ValueError) as error:
        raise AuthFileError(f"--auth {path}: userPools.{name}.jwks: cannot be used ({error}).") from None
    if not keys:
        raise AuthFileError(f"--auth {path}: userPools.{name}.jwks has no RSA key with a kid.")
    return keys


def _policy(path: Path, name: str, identity: str, answer: Any) -> Policy:
    where = f"--auth {path}: authorizers.{name}.{identity}"
    if not isinstance(answer, dict) or not isinstance(answer.get("principalId"), str):
        raise AuthFileError(f'{where}: give {{"principalId": "...", "effect": "Allow", "context": {{}}}}.')
    effect = answer.get("effect", "Allow")
    context = answer.get("context") or {}
    if effect not in ("Allow", "Deny") or not isinstance(context, dict):
        raise AuthFileError(f'{where}: effect is "Allow" or "Deny"; context a map of strings.')
    return Policy(answer["principalId"], effect == "Allow", {k: str(v) for k, v in context.items()})

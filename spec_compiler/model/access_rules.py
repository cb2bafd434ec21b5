"""The `access`, `owner` and `cache_ttl` class keywords, checked and turned into the IR.

Every problem is a `ModelError` naming the file, the class and the keyword, and saying what to write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from spec_compiler.errors import ModelError
from spec_compiler.model.access import ApiKey, CognitoUserPool, CustomAuthorizer, Iam, Public
from spec_compiler.model.ir import (
    ALL_OPERATIONS,
    READ_OPERATIONS,
    WRITE_OPERATIONS,
    Access,
    Authorizer,
    OperationName,
)

MAX_TTL = 3600
# Security scheme names the compiler gives the API key and SigV4; an authorizer may not take them.
RESERVED_NAMES = ("api_key", "sigv4")
_POOL_ARN = re.compile(r"^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool/[\w-]+_[0-9A-Za-z]+$")
_FUNCTION_ARN = re.compile(
    r"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[\w$-]+)?$"
)
_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_SCOPE = re.compile(r"^[\x21\x23-\x5b\x5d-\x7e]+$")
_SOURCE = re.compile(r"^(header|querystring)\.([A-Za-z0-9_.~!#$%&'*+^`|-]+)$")


def entity_access(
    place: str, access: Any, operations: tuple[OperationName, ...]
) -> tuple[tuple[OperationName, Access], ...]:
    """Each generated operation with who may call it; a map must cover every one of them."""
    if access is None:
        return tuple((op, Access()) for op in operations)
    if not isinstance(access, Mapping):
        mode = _access(place, "access", access)
        return tuple((op, mode) for op in operations)
    chosen: dict[OperationName, Access] = {}
    groups = {"read": READ_OPERATIONS, "write": WRITE_OPERATIONS}
    for key in sorted(access, key=lambda key: key not in groups):  # groups first, operations override
        if key not in groups and key not in ALL_OPERATIONS:
            raise ModelError(
                f"{place}: access has the key {key!r}. Use read, write or an operation name "
                f"({', '.join(ALL_OPERATIONS)})."
            )
        mode = _access(place, f"access[{key!r}]", access[key])
        for op in groups.get(key, (key,)):
            chosen[op] = mode
    missing = [op for op in operations if op not in chosen]
    if missing:
        raise ModelError(
            f'{place}: access does not say who may call {", ".join(missing)}. Add "read"/"write" or '
            f"those operations to the map (Public() for anyone)."
        )
    return tuple((op, chosen[op]) for op in operations)


def _access(place: str, where: str, mode: Any) -> Access:
    if isinstance(mode, Public):
        return Access()
    if isinstance(mode, ApiKey):
        return Access(api_key=True)
    if isinstance(mode, Iam):
        return Access(kind="iam", api_key=_flag(place, where, "api_key", mode.api_key))
    if isinstance(mode, CognitoUserPool):
        return _cognito(place, where, mode)
    if isinstance(mode, CustomAuthorizer):
        return _custom(place, where, mode)
    raise ModelError(
        f"{place}: {where}={mode!r} is not an access mode. Use Public(), ApiKey(), Iam(), "
        "CognitoUserPool(...) or CustomAuthorizer(...) from spec_compiler.model."
    )


def _cognito(place: str, where: str, mode: CognitoUserPool) -> Access:
    arns = (mode.pool_arn,) if isinstance(mode.pool_arn, str) else tuple(mode.pool_arn or ())
    if not arns or not all(isinstance(arn, str) and _POOL_ARN.match(arn) for arn in arns):
        raise ModelError(
            f"{place}: {where} pool_arn={mode.pool_arn!r} is not a Cognito user pool ARN, e.g. "
            '"arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf".'
        )
    scopes = _strings(place, where, "scopes", mode.scopes)
    for scope in scopes:
        if not _SCOPE.match(scope):
            raise ModelError(f"{place}: {where} scope {scope!r} is not an OAuth scope (no spaces or quotes).")
    authorizer = Authorizer(name=_name(place, where, mode.name), kind="cognito", pool_arns=arns)
    return Access(
        kind="cognito",
        authorizer=authorizer,
        scopes=scopes,
        api_key=_flag(place, where, "api_key", mode.api_key),
    )


def _custom(place: str, where: str, mode: CustomAuthorizer) -> Access:
    if not isinstance(mode.function_arn, str) or not _FUNCTION_ARN.match(mode.function_arn):
        raise ModelError(
            f"{place}: {where} function_arn={mode.function_arn!r} is not a Lambda function ARN, e.g. "
            '"arn:aws:lambda:eu-west-1:123456789012:function:authorize".'
        )
    if mode.type not in ("token", "request"):
        raise ModelError(f'{place}: {where} type={mode.type!r}: use "token" or "request".')
    given = mode.identity_source
    sources = (given,) if isinstance(given, str) else _strings(place, where, "identity_source", given)
    if not sources or not all(_SOURCE.match(source) for source in sources):
        raise ModelError(
            f"{place}: {where} identity_source={given!r}: name where the identity is, as "
            '"header.Authorization" or "querystring.token" (a list of them for type="request").'
        )
    if mode.type == "token" and (len(sources) != 1 or not sources[0].startswith("header.")):
        raise ModelError(
            f'{place}: {where}: a type="token" authorizer reads exactly one header, e.g. '
            'identity_source="header.Authorization". Use type="request" for query parameters or several.'
        )
    if isinstance(mode.ttl, bool) or not isinstance(mode.ttl, int) or not 0 <= mode.ttl <= MAX_TTL:
        raise ModelError(f"{place}: {where} ttl={mode.ttl!r}: give whole seconds from 0 to {MAX_TTL}.")
    role = mode.invoke_role_arn
    if role is not None and not (isinstance(role, str) and _ROLE_ARN.match(role)):
        raise ModelError(f"{place}: {where} invoke_role_arn={role!r} is not an IAM role ARN.")
    authorizer = Authorizer(
        name=_name(place, where, mode.name),
        kind="token" if mode.type == "token" else "request",
        function_arn=mode.function_arn,
        identity_sources=tuple(f"method.request.{source}" for source in sources),
        ttl=mode.ttl,
        invoke_role_arn=role,
    )
    return Access(kind="custom", authorizer=authorizer, api_key=_flag(place, where, "api_key", mode.api_key))


def owner_scoped(
    place: str, owner: Any, access: tuple[tuple[OperationName, Access], ...], partition_kind: str
) -> bool:
    """Whether the partition key is the caller's identity; then every operation needs one identity."""
    if owner is False or owner is None:
        return False
    if owner is not True:
        raise ModelError(f"{place}: owner={owner!r}: write owner=True, or leave it out.")
    kinds = {mode.kind for _, mode in access}
    if not kinds <= {"cognito", "custom"} or len(kinds) != 1:
        raise ModelError(
            f"{place}: owner=True takes the partition key from the caller's identity, so every operation "
            "needs the same kind of authorizer: all CognitoUserPool (the token's sub) or all "
            "CustomAuthorizer (its principalId). Set access to one of them."
        )
    if "list" in dict(access):
        raise ModelError(
            f"{place}: owner=True cannot have \"list\": a Scan reads every owner's items. The owner's "
            "items are listed by query (GET on the resource), which needs a SortKey."
        )
    if partition_kind != "S":
        raise ModelError(
            f"{place}: owner=True stores the caller's identity (a string) as the partition key, so the "
            "PartitionKey field must be a str."
        )
    return True


def cache_ttl(place: str, ttl: Any, operations: tuple[OperationName, ...], owner: bool) -> int | None:
    """Seconds the stage caches the read operations' answers, or None."""
    if ttl is None:
        return None
    if isinstance(ttl, bool) or not isinstance(ttl, int) or not 0 < ttl <= MAX_TTL:
        raise ModelError(f"{place}: cache_ttl={ttl!r}: give whole seconds from 1 to {MAX_TTL}.")
    if not set(operations) & set(READ_OPERATIONS):
        raise ModelError(f"{place}: cache_ttl caches reads, but the entity has no get, list or query.")
    if owner:
        raise ModelError(
            f"{place}: cache_ttl with owner=True would serve one caller's cached items to another "
            "(the cache key cannot hold the caller's identity). Remove cache_ttl."
        )
    return ttl


def _name(place: str, where: str, name: Any) -> str:
    if not isinstance(name, str) or not _NAME.match(name) or name in RESERVED_NAMES:
        raise ModelError(
            f"{place}: {where} name={name!r}: an authorizer's name is a letter then letters, digits or "
            "underscores (at most 64), other than api_key and sigv4."
        )
    return name


def _flag(place: str, where: str, what: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ModelError(f"{place}: {where} {what}={value!r}: write True or False.")
    return value


def _strings(place: str, where: str, what: str, value: Any) -> tuple[str, ...]:
    is_list = isinstance(value, Sequence) and not isinstance(value, str)
    if not is_list or not all(isinstance(item, str) for item in value):
        raise ModelError(f"{place}: {where} {what}={value!r}: give a list of strings.")
    return tuple(value)

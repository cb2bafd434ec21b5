"""The access, owner and cache_ttl class keywords: what they become in the IR, and every bad combination
as a ModelError naming the file, the class and the keyword."""

from pathlib import Path

import pytest

from spec_compiler.errors import ModelError
from spec_compiler.model.discovery import load_api
from spec_compiler.model.ir import Access, Api, UsagePlan

POOL = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"
FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:authorize"
PLANS = (UsagePlan("default", ("client",)),)
HEADER = f'''
from typing import Annotated
from spec_compiler.model import (
    ApiKey, CognitoUserPool, CustomAuthorizer, Entity, Iam, PartitionKey, Public, SortKey,
)
POOL = "{POOL}"
FUNCTION = "{FUNCTION}"
'''


def compile_entity(
    folder: Path,
    keywords: str,
    fields: str = "note_id: Annotated[str, PartitionKey]\n    text: str",
    plans: tuple[UsagePlan, ...] = PLANS,
) -> Api:
    (folder / "note.py").write_text(
        HEADER + f"\nclass Note(Entity, table='notes', resource='notes', {keywords}):\n    {fields}\n"
    )
    return load_api(folder, title="T", version="1", description="d", usage_plans=plans)


def test_reads_public_writes_cognito(tmp_path: Path) -> None:
    api = compile_entity(tmp_path, 'access={"read": Public(), "write": CognitoUserPool(pool_arn=POOL)}')
    (note,) = api.entities
    assert note.access_for("get") == note.access_for("list") == Access()
    for op in ("put", "patch", "delete", "create"):
        mode = note.access_for(op)  # type: ignore[arg-type]
        assert mode.kind == "cognito" and mode.authorizer is not None
        assert mode.authorizer.pool_arns == (POOL,)


def test_an_operation_overrides_its_group(tmp_path: Path) -> None:
    api = compile_entity(
        tmp_path,
        'access={"read": ApiKey(), "write": Iam(), "delete": CognitoUserPool(pool_arn=POOL, scopes=["a/b"])}',
    )
    (note,) = api.entities
    assert note.access_for("get") == Access(api_key=True)
    assert note.access_for("put") == Access(kind="iam")
    assert note.access_for("delete").scopes == ("a/b",)


def test_custom_authorizer(tmp_path: Path) -> None:
    api = compile_entity(
        tmp_path,
        'access=CustomAuthorizer(function_arn=FUNCTION, type="request", '
        'identity_source=["header.X-Token", "querystring.tenant"], ttl=0, api_key=True)',
    )
    mode = api.entities[0].access_for("get")
    assert mode.kind == "custom" and mode.api_key
    assert mode.authorizer is not None and mode.authorizer.kind == "request"
    assert mode.authorizer.identity_sources == (
        "method.request.header.X-Token",
        "method.request.querystring.tenant",
    )
    assert mode.authorizer.ttl == 0


def test_owner_scoped_entity(tmp_path: Path) -> None:
    api = compile_entity(
        tmp_path,
        "access=CognitoUserPool(pool_arn=POOL), owner=True",
        "owner: Annotated[str, PartitionKey]\n    note_id: Annotated[str, SortKey]\n    text: str",
    )
    (note,) = api.entities
    assert note.owner_scoped
    assert note.operations == ("get", "put", "patch", "delete", "create", "query")  # never list (a Scan)
    assert [key.name for key in note.path_keys] == ["note_id"]


def test_cache_ttl(tmp_path: Path) -> None:
    assert compile_entity(tmp_path, "cache_ttl=120").entities[0].cache_ttl == 120


# keywords -> what the message must say (after "notes/note.py, class Note: ")
BAD = {
    "access=Public": "access=<class",
    "access='public'": "is not an access mode. Use Public(), ApiKey()",
    'access={"reads": Public()}': "access has the key 'reads'. Use read, write or an operation name",
    'access={"read": Public()}': "access does not say who may call put, patch, delete, create",
    "access=CognitoUserPool(pool_arn='arn:aws:iam::1:role/x')": "is not a Cognito user pool ARN",
    "access=CognitoUserPool(pool_arn=POOL, scopes='a')": "scopes='a': give a list of strings",
    "access=CognitoUserPool(pool_arn=POOL, scopes=['a b'])": "scope 'a b' is not an OAuth scope",
    "access=CognitoUserPool(pool_arn=POOL, name='api_key')": "other than api_key and sigv4",
    "access=CustomAuthorizer(function_arn='authorize')": "is not a Lambda function ARN",
    "access=CustomAuthorizer(function_arn=FUNCTION, type='jwt')": 'type=\'jwt\': use "token" or "request"',
    "access=CustomAuthorizer(function_arn=FUNCTION, ttl=7200)": "ttl=7200: give whole seconds from 0 to 3600",
    "access=CustomAuthorizer(function_arn=FUNCTION, identity_source='x.y')": "identity_source='x.y'",
    "access=CustomAuthorizer(function_arn=FUNCTION, identity_source='querystring.t')": "one header",
    "access=Iam(api_key='yes')": "api_key='yes': write True or False",
    "owner=True": "owner=True takes the partition key from the caller's identity",
    "owner=True, access={'read': Iam(), 'write': CognitoUserPool(pool_arn=POOL)}": "the same kind",
    "owner=True, access=CognitoUserPool(pool_arn=POOL), operations=['list']": 'cannot have "list"',
    "owner='yes', access=CognitoUserPool(pool_arn=POOL)": "owner='yes': write owner=True",
    "cache_ttl=0": "cache_ttl=0: give whole seconds from 1 to 3600",
    "cache_ttl=60, operations=['put']": "cache_ttl caches reads, but the entity has no get, list or query",
    "cache_ttl=60, owner=True, access=CognitoUserPool(pool_arn=POOL)": "serve one caller's cached items",
}


@pytest.mark.parametrize("keywords", sorted(BAD))
def test_bad_access_keywords_name_file_and_class(keywords: str, tmp_path: Path) -> None:
    with pytest.raises(ModelError) as raised:
        compile_entity(tmp_path, keywords)
    message = str(raised.value)
    assert (
        message.startswith(f"{tmp_path.as_posix()}/note.py, class Note: ") or "note.py, class Note" in message
    )
    assert BAD[keywords] in message


def test_owner_key_must_be_a_string(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="the PartitionKey field must be a str"):
        compile_entity(
            tmp_path,
            "access=CognitoUserPool(pool_arn=POOL), owner=True",
            "owner: Annotated[int, PartitionKey]\n    text: str",
        )


def test_api_key_needs_a_usage_plan_with_a_key(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"get requires an API key, but pyproject.toml declares none"):
        compile_entity(tmp_path, "access=ApiKey()", plans=())


def test_one_authorizer_name_one_authorizer(tmp_path: Path) -> None:
    (tmp_path / "other.py").write_text(
        HEADER + "\nclass Other(Entity, table='others', resource='others', "
        "access=CognitoUserPool(pool_arn=POOL.replace('AbCdEf123', 'Zz9'))):\n"
        "    other_id: Annotated[str, PartitionKey]\n"
    )
    with pytest.raises(ModelError, match="uses an authorizer named 'cognito' that differs from the one"):
        compile_entity(tmp_path, "access=CognitoUserPool(pool_arn=POOL)")

"""Owner-scoped entities, as property tests like the Safety ones: whatever a client puts in the path,
query string, headers or body (the owner key's name included), every request template of an
owner-scoped entity renders a DynamoDB request whose partition key is exactly the caller's identity
(`$context.authorizer.claims.sub` or `.principalId`), and without an identity a request DynamoDB rejects.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from template_strategies import KEY_TEXT, TEXT, cursors, limits

from spec_compiler.compiler.integration import integration_plan
from spec_compiler.compiler.openapi import generate_document
from spec_compiler.compiler.owner import owner_source
from spec_compiler.model.ir import Access, Api, Attribute, AttributeType, Authorizer, Entity
from spec_compiler.vtl import compile_template

S = AttributeType("S", format="string")
OWNER = Attribute("owner", S, schema={"type": "string"})
NOTE_ID = Attribute("note_id", S, schema={"type": "string"})
TEXT_FIELD = Attribute("text", S, schema={"type": "string"})
POOL = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC1"
FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:authorize"
COGNITO = Access(kind="cognito", authorizer=Authorizer("cognito", "cognito", pool_arns=(POOL,)))
CUSTOM = Access(kind="custom", authorizer=Authorizer("custom", "token", function_arn=FUNCTION))
NOTE_OPS = ("get", "put", "patch", "delete", "create", "query")
NOTE = Entity(
    name="Note",
    table="notes",
    resource="notes",
    partition_key=OWNER,
    sort_key=NOTE_ID,
    attributes=(OWNER, NOTE_ID, TEXT_FIELD),
    operations=NOTE_OPS,
    access=tuple((op, COGNITO) for op in NOTE_OPS),
    owner_scoped=True,
)
PROFILE_OPS = ("get", "put", "patch", "delete", "create")
PROFILE = Entity(
    name="Profile",
    table="profiles",
    resource="profile",
    partition_key=OWNER,
    sort_key=None,
    attributes=(OWNER, TEXT_FIELD),
    operations=PROFILE_OPS,
    access=tuple((op, CUSTOM) for op in PROFILE_OPS),
    owner_scoped=True,
)
OPERATIONS = [
    pytest.param(entity, op, id=f"{entity.name}-{op}")
    for entity in (NOTE, PROFILE)
    for op in entity.operations
]
EXAMPLES = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
NAMES = ["owner", "note_id", "text", "limit", "cursor", "prefix", "sub", "principalId"]


def identity_context(entity: Entity, identity: str | None) -> dict[str, Any]:
    if identity is None:
        return {}
    if owner_source(entity) == "$context.authorizer.claims.sub":
        return {"authorizer": {"claims": {"sub": identity}, "principalId": "someone-else"}}
    return {"authorizer": {"principalId": identity, "claims": {"sub": "someone-else"}}}


def hostile_input() -> st.SearchStrategy[dict[str, Any]]:
    """Every place a client controls, each possibly naming the owner key (and the identity's names)."""
    words = st.fixed_dictionaries({}, optional={name: TEXT for name in NAMES})
    query = st.fixed_dictionaries({}, optional={"limit": limits(), "cursor": cursors(1), "prefix": TEXT})
    body = st.dictionaries(st.sampled_from(NAMES), TEXT, max_size=5)
    return st.fixed_dictionaries(
        {
            "path": st.fixed_dictionaries({"note_id": KEY_TEXT}, optional={"owner": TEXT}),
            "query": st.tuples(query, words).map(lambda pair: {**pair[1], **pair[0]}),
            "headers": words,
            "body": body,
        }
    )


def render(entity: Entity, op: str, given_input: dict[str, Any], identity: str | None) -> dict[str, Any]:
    template = integration_plan(entity, op).extension["requestTemplates"]["application/json"]  # type: ignore[arg-type]
    output = (
        compile_template(template)
        .render(
            body=json.dumps(given_input["body"]),
            path=given_input["path"],
            querystring=given_input["query"],
            headers=given_input["headers"],
            context=identity_context(entity, identity),
        )
        .output
    )
    return json.loads(output, parse_float=Decimal)


def owner_values(request: dict[str, Any]) -> list[Any]:
    """Every value the request gives the partition key, wherever DynamoDB would read one."""
    found = []
    for member in ("Key", "Item", "ExclusiveStartKey"):
        if "owner" in (request.get(member) or {}):
            found.append(request[member]["owner"])
    values = request.get("ExpressionAttributeValues") or {}
    if (request.get("ExpressionAttributeNames") or {}).get("#k0") == "owner" and ":k0" in values:
        found.append(values[":k0"])
    return found


@pytest.mark.parametrize(("entity", "op"), OPERATIONS)
@EXAMPLES
@given(given_input=hostile_input(), identity=KEY_TEXT)
def test_the_partition_key_is_the_identity_whatever_the_client_sends(
    entity: Entity, op: str, given_input: dict[str, Any], identity: str
) -> None:
    request = render(entity, op, given_input, identity)
    found = owner_values(request)
    assert found, request  # every operation addresses the partition
    rejected = "#invalid" in (request.get("ExpressionAttributeNames") or {})
    if rejected:  # a bad limit or cursor: the fixed request DynamoDB rejects, placeholder key and all
        assert op == "query" and all(value == {"S": "-"} for value in found), request
    else:
        assert all(value == {"S": identity} for value in found), (identity, request)


@pytest.mark.parametrize(("entity", "op"), OPERATIONS)
@EXAMPLES
@given(given_input=hostile_input(), identity=st.sampled_from([None, ""]))
def test_without_an_identity_the_request_is_one_dynamodb_rejects(
    entity: Entity, op: str, given_input: dict[str, Any], identity: str | None
) -> None:
    request = render(entity, op, given_input, identity)
    assert request["ExpressionAttributeNames"]["#invalid"] == "rejected"
    assert all(value["S"] in ("-",) for value in owner_values(request)), request


def test_the_document_never_asks_the_client_for_the_owner_key() -> None:
    document = generate_document(Api("T", "1", "d", (NOTE, PROFILE)))
    paths = {path: sorted(item) for path, item in document["paths"].items()}
    assert paths == {
        "/notes": ["get", "post"],
        "/notes/{note_id}": ["delete", "get", "patch", "put"],
        "/profile": ["delete", "get", "patch", "post", "put"],
    }
    for item in document["paths"].values():
        for operation in item.values():
            assert all(p["name"] != "owner" for p in operation.get("parameters", []))
    schemas = document["components"]["schemas"]
    for model in ("NoteCreate", "NoteInput", "NotePatch", "ProfileCreate", "ProfileInput", "ProfilePatch"):
        assert "owner" not in schemas[model]["properties"] and schemas[model]["additionalProperties"] is False
    assert (
        document["paths"]["/notes"]["get"]["summary"] == "List the caller's own Note items, a page at a time"
    )

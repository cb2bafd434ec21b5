"""The issue's Safety section as property tests: every generated template, rendered with the project's
VTL runtime on arbitrary Unicode in every client-controlled place (path, query string, headers, body),
renders exactly the DynamoDB request the operation intends (values round-trip exactly), and every
response template turns any stored value back into exactly its JSON.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from template_reference import (
    assert_well_formed,
    comparable,
    decode_cursor,
    expected_item,
    expected_request,
    item_fields,
    non_keys,
)
from template_samples import ENTITIES
from template_strategies import TEXT, cursors, items, limits, objects, path_parameters, values

from spec_compiler.compiler.integration import integration_plan
from spec_compiler.model.ir import Entity
from spec_compiler.vtl import Template, compile_template

EXAMPLES = settings(
    max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
OPERATIONS = [
    pytest.param(entity, op, id=f"{entity.name}-{op}") for entity in ENTITIES for op in entity.operations
]
PAGED = [
    pytest.param(entity, op, id=f"{entity.name}-{op}")
    for entity, op in ((e, o) for e in ENTITIES for o in e.operations)
    if op in ("list", "query")
]
READERS = [
    pytest.param(entity, op, id=f"{entity.name}-{op}")
    for entity, op in ((e, o) for e in ENTITIES for o in e.operations)
    if op in ("get", "patch", "list", "query")
]
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=8,
)


def request_template(entity: Entity, operation: str) -> Template:
    return compile_template(
        integration_plan(entity, operation).extension["requestTemplates"]["application/json"]
    )


def success_template(entity: Entity, operation: str) -> Template:
    response = integration_plan(entity, operation).extension["responses"]["2\\d{2}"]
    return compile_template(response["responseTemplates"]["application/json"])


def path_keys(entity: Entity, operation: str):
    return {"create": (), "list": (), "query": (entity.partition_key,)}.get(operation, entity.keys)


def client_input(entity: Entity, operation: str) -> st.SearchStrategy[dict[str, Any]]:
    """Path, query string and headers for an operation: hostile everywhere, with headers and query
    parameters that reuse the names of path parameters (`$input.params(name)` looks in all three)."""
    names = [key.name for key in entity.keys] + ["limit", "cursor", "prefix"]
    parts = len(entity.keys) if operation == "list" else 1
    query = st.fixed_dictionaries(
        {},
        optional={
            "limit": limits(),
            "cursor": cursors(parts),
            "prefix": TEXT,
            **{n: TEXT for n in names[:2]},
        },
    )
    headers = st.fixed_dictionaries({}, optional={name: TEXT for name in names})
    return st.fixed_dictionaries(
        {"path": path_parameters(entity, path_keys(entity, operation)), "query": query, "headers": headers}
    )


def well_typed_body(entity: Entity, operation: str) -> st.SearchStrategy[Any]:
    """Bodies the request validator lets through, plus key attributes PUT and PATCH must ignore."""
    keys = st.fixed_dictionaries({}, optional={key.name: values(key.type) for key in entity.keys})
    if operation == "put":
        return st.tuples(objects(non_keys(entity)), keys).map(lambda pair: {**pair[1], **pair[0]})
    if operation == "create":
        return items(entity)
    if operation == "patch":
        optional = {a.name: (st.none() | values(a.type)) for a in non_keys(entity)}
        return st.tuples(st.fixed_dictionaries({}, optional=optional), keys).map(lambda p: {**p[1], **p[0]})
    return st.none() | TEXT


def render_request(template: Template, given_input: dict[str, Any], body: Any) -> str:
    text = body if isinstance(body, str) else "" if body is None else json.dumps(body)
    return template.render(
        body=text, path=given_input["path"], querystring=given_input["query"], headers=given_input["headers"]
    ).output


def parse(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


@pytest.mark.parametrize(("entity", "operation"), OPERATIONS)
@EXAMPLES
@given(data=st.data())
def test_request_template_renders_exactly_the_intended_request(entity: Entity, operation: str, data) -> None:
    given_input = data.draw(client_input(entity, operation), label="input")
    body = data.draw(well_typed_body(entity, operation), label="body")
    rendered = parse(render_request(request_template(entity, operation), given_input, body))
    intended = expected_request(
        entity, operation, given_input["path"], given_input["query"], body if isinstance(body, dict) else {}
    )
    assert comparable(rendered) == comparable(intended)


@pytest.mark.parametrize(
    ("entity", "operation"), [p for p in OPERATIONS if p.values[1] in ("put", "patch", "create")]
)
@EXAMPLES
@given(data=st.data())
def test_request_template_keeps_its_structure_whatever_the_body(entity: Entity, operation: str, data) -> None:
    """Bodies the validator would reject (wrong types, nesting, raw text) still cannot reshape the request."""
    given_input = data.draw(client_input(entity, operation), label="input")
    members = st.dictionaries(st.sampled_from([a.name for a in entity.attributes]), ANY_JSON, max_size=6)
    body = data.draw(members | TEXT | ANY_JSON, label="body")
    rendered = parse(render_request(request_template(entity, operation), given_input, body))
    assert_well_formed(entity, operation, given_input["path"], rendered)


@pytest.mark.parametrize(("entity", "operation"), READERS)
@EXAMPLES
@given(data=st.data())
def test_response_template_reads_back_exactly_what_was_stored(entity: Entity, operation: str, data) -> None:
    item = data.draw(items(entity), label="item")
    stored = {**item_fields(entity.attributes, item, top_level=True), "internal": {"S": data.draw(TEXT)}}
    answer = {"Item": stored} if operation == "get" else {"Attributes": stored}
    if operation in ("list", "query"):
        answer = {"Items": [stored, stored], "Count": 2}
    result = success_template(entity, operation).render(body=json.dumps(answer))
    assert result.response_override["status"] is None
    read = parse(result.output)
    expected = expected_item(entity.attributes, stored)
    if operation in ("list", "query"):
        assert comparable(read) == comparable({"items": [expected, expected], "next_cursor": None})
    else:
        assert comparable(read) == comparable(expected)


@pytest.mark.parametrize(("entity", "operation"), READERS)
@EXAMPLES
@given(stored=st.dictionaries(TEXT, ANY_JSON, max_size=4), data=st.data())
def test_response_template_renders_json_for_any_stored_data(
    entity: Entity, operation: str, stored, data
) -> None:
    """Items written by something else (other kinds, odd shapes) still come out as valid JSON."""
    names = st.sampled_from([attribute.name for attribute in entity.attributes])
    kinds = st.sampled_from(["S", "N", "B", "BOOL", "SS", "NS", "L", "M", "NULL"])
    stored |= data.draw(
        st.dictionaries(names, st.dictionaries(kinds, ANY_JSON, min_size=1, max_size=2), max_size=6)
    )
    answer = (
        {"Items": [stored], "LastEvaluatedKey": stored}
        if operation in ("list", "query")
        else {"Item": stored}
    )
    if operation == "patch":
        answer = {"Attributes": stored}
    parse(success_template(entity, operation).render(body=json.dumps(answer)).output)


@pytest.mark.parametrize(("entity", "operation"), PAGED)
@EXAMPLES
@given(data=st.data())
def test_next_cursor_resumes_exactly_after_the_last_key(entity: Entity, operation: str, data) -> None:
    """The cursor a page hands out, sent back, makes ExclusiveStartKey exactly LastEvaluatedKey."""
    item = data.draw(items(entity), label="last item")
    last_key = item_fields(entity.keys, item, top_level=True)
    page = success_template(entity, operation).render(
        body=json.dumps({"Items": [], "LastEvaluatedKey": last_key})
    )
    cursor = json.loads(page.output)["next_cursor"]
    assert cursor.isascii() and decode_cursor(cursor, len(entity.keys) if operation == "list" else 1)
    path = {key.name: last_key[key.name][key.type.kind] for key in path_keys(entity, operation)}
    request = parse(
        request_template(entity, operation).render(path=path, querystring={"cursor": cursor}).output
    )
    assert comparable(request["ExclusiveStartKey"]) == comparable(last_key)


@pytest.mark.parametrize(("entity", "operation"), OPERATIONS)
@EXAMPLES
@given(
    kind=st.sampled_from(
        [
            "ConditionalCheckFailed",
            "Validation",
            "ProvisionedThroughputExceeded",
            "Throttling",
            "RequestLimitExceeded",
            "ResourceNotFound",
        ]
    )
    | TEXT,
    message=TEXT,
)
def test_error_templates_answer_a_declared_status_and_never_the_backend_message(
    entity: Entity, operation: str, kind: str, message: str
) -> None:
    responses = integration_plan(entity, operation).extension["responses"]
    plan = integration_plan(entity, operation)
    for selection in ("4\\d{2}", "5\\d{2}"):
        body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{kind}Exception", "message": message})
        result = compile_template(responses[selection]["responseTemplates"]["application/json"]).render(
            body=body
        )
        status = str(result.response_override["status"] or responses[selection]["statusCode"])
        assert plan.statuses[status] == "error"
        error = json.loads(result.output)
        assert list(error) == ["message"]
        assert message not in error["message"] or message in " ".join(_LITERAL_MESSAGES)


_LITERAL_MESSAGES = (
    "Not found: no item has this key.",
    "Conflict: an item with this key already exists.",
    "Invalid request: a key or a value does not fit the model.",
    "Invalid request: limit must be an integer from 1 to 100, and cursor the next_cursor of a page.",
    "Too many requests; try again later.",
    "The request could not be completed.",
    "The database is unavailable; try again later.",
)

"""Each operation's templates, rendered with the project's runtime: the requests DynamoDB receives and
the statuses and bodies clients get back (the rows of the issue's operations table)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from template_samples import BLOB, ENTITIES, FITTING_KEYS, MOVIE, UNFITTING_KEYS, VIEWING

from spec_compiler.compiler.integration import integration_plan
from spec_compiler.compiler.key_checks import PLACEHOLDERS, java_regex
from spec_compiler.model.ir import Attribute, AttributeType, Entity
from spec_compiler.validate.template_safety import splice_problems, status_override_problems
from spec_compiler.vtl import compile_template

INVALID_PAGE = {"#invalid": "rejected"}


def request(entity: Entity, operation: str, body: Any = None, **params: dict[str, str]) -> dict[str, Any]:
    template = integration_plan(entity, operation).extension["requestTemplates"]["application/json"]
    text = "" if body is None else json.dumps(body)
    return json.loads(compile_template(template).render(body=text, **params).output)


def respond(entity: Entity, operation: str, selection: str, answer: dict[str, Any]) -> tuple[str, str]:
    """The status and body a client gets when DynamoDB answers this to the operation."""
    response = integration_plan(entity, operation).extension["responses"][selection]
    result = compile_template(response["responseTemplates"]["application/json"]).render(
        body=json.dumps(answer)
    )
    return str(result.response_override["status"] or response["statusCode"]), result.output


def error(operation: str, error_type: str) -> tuple[str, dict[str, Any]]:
    status, body = respond(MOVIE, operation, "4\\d{2}", {"__type": error_type, "message": "internal detail"})
    return status, json.loads(body)


# --- the tutorial's exchange -------------------------------------------------------------------------
def test_put_stores_a_friends_favorite_movie() -> None:
    sent = request(MOVIE, "put", {"favorite_movie": "Interstellar"}, path={"name": "Alice"})
    assert sent == {
        "TableName": "favorite_movies",
        "Item": {"name": {"S": "Alice"}, "favorite_movie": {"S": "Interstellar"}},
        "ReturnValues": "ALL_OLD",
    }


def test_get_reads_it_back_as_plain_json() -> None:
    assert request(MOVIE, "get", path={"name": "Alice"}) == {
        "TableName": "favorite_movies",
        "Key": {"name": {"S": "Alice"}},
    }
    stored = {"Item": {"name": {"S": "Alice"}, "favorite_movie": {"S": "Interstellar"}}}
    status, body = respond(MOVIE, "get", "2\\d{2}", stored)
    assert (status, json.loads(body)) == ("200", {"name": "Alice", "favorite_movie": "Interstellar"})


# --- statuses of each operation ----------------------------------------------------------------------
def test_get_of_a_missing_item_is_404() -> None:
    status, body = respond(MOVIE, "get", "2\\d{2}", {})
    assert status == "404" and "message" in json.loads(body)


def test_put_answers_201_when_it_created_and_200_when_it_replaced() -> None:
    assert respond(MOVIE, "put", "2\\d{2}", {}) == ("201", "")
    assert respond(MOVIE, "put", "2\\d{2}", {"Attributes": {"name": {"S": "Alice"}}}) == ("200", "")


def test_delete_answers_204_or_404() -> None:
    assert request(MOVIE, "delete", path={"name": "Alice"})["ReturnValues"] == "ALL_OLD"
    assert respond(MOVIE, "delete", "2\\d{2}", {"Attributes": {"name": {"S": "Alice"}}}) == ("204", "")
    status, body = respond(MOVIE, "delete", "2\\d{2}", {})
    assert status == "404" and json.loads(body)["message"]


def test_patch_sets_given_attributes_only_if_the_item_exists() -> None:
    sent = request(MOVIE, "patch", {"favorite_movie": "Arrival"}, path={"name": "Alice"})
    assert sent["ConditionExpression"] == "attribute_exists(#k0)"
    assert sent["UpdateExpression"] == "SET #a1 = :a1"
    assert sent["ExpressionAttributeNames"] == {"#k0": "name", "#a1": "favorite_movie"}
    assert sent["ExpressionAttributeValues"] == {":a1": {"S": "Arrival"}}
    assert sent["ReturnValues"] == "ALL_NEW"
    updated = {"Attributes": {"name": {"S": "Alice"}, "favorite_movie": {"S": "Arrival"}}}
    assert respond(MOVIE, "patch", "2\\d{2}", updated) == (
        "200",
        '{"name": "Alice", "favorite_movie": "Arrival"}',
    )
    assert error("patch", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")[0] == "404"


def test_patch_removes_optional_attributes_sent_as_null_and_ignores_keys_in_the_body() -> None:
    body = {"comment": None, "tags": None, "title": "Dune", "rating": None, "owner": "mallory"}
    sent = request(VIEWING, "patch", body, path={"owner": "alice", "seen_at": "7"})
    assert sent["Key"] == {"owner": {"S": "alice"}, "seen_at": {"N": "7"}}
    assert sent["UpdateExpression"] == "SET #a1 = :a1 REMOVE #a5, #a11"
    assert sent["ExpressionAttributeNames"] == {
        "#k0": "owner",
        "#k1": "seen_at",
        "#a1": "title",
        "#a5": "tags",
        "#a11": "comment",
    }


def test_patch_stores_null_in_a_required_attribute_that_may_be_null_as_put_does() -> None:
    body = {"subtitle": None, "comment": None, "title": "Dune"}
    sent = request(VIEWING, "patch", body, path={"owner": "alice", "seen_at": "7"})
    assert sent["UpdateExpression"] == "SET #a1 = :a1, #a12 = :a12 REMOVE #a11"
    assert sent["ExpressionAttributeValues"] == {":a1": {"S": "Dune"}, ":a12": {"NULL": True}}
    assert sent["ExpressionAttributeNames"] == {
        "#k0": "owner",
        "#k1": "seen_at",
        "#a1": "title",
        "#a11": "comment",
        "#a12": "subtitle",
    }
    subtitled = request(VIEWING, "patch", {"subtitle": "Part one"}, path={"owner": "alice", "seen_at": "7"})
    assert subtitled["ExpressionAttributeValues"] == {":a12": {"S": "Part one"}}


def test_patch_of_only_nulls_sends_no_expression_attribute_values() -> None:
    sent = request(VIEWING, "patch", {"comment": None}, path={"owner": "alice", "seen_at": "7"})
    assert sent["UpdateExpression"] == "REMOVE #a11" and "ExpressionAttributeValues" not in sent


def test_create_is_conditional_on_the_key_being_free_and_409_when_taken() -> None:
    sent = request(MOVIE, "create", {"name": "Bob", "favorite_movie": "Alien"})
    assert sent["Item"] == {"name": {"S": "Bob"}, "favorite_movie": {"S": "Alien"}}
    assert sent["ConditionExpression"] == "attribute_not_exists(#k0)"
    assert sent["ExpressionAttributeNames"] == {"#k0": "name"}
    assert respond(MOVIE, "create", "2\\d{2}", {}) == ("201", "")
    assert error("create", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")[0] == "409"


@pytest.mark.parametrize(
    ("error_type", "status"),
    [
        ("com.amazon.coral.validate#ValidationException", "400"),
        ("com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", "429"),
        ("com.amazonaws.dynamodb.v20120810#ThrottlingException", "429"),
        ("com.amazonaws.dynamodb.v20120810#RequestLimitExceeded", "429"),
        ("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "500"),
        ("com.amazonaws.dynamodb.v20120810#AccessDeniedException", "500"),
    ],
)
def test_backend_errors_map_to_the_api_statuses_with_a_generic_message(error_type: str, status: str) -> None:
    for operation in MOVIE.operations:
        answered, body = error(operation, error_type)
        assert answered == status
        assert list(body) == ["message"] and "internal detail" not in body["message"]


def test_backend_5xx_is_502() -> None:
    status, body = respond(MOVIE, "get", "5\\d{2}", {"__type": "InternalServerError"})
    assert status == "502" and json.loads(body)["message"]


# --- pagination ------------------------------------------------------------------------------------
def test_list_scans_25_items_by_default_and_takes_limits_from_1_to_100() -> None:
    assert request(MOVIE, "list") == {"TableName": "favorite_movies", "Limit": 25, "ConsistentRead": False}
    assert request(MOVIE, "list", querystring={"limit": "1"})["Limit"] == 1
    assert request(MOVIE, "list", querystring={"limit": "100"})["Limit"] == 100


@pytest.mark.parametrize("limit", ["0", "101", "-1", "05", "+5", "1.5", "1e2", "abc", "25 ", "2\n"])
def test_an_out_of_range_limit_makes_a_request_dynamodb_rejects(limit: str) -> None:
    sent = request(MOVIE, "list", querystring={"limit": limit})
    assert sent == {
        "TableName": "favorite_movies",
        "Limit": 0,
        "ExpressionAttributeNames": INVALID_PAGE,
        "ConsistentRead": False,
    }


@pytest.mark.parametrize("cursor", ["a", "abcde", "ab.cd", "a+b/", "YWJj==", '"}', "YWJj\n", "#set($x=1)"])
def test_a_malformed_cursor_makes_a_request_dynamodb_rejects(cursor: str) -> None:
    sent = request(MOVIE, "list", querystring={"cursor": cursor})
    assert sent["Limit"] == 0 and sent["ExpressionAttributeNames"] == INVALID_PAGE
    assert "ExclusiveStartKey" not in sent
    status, body = error("list", "com.amazon.coral.validate#ValidationException")
    assert status == "400" and "cursor" in body["message"]


def test_the_last_page_has_a_null_cursor_and_others_one_that_resumes_the_scan() -> None:
    last = {"name": {"S": 'Zoë\'s "list"'}}
    _, body = respond(MOVIE, "list", "2\\d{2}", {"Items": [last], "Count": 1, "LastEvaluatedKey": last})
    page = json.loads(body)
    assert page["items"] == [{"name": 'Zoë\'s "list"'}]
    assert request(MOVIE, "list", querystring={"cursor": page["next_cursor"]})["ExclusiveStartKey"] == last
    _, body = respond(MOVIE, "list", "2\\d{2}", {"Items": [], "Count": 0})
    assert json.loads(body) == {"items": [], "next_cursor": None}


def test_query_reads_one_partition_with_an_optional_sort_key_prefix() -> None:
    sent = request(BLOB, "query", path={"bucket": "b01"}, querystring={"prefix": "AAE"})
    assert sent["KeyConditionExpression"] == "#k0 = :k0 AND begins_with(#k1, :k1)"
    assert sent["ExpressionAttributeNames"] == {"#k0": "bucket", "#k1": "digest"}
    assert sent["ExpressionAttributeValues"] == {":k0": {"S": "b01"}, ":k1": {"B": "AAE"}}
    plain = request(BLOB, "query", path={"bucket": "b01"})
    assert plain["KeyConditionExpression"] == "#k0 = :k0"
    assert plain["ExpressionAttributeNames"] == {"#k0": "bucket"}


def test_query_on_a_numeric_sort_key_ignores_a_prefix() -> None:
    sent = request(VIEWING, "query", path={"owner": "alice"}, querystring={"prefix": "1"})
    assert sent["KeyConditionExpression"] == "#k0 = :k0"


def test_query_cursor_carries_only_the_sort_key_and_the_partition_comes_from_the_path() -> None:
    last = {"owner": {"S": "alice"}, "seen_at": {"N": "17"}}
    _, body = respond(VIEWING, "query", "2\\d{2}", {"Items": [], "LastEvaluatedKey": last})
    cursor = json.loads(body)["next_cursor"]
    assert "." not in cursor
    sent = request(VIEWING, "query", path={"owner": "alice"}, querystring={"cursor": cursor})
    assert sent["ExclusiveStartKey"] == last


# --- types -------------------------------------------------------------------------------------------
def test_a_boolean_is_stored_as_sent_when_nothing_else_reads_the_body() -> None:
    """Strings go through `$input.json` and a boolean's code reads only `$!body`: the body is still read."""
    key = Attribute("id", AttributeType("S", format="string"))
    fields = (
        key,
        Attribute("title", AttributeType("S", format="string")),
        Attribute("done", AttributeType("BOOL")),
    )
    task = Entity("Task", "tasks", "tasks", key, None, fields, ("put", "create"))
    for done in (True, False):
        body = {"id": "t1", "title": "x", "done": done}
        assert request(task, "put", body, path={"id": "t1"})["Item"]["done"] == {"BOOL": done}
        assert request(task, "create", body)["Item"]["done"] == {"BOOL": done}


def test_every_kind_is_marshalled_with_its_real_type_to_any_depth() -> None:
    body = {
        "title": "Dune",
        "rating": 8.5,
        "watched": True,
        "poster": "AAEC",
        "tags": ["a", "b"],
        "scores": [1, 2.5],
        "history": [{"first": [1, None]}],
        "detail": {"label": "x", "note": None},
        "by_site": {"imdb": {"label": "y", "score": 9}},
        "flags": [True, None, False],
        "comment": None,
        "subtitle": None,
    }
    item = request(VIEWING, "put", body, path={"owner": "alice", "seen_at": "3"})["Item"]
    assert item == {
        "owner": {"S": "alice"},
        "seen_at": {"N": "3"},
        "title": {"S": "Dune"},
        "rating": {"N": "8.5"},
        "watched": {"BOOL": True},
        "poster": {"B": "AAEC"},
        "tags": {"SS": ["a", "b"]},
        "scores": {"NS": ["1", "2.5"]},
        "history": {"L": [{"M": {"first": {"L": [{"N": "1"}, {"NULL": True}]}}}]},
        "detail": {"M": {"label": {"S": "x"}, "note": {"NULL": True}}},
        "by_site": {"M": {"imdb": {"M": {"label": {"S": "y"}, "score": {"N": "9"}}}}},
        "flags": {"L": [{"BOOL": True}, {"NULL": True}, {"BOOL": False}]},
        "subtitle": {"NULL": True},  # required: its null is stored; the optional comment's is left out
    }
    _, read = respond(VIEWING, "get", "2\\d{2}", {"Item": {**item, "internal": {"S": "never shown"}}})
    assert json.loads(read) == {
        "owner": "alice",
        "seen_at": 3,
        **{k: v for k, v in body.items() if k != "comment"},
    }


# --- construction ------------------------------------------------------------------------------------
@pytest.mark.parametrize("entity", ENTITIES, ids=lambda entity: entity.name)
def test_no_template_splices_raw_input_or_sets_the_status_twice(entity: Entity) -> None:
    for operation in entity.operations:
        extension = integration_plan(entity, operation).extension
        templates = [extension["requestTemplates"]["application/json"]]
        templates += [
            response["responseTemplates"]["application/json"] for response in extension["responses"].values()
        ]
        for template in templates:
            assert splice_problems(template) == []
            assert status_override_problems(template) == []


# --- path keys: API Gateway does not validate them, the templates do ------------------------------
KEYED_OPERATIONS = [
    pytest.param(entity, op, id=f"{entity.name}-{op}")
    for entity in ENTITIES
    for op in entity.operations
    if op not in ("create", "list")
]


def _key_paths(entity: Entity, operation: str, table: dict[str, tuple[str, ...]]) -> list[dict[str, str]]:
    keys = (entity.partition_key,) if operation == "query" else entity.keys
    fitting = {key.name: FITTING_KEYS.get(key.name, ("alice",))[0] for key in keys}
    return [{**fitting, key.name: text} for key in keys for text in table.get(key.name, ())]


def _body(entity: Entity, operation: str) -> dict[str, Any] | None:
    """A body with every required attribute of the sample entities (one missing is a value DynamoDB
    cannot store, which marks the request too: see test_kinds_rejects)."""
    required = {"holder": "x", "favorite_movie": "x", "size": 1, "title": "x", "rating": 1, "watched": True}
    required |= {"count": 2, "part": {"p": "x", "q": "y"}}
    return required if operation in ("patch", "put") else None


@pytest.mark.parametrize(("entity", "operation"), KEYED_OPERATIONS)
def test_a_path_key_that_fits_its_model_reaches_dynamodb_as_it_is(entity: Entity, operation: str) -> None:
    for path in _key_paths(entity, operation, FITTING_KEYS):
        sent = request(entity, operation, _body(entity, operation), path=path)
        assert "#invalid" not in sent.get("ExpressionAttributeNames", {}), path
        where = sent.get("Key") or sent.get("Item")
        if operation == "query":
            where = {entity.partition_key.name: sent["ExpressionAttributeValues"][":k0"]}
        assert {name: next(iter(value.values())) for name, value in where.items() if name in path} == path


@pytest.mark.parametrize(("entity", "operation"), KEYED_OPERATIONS)
def test_a_path_key_that_breaks_its_model_is_a_request_dynamodb_rejects(
    entity: Entity, operation: str
) -> None:
    """Nothing the client sent is in it; DynamoDB's ValidationException becomes a 400."""
    paths = _key_paths(entity, operation, UNFITTING_KEYS)
    for path in paths:
        sent = request(entity, operation, _body(entity, operation), path=path)
        assert sent["ExpressionAttributeNames"]["#invalid"] == "rejected", path
        if operation != "query":
            member = "Item" if operation == "put" else "Key"
            placeholders = {key.name: {key.type.kind: PLACEHOLDERS[key.type.kind]} for key in entity.keys}
            assert sent == {
                "TableName": entity.table,
                member: placeholders,
                "ExpressionAttributeNames": {"#invalid": "rejected"},
            }
        else:
            assert sent["ExpressionAttributeValues"] == {":k0": {"S": PLACEHOLDERS["S"]}}
            assert sent["Limit"] == 0
    status, body = respond(
        entity, operation, "4\\d{2}", {"__type": "com.amazon.coral.validate#ValidationException"}
    )
    assert status == "400" and "key" in json.loads(body)["message"]
    assert paths or (entity is VIEWING and operation == "query")  # its partition key has no constraint


@pytest.mark.parametrize(
    ("pattern", "java"),
    [
        ("^[a-z]+$", "^[a-z]+\\z"),
        ("[$#'\"]", "[\\x{24}\\x{23}\\x{27}\\x{22}]"),
        ("a.b", "a[^\\n\\r\\x{2028}\\x{2029}]b"),
        ("\\$\\.", "\\x{24}\\."),
        ("(?P<word>x)(?P=word)\\Z", "(?<word>x)\\k<word>\\z"),
        ("é", "\\x{e9}"),
    ],
)
def test_a_json_schema_pattern_becomes_a_java_regex_matched_against_the_whole_text(
    pattern: str, java: str
) -> None:
    assert java_regex(pattern) == f"(?s).*(?:{java}).*"

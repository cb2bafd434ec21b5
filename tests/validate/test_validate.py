"""`spec-compiler validate`: each rule finds its problem and names it by JSON pointer; compiled
documents pass."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from spec_compiler.cli import main
from spec_compiler.validate import validate_document
from spec_compiler.validate.problems import pointer

GET = ("paths", "/movies/{name}", "get")
INTEGRATION = (*GET, "x-amazon-apigateway-integration")
REQUEST = (*INTEGRATION, "requestTemplates", "application/json")
SUCCESS = (*INTEGRATION, "responses", "2\\d{2}", "responseTemplates", "application/json")


def at(document: dict[str, Any], *parts: str) -> Any:
    for part in parts[:-1]:
        document = document[part]
    return document, parts[-1]


def put(document: dict[str, Any], parts: tuple[str, ...], value: Any) -> None:
    parent, key = at(document, *parts)
    parent[key] = value


def problems_at(document: dict[str, Any], *parts: str, size: int = 0) -> list[str]:
    return [p.message for p in validate_document(document, size=size) if p.pointer == pointer(*parts)]


def test_compiled_documents_are_valid(compiled_movie_document, compiled_every_type_document) -> None:
    assert validate_document(compiled_movie_document) == []
    assert validate_document(compiled_every_type_document) == []


def test_cli_accepts_a_valid_file(compiled_movie_document, tmp_path: Path, capsys) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(compiled_movie_document))
    assert main(["validate", str(path)]) == 0
    assert "valid" in capsys.readouterr().out


def test_cli_names_each_problem_by_pointer_and_exits_1(movie_document, tmp_path: Path, capsys) -> None:
    put(
        movie_document,
        REQUEST,
        '{"TableName": "favorite_movies", "Key": {"name": {"S": "$input.params(\'name\')"}}}',
    )
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(movie_document))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}#{pointer(*REQUEST)}: line 1: $input.params reaches the output raw" in out


def test_cli_explains_a_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(tmp_path / "absent.yaml")]) == 2
    assert "spec-compiler build" in capsys.readouterr().err


def test_openapi_errors_are_reported(movie_document) -> None:
    del movie_document["paths"]["/movies/{name}"]["get"]["responses"]
    assert any("responses" in message for message in problems_at(movie_document, *GET))


def test_path_characters_api_gateway_refuses(movie_document) -> None:
    movie_document["paths"]["/movies/{name}.json"] = movie_document["paths"].pop("/movies/{name}")
    assert any(
        "path segments" in message for message in problems_at(movie_document, "paths", "/movies/{name}.json")
    )


def test_more_than_300_resources(movie_document) -> None:
    for index in range(300):
        movie_document["paths"][f"/extra{index}"] = {}
    assert any("301" in message or "302" in message for message in problems_at(movie_document, "paths"))


def test_model_names_must_be_alphanumeric(movie_document) -> None:
    schemas = movie_document["components"]["schemas"]
    schemas["Favorite_Movie"] = schemas["FavoriteMovie"]
    assert problems_at(movie_document, "components", "schemas", "Favorite_Movie") == [
        "API Gateway model names must be alphanumeric"
    ]


@pytest.mark.parametrize(("keyword", "value"), [("default", "x"), ("example", "x"), ("discriminator", {})])
def test_schema_keywords_api_gateway_rejects(movie_document, keyword: str, value: Any) -> None:
    movie_document["components"]["schemas"]["FavoriteMovie"]["properties"]["name"][keyword] = value
    where = ("components", "schemas", "FavoriteMovie", "properties", "name", keyword)
    assert problems_at(movie_document, *where) == [f"API Gateway models do not support `{keyword}`"]


def test_response_models_must_be_objects(movie_document) -> None:
    put(
        movie_document,
        (*GET, "responses", "200", "content", "application/json", "schema"),
        {"type": "string"},
    )
    where = (*GET, "responses", "200", "content", "application/json", "schema")
    assert any("must be objects" in message for message in problems_at(movie_document, *where))


def test_integration_statuses_must_be_declared_responses(movie_document) -> None:
    del movie_document["paths"]["/movies/{name}"]["get"]["responses"]["400"]
    where = (*INTEGRATION, "responses", "4\\d{2}", "statusCode")
    assert any("not declared" in message for message in problems_at(movie_document, *where))


def test_statuses_a_template_switches_to_must_be_declared(movie_document) -> None:
    del movie_document["paths"]["/movies/{name}"]["get"]["responses"]["404"]
    assert any("answers 404" in message for message in problems_at(movie_document, *SUCCESS))


def test_request_validators_must_be_declared_with_boolean_settings(movie_document) -> None:
    validators = "x-amazon-apigateway-request-validators"
    movie_document[validators]["all"]["validateRequestBody"] = "yes"
    movie_document[validators]["params"] = "on"
    movie_document["x-amazon-apigateway-request-validator"] = "basic"
    put(movie_document, (*GET, "x-amazon-apigateway-request-validator"), "strict")
    assert problems_at(movie_document, validators, "all", "validateRequestBody") == [
        "is a string, but API Gateway needs true or false here"
    ]
    assert problems_at(movie_document, validators, "params")[0].startswith("is a string, but API Gateway")
    for where, name in (
        (("x-amazon-apigateway-request-validator",), "basic"),
        ((*GET, "x-amazon-apigateway-request-validator"), "strict"),
    ):
        assert problems_at(movie_document, *where) == [
            f"names the request validator {name!r}, which {validators} does not declare, so the import "
            "fails; declare it or rebuild the document with `spec-compiler build`"
        ]


def test_gateway_responses_must_be_of_a_type_api_gateway_has(movie_document) -> None:
    responses = movie_document["x-amazon-apigateway-gateway-responses"]
    responses["BAD_REQUEST_BODIES"] = responses.pop("BAD_REQUEST_BODY")
    responses["UNHAPPY"] = "no"
    assert problems_at(movie_document, "x-amazon-apigateway-gateway-responses", "BAD_REQUEST_BODIES") == [
        "API Gateway has no gateway response type 'BAD_REQUEST_BODIES', so the import fails; "
        "did you mean BAD_REQUEST_BODY?"
    ]
    unhappy = problems_at(movie_document, "x-amazon-apigateway-gateway-responses", "UNHAPPY")
    assert unhappy[0].endswith("see AWS's list of gateway response types")
    assert unhappy[1].startswith("is a string, but API Gateway needs a mapping here")


def test_a_dynamodb_integration_needs_a_4xx_response(movie_document) -> None:
    del movie_document["paths"]["/movies/{name}"]["get"]["x-amazon-apigateway-integration"]["responses"][
        "4\\d{2}"
    ]
    assert any("reach clients as 200" in m for m in problems_at(movie_document, *INTEGRATION, "responses"))


def test_template_and_document_size_limits(movie_document) -> None:
    parent, key = at(movie_document, *REQUEST)
    parent[key] = "## padding\n" * 30_000 + parent[key]
    assert any("bytes" in message for message in problems_at(movie_document, *REQUEST))
    assert any("6291456" in message for message in problems_at(movie_document, size=7_000_000))


def test_a_template_that_renders_invalid_json(movie_document) -> None:
    put(movie_document, REQUEST, '{"TableName": "favorite_movies", "Key": ')
    assert any("invalid JSON" in message for message in problems_at(movie_document, *REQUEST))


def test_a_template_that_cannot_be_parsed(movie_document) -> None:
    put(movie_document, REQUEST, '#if($x {"TableName": "favorite_movies"}')
    assert any("cannot be rendered" in message for message in problems_at(movie_document, *REQUEST))


def test_a_request_that_runs_as_the_wrong_role(movie_document) -> None:
    parent, _ = at(movie_document, *INTEGRATION, "credentials")
    parent["credentials"] = parent["credentials"].replace("-read", "-write")
    assert any("not its read role" in message for message in problems_at(movie_document, *REQUEST))


@pytest.mark.parametrize(
    "template",
    [
        '{"S": "$input.params(\'name\')"}',
        '#set($n = $input.params().querystring.get("n")){"S": "$n"}',
        "#set($b = $input.path('$'))#foreach($e in $b.tags)\"$e\"#end",
        '{"S": "$input.body"}',
        '{"S": "$context.authorizer.claims.sub", "ip": "$context.identity.sourceIp"}',
        '{"S": "$util.escapeJavaScript($input.params(\'name\'))"}',
    ],
)
def test_templates_that_splice_raw_input(movie_document, template: str) -> None:
    put(movie_document, REQUEST, template)
    messages = problems_at(movie_document, *REQUEST)
    assert any("reaches the output raw" in m or "is not followed by" in m for m in messages), messages


def test_a_template_that_can_set_the_status_twice(movie_document) -> None:
    parent, key = at(movie_document, *SUCCESS)
    parent[key] = "#set($context.responseOverride.status = 404)\n" + parent[key]
    assert any("more than once" in message for message in problems_at(movie_document, *SUCCESS))


def test_duplicate_operation_ids(movie_document) -> None:
    operation = movie_document["paths"]["/movies/{name}"]["put"]
    operation["operationId"] = "getFavoriteMovie"
    assert any(
        "not unique" in m
        for m in problems_at(movie_document, "paths", "/movies/{name}", "put", "operationId")
    )


def test_path_parameters_must_match_the_path_template(movie_document) -> None:
    movie_document["paths"]["/movies/{name}"]["get"]["parameters"][0]["name"] = "title"
    messages = problems_at(movie_document, *GET)
    assert any("'name'" in m and "not resolved" in m for m in messages)
    assert any("'title'" in m and "not resolved" in m for m in messages)


def test_references_must_resolve(movie_document) -> None:
    put(
        movie_document,
        (*GET, "responses", "200", "content", "application/json", "schema"),
        {"$ref": "#/components/schemas/Nope"},
    )
    where = (*GET, "responses", "200", "content", "application/json", "schema", "$ref")
    assert problems_at(movie_document, *where) == ["#/components/schemas/Nope does not resolve"]


def test_a_request_for_a_table_the_extension_does_not_describe(movie_document) -> None:
    parent, key = at(movie_document, *REQUEST)
    parent[key] = parent[key].replace('"favorite_movies"', '"other_table"')
    assert any("'other_table'" in message for message in problems_at(movie_document, *REQUEST))


def test_entities_that_differ_only_by_table_are_still_checked_one_by_one(movie_document) -> None:
    """Templates are compiled once per shape (the table name aside); problems stay per operation."""
    path = movie_document["paths"]["/movies/{name}"]
    twin = json.loads(json.dumps(path).replace("favorite_movies", "twin_movies"))
    movie_document["paths"]["/twins/{name}"] = twin
    twin_get = (
        "paths",
        "/twins/{name}",
        "get",
        "x-amazon-apigateway-integration",
        "requestTemplates",
        "application/json",
    )
    parent, key = at(movie_document, *twin_get)
    parent[key] = parent[key].replace('$util.escapeJavaScript($key0).replaceAll("\\\\\'","\'")', "$key0")
    assert any("reaches the output raw" in m for m in problems_at(movie_document, *twin_get))
    assert problems_at(movie_document, *REQUEST) == []
    assert any("'twin_movies'" in m for m in problems_at(movie_document, *twin_get))

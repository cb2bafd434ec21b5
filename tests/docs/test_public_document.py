"""The public document: no internals anywhere, valid OpenAPI, and everything a reader needs."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from leak_check import in_paths, internals_of, keys_and_strings, leaks
from openapi_spec_validator import validate

from spec_compiler.docs import PublicationError, public_document
from spec_compiler.docs.internals import public_path_segments
from spec_compiler.document import operations

ERROR_STATUSES = re.compile(r"^[45]\d\d$")


def test_source_documents_carry_the_internals_the_check_looks_for(source_document: dict[str, Any]) -> None:
    found = {needle for needle, _ in leaks(source_document, internals_of(source_document))}
    assert {"x-amazon-apigateway-", "x-spec-compiler", "arn:", "${AWS::", "$input"} <= found
    assert set(source_document["x-spec-compiler"]["tables"]) <= found
    assert set(source_document["x-spec-compiler"]["roles"]) <= found


def test_public_document_has_no_internals_in_any_key_or_string(source_document: dict[str, Any]) -> None:
    public = public_document(source_document)
    assert leaks(public, internals_of(source_document)) == []


def test_public_document_passes_openapi_spec_validator(source_document: dict[str, Any]) -> None:
    validate(public_document(source_document, "https://api.example.com/prod"))


def test_servers_name_only_the_given_url(source_document: dict[str, Any]) -> None:
    assert public_document(source_document)["servers"] == [{"url": "/"}]
    given = "https://movies.example.com/v1"
    assert public_document(source_document, given)["servers"] == [{"url": given}]


def test_every_operation_keeps_its_summary_description_and_tags(source_document: dict[str, Any]) -> None:
    public = public_document(source_document)
    published = {(op.path, op.method): op.spec for op in operations(public)}
    for operation in operations(source_document):
        spec = published.pop((operation.path, operation.method))
        for key in ("operationId", "summary", "description", "tags"):
            assert spec.get(key) == operation.spec.get(key), (operation.path, operation.method, key)
        assert spec["summary"]
        described = [(p["name"], p["in"], p.get("description")) for p in spec.get("parameters", [])]
        assert described == [
            (p["name"], p["in"], p.get("description")) for p in operation.spec.get("parameters", [])
        ]
    assert published == {}


def test_every_tag_in_use_is_declared_and_described(source_document: dict[str, Any]) -> None:
    public = public_document(source_document)
    schemas = public["components"]["schemas"]
    declared = {tag["name"]: tag for tag in source_document.get("tags", [])}
    used = {tag for op in operations(public) for tag in op.spec.get("tags", [])}
    assert {tag["name"] for tag in public["tags"]} == used
    for tag in public["tags"]:
        expected = declared.get(tag["name"], {}).get("description") or schemas[tag["name"]]["description"]
        assert tag["description"] == expected


def test_every_error_response_has_the_json_error_shape(source_document: dict[str, Any]) -> None:
    public = public_document(source_document)
    schemas = public["components"]["schemas"]
    checked = 0
    for operation in operations(public):
        for status, response in operation.spec["responses"].items():
            assert response["description"]
            if ERROR_STATUSES.match(status):
                schema = response["content"]["application/json"]["schema"]
                model = schemas[schema["$ref"].rsplit("/", 1)[1]]
                assert model["required"] == ["message"]
                assert model["properties"]["message"]["type"] == "string"
                checked += 1
    assert checked >= 4 * len(list(operations(public)))  # at least 400, 429, 500, 502 everywhere


def shown_examples(media: dict[str, Any]) -> list[Any]:
    if "example" in media:
        return [media["example"]]
    return [example["value"] for example in media.get("examples", {}).values()]


def test_error_responses_show_the_messages_the_integration_sends(source_document: dict[str, Any]) -> None:
    public = public_document(source_document)
    shown_statuses: set[tuple[str, str]] = set()
    for operation in operations(source_document):
        templates = [
            template
            for response in operation.integration["responses"].values()
            for template in response.get("responseTemplates", {}).values()
        ]
        responses = public["paths"][operation.path][operation.method]["responses"]
        for status, response in responses.items():
            if status == "415":
                continue  # API Gateway's own answer, checked below
            for body in shown_examples(response.get("content", {}).get("application/json", {})):
                assert any(f'"message": "{body["message"]}"' in template for template in templates)
                shown_statuses.add((operation.method, status))
    assert ("post", "409") in shown_statuses


def test_the_favorite_movie_errors_are_all_shown_with_their_message(
    generated_document: dict[str, Any],
) -> None:
    public = public_document(generated_document)
    for operation in operations(public):
        for status, response in operation.spec["responses"].items():
            if ERROR_STATUSES.match(status):
                assert shown_examples(response["content"]["application/json"]), (operation.path, status)


def test_request_bodies_are_described_by_their_model(source_document: dict[str, Any]) -> None:
    public = public_document(source_document)
    schemas = public["components"]["schemas"]
    bodies = [op.spec["requestBody"] for op in operations(public) if "requestBody" in op.spec]
    assert bodies
    for operation in operations(source_document):
        if "requestBody" not in operation.spec:
            continue
        body = public["paths"][operation.path][operation.method]["requestBody"]
        model = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        expected = operation.spec["requestBody"].get("description") or schemas[model]["description"]
        assert body["description"] == expected


def test_operations_with_a_body_document_unsupported_media_type(source_document: dict[str, Any]) -> None:
    public = public_document(source_document)
    for operation in operations(public):
        if "requestBody" in operation.spec:
            assert "415" in operation.spec["responses"], (operation.path, operation.method)


def test_unsupported_media_type_shows_the_gateway_message(generated_document: dict[str, Any]) -> None:
    template = generated_document["x-amazon-apigateway-gateway-responses"]["UNSUPPORTED_MEDIA_TYPE"]
    sent = json.loads(template["responseTemplates"]["application/json"])
    public = public_document(generated_document)
    media = public["paths"]["/movies"]["post"]["responses"]["415"]["content"]["application/json"]
    assert media["example"] == sent
    assert media["schema"] == {"$ref": "#/components/schemas/Error"}


def test_examples_become_openapi_examples(source_document: dict[str, Any]) -> None:
    public = public_document(source_document)
    assert "x-examples" not in set(keys_and_strings(public))
    source_schemas = source_document["components"]["schemas"]
    public_schemas = public["components"]["schemas"]
    restored = 0
    for name, schema in source_schemas.items():
        for field, spec in (schema.get("properties") or {}).items():
            if spec.get("x-examples"):
                assert public_schemas[name]["properties"][field]["example"] == spec["x-examples"][0]
                restored += 1
    assert restored > 0


def test_draft4_nulls_become_nullable(hand_written_document: dict[str, Any]) -> None:
    patch = public_document(hand_written_document)["components"]["schemas"]["FavoriteMoviePatch"]
    assert patch["properties"]["rating"] == {
        "description": "Stars out of five; null removes the rating",
        "type": "integer",
        "minimum": 1,
        "maximum": 5,
        "nullable": True,
    }


@pytest.mark.parametrize(
    ("where", "text", "reported"),
    [
        (("info", "description"), "Stored in favorite_movies.", "table name 'favorite_movies'"),
        (("info", "description"), "In favorite_movies, by name", "table name 'favorite_movies'"),
        (("info", "description"), "Runs as favorite_movies-apigw-read", "role name"),
        (("info", "title"), "See arn:aws:dynamodb:eu-west-1:123456789012:table/x", "an ARN"),
        (("info", "description"), "Account 123456789012", "an AWS account id"),
        (("info", "description"), "Uses $input.params('name')", "mapping-template syntax"),
        (("info", "description"), "#set($x = 1)", "mapping-template syntax"),
    ],
)
def test_a_leak_stops_publication_and_says_where(
    hand_written_document: dict[str, Any], where: tuple[str, str], text: str, reported: str
) -> None:
    leaky = copy.deepcopy(hand_written_document)
    leaky[where[0]][where[1]] = text
    with pytest.raises(PublicationError) as raised:
        public_document(leaky)
    assert f"/{where[0]}/{where[1]}" in str(raised.value)
    assert reported in str(raised.value)


def test_a_leak_in_a_field_example_is_found(hand_written_document: dict[str, Any]) -> None:
    leaky = copy.deepcopy(hand_written_document)
    leaky["components"]["schemas"]["FavoriteMovie"]["properties"]["name"]["x-examples"] = ["favorite_movies"]
    with pytest.raises(PublicationError, match="FavoriteMovie/properties/name/example"):
        public_document(leaky)


@pytest.fixture
def table_named_like_its_resource(hand_written_document_path: Path) -> dict[str, Any]:
    """The hand-written document with its table renamed `movies`, as the resource /movies it serves:
    the extension, the role names, the role ARNs and every template name it."""
    text = hand_written_document_path.read_text(encoding="utf-8")
    assert "/movies" in text and "favorite_movies" in text
    return yaml.safe_load(text.replace("favorite_movies", "movies"))


def test_a_table_named_like_its_resource_publishes(table_named_like_its_resource: dict[str, Any]) -> None:
    source = table_named_like_its_resource
    assert list(source["x-spec-compiler"]["tables"]) == ["movies"]

    public = public_document(source)

    validate(public)
    assert "movies" not in internals_of(source), "the name is public: every caller reads it in the URL"
    assert {"movies-apigw-read", "movies-apigw-write"} <= set(internals_of(source))
    assert leaks(public, internals_of(source)) == []


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Runs as movies-apigw-read", "role name 'movies-apigw-read'"),
        ("See arn:aws:dynamodb:eu-west-1:123456789012:table/movies", "an ARN"),
        ("Uses ${AWS::Region} for movies", "an AWS variable"),
        ('Sends {"TableName": "movies", "Key": $input.params()}', "mapping-template syntax"),
    ],
)
def test_a_public_table_name_exempts_nothing_else(
    table_named_like_its_resource: dict[str, Any], text: str, reported: str
) -> None:
    leaky = copy.deepcopy(table_named_like_its_resource)
    leaky["info"]["description"] = text
    with pytest.raises(PublicationError, match=re.escape(reported)):
        public_document(leaky)


def test_a_table_name_that_is_not_public_still_blocks(hand_written_document: dict[str, Any]) -> None:
    leaky = copy.deepcopy(hand_written_document)
    leaky["x-spec-compiler"]["tables"]["films"] = {"partitionKey": {"name": "name", "type": "S"}}
    leaky["info"]["description"] = "Stored in films."
    assert ("films", "Stored in films.") in leaks(leaky["info"], internals_of(leaky))

    with pytest.raises(PublicationError, match=r"/info/description: the table name 'films'"):
        public_document(leaky)


def test_public_path_segments_include_path_parameter_names() -> None:
    paths = ["/movies", "/movies/{name}", "/watch-log/{friend}/{seen_at}", "/f/{proxy+}"]
    document: dict[str, Any] = {"paths": {path: {} for path in paths}}
    expected = {"movies", "name", "watch-log", "friend", "seen_at", "f", "proxy"}
    assert public_path_segments(document) == expected
    assert in_paths(document) == public_path_segments(document), "the two leak checks agree"


def test_table_names_found_only_in_templates_are_still_refused(hand_written_document: dict[str, Any]) -> None:
    leaky = copy.deepcopy(hand_written_document)
    del leaky["x-spec-compiler"]
    leaky["info"]["description"] = "Backed by favorite_movies."
    with pytest.raises(PublicationError, match="table name 'favorite_movies'"):
        public_document(leaky)


def test_a_server_url_must_be_a_url(hand_written_document: dict[str, Any]) -> None:
    with pytest.raises(PublicationError, match="server-url"):
        public_document(hand_written_document, "not a url")


def test_the_source_document_is_left_unchanged(hand_written_document: dict[str, Any]) -> None:
    before = copy.deepcopy(hand_written_document)
    public_document(hand_written_document)
    assert hand_written_document == before

"""The document: operations per the contract, parameters, bodies, responses, models, validators, extension."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from openapi_spec_validator import validate

from spec_compiler import document as doc
from spec_compiler.compiler.integration import gateway_responses, integration_plan
from spec_compiler.compiler.schemas import EXAMPLES
from spec_compiler.errors import ModelError
from spec_compiler.model.ir import Api
from spec_compiler.validate import validate_document

FIXTURES = Path(__file__).parents[1] / "fixtures" / "models"
FORBIDDEN = ("example", "examples", "default", "readOnly", "deprecated", "$defs", "const", "discriminator")

# The contract's table for an entity with a sort key: operation -> (method, path, request body model).
WATCHES = "/watches/{viewer}/{watched_at}"
CONTRACT = {
    "get": ("get", WATCHES, None),
    "put": ("put", WATCHES, "WatchLogInput"),
    "patch": ("patch", WATCHES, "WatchLogPatch"),
    "delete": ("delete", WATCHES, None),
    "create": ("post", "/watches", "WatchLogCreate"),
    "list": ("get", "/watches", None),
    "query": ("get", "/watches/{viewer}", None),
}


def body_validator(document: dict[str, Any], model: str) -> Draft4Validator:
    """A draft-4 validator (API Gateway's dialect) for one model of the document."""
    return Draft4Validator({"$ref": f"#/components/schemas/{model}", "components": document["components"]})


def walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{pointer}/{index}")


def test_documents_are_valid_openapi_3_0(movie_document: dict, every_type_document: dict) -> None:
    for document in (movie_document, every_type_document):
        assert document["openapi"] == "3.0.1"
        validate(document)


def test_favorite_movie_paths(movie_document: dict) -> None:
    paths = {path: list(item) for path, item in movie_document["paths"].items()}
    assert paths == {"/movies": ["get", "post"], "/movies/{name}": ["get", "put", "patch", "delete"]}
    get = movie_document["paths"]["/movies/{name}"]["get"]
    assert get["operationId"] == "getFavoriteMovie"
    assert get["x-amazon-apigateway-integration"]["uri"].endswith(":dynamodb:action/GetItem")
    put = movie_document["paths"]["/movies/{name}"]["put"]
    assert put["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/FavoriteMovieInput"
    }


@pytest.mark.parametrize("op", sorted(CONTRACT))
def test_operation_follows_the_contract(op: str, every_type_document: dict, every_type_api: Api) -> None:
    method, path, body_model = CONTRACT[op]
    operation = every_type_document["paths"][path][method]
    entity = every_type_api.entities[0]
    plan = integration_plan(entity, op)  # type: ignore[arg-type]
    assert operation["operationId"] == f"{op}WatchLog"
    assert operation["tags"] == ["WatchLog"]
    assert operation["description"] == "One viewing of a movie by one viewer."
    assert operation["summary"]
    assert operation["x-amazon-apigateway-integration"] == plan.extension
    if body_model:
        body = operation["requestBody"]
        assert body["required"] is True
        assert body["content"]["application/json"]["schema"] == {"$ref": f"#/components/schemas/{body_model}"}
        assert operation["x-amazon-apigateway-request-validator"] == "all"
    else:
        assert "requestBody" not in operation
        assert operation["x-amazon-apigateway-request-validator"] == "params"
    assert set(operation["responses"]) == set(plan.statuses)
    for status, body in plan.statuses.items():
        response = operation["responses"][status]
        assert response["description"]
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        expected = {"item": "WatchLog", "page": "WatchLogPage", "error": "Error", "empty": None}[body]
        assert schema == ({"$ref": f"#/components/schemas/{expected}"} if expected else None)


def test_every_integration_status_is_a_declared_response(every_type_document: dict) -> None:
    for operation in doc.operations(every_type_document):
        for response in operation.integration["responses"].values():  # type: ignore[index]
            assert response["statusCode"] in operation.spec["responses"], (operation.path, operation.method)


def test_parameters_are_on_operations_and_keys_are_required(every_type_document: dict) -> None:
    for path, item in every_type_document["paths"].items():
        assert "parameters" not in item and "summary" not in item
        for operation in item.values():
            path_parameters = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            assert path_parameters == re.findall(r"\{(\w+)\}", path)
            for parameter in operation.get("parameters", []):
                assert parameter["required"] is (parameter["in"] == "path")
                assert parameter["schema"]["type"] in ("string", "integer", "number")


def test_paging_parameters(every_type_document: dict) -> None:
    def query_parameters(path: str) -> dict[str, dict]:
        parameters = every_type_document["paths"][path]["get"]["parameters"]
        return {p["name"]: p for p in parameters if p["in"] == "query"}

    listing, query = query_parameters("/watches"), query_parameters("/watches/{viewer}")
    assert list(listing) == ["limit", "cursor"]
    assert list(query) == ["limit", "cursor", "prefix"]
    assert listing["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert "default 25" in listing["limit"]["description"]
    assert listing["cursor"]["schema"] == {"type": "string"}


def test_no_prefix_for_a_number_sort_key(tmp_path: Path, compile_models: Any) -> None:
    (tmp_path / "reading.py").write_text(
        "from typing import Annotated\n"
        "from spec_compiler.model import Entity, PartitionKey, SortKey\n"
        "class Reading(Entity, table='readings', resource='readings'):\n"
        "    sensor: Annotated[str, PartitionKey]\n"
        "    at: Annotated[int, SortKey]\n"
    )
    document = compile_models(tmp_path)
    parameters = document["paths"]["/readings/{sensor}"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == ["sensor", "limit", "cursor"]
    at = document["paths"]["/readings/{sensor}/{at}"]["get"]["parameters"][1]
    assert at["schema"] == {"type": "integer"}


def test_validators_are_declared(movie_document: dict) -> None:
    assert movie_document["x-amazon-apigateway-request-validators"] == {
        "all": {"validateRequestBody": True, "validateRequestParameters": True},
        "params": {"validateRequestBody": False, "validateRequestParameters": True},
    }


def test_gateway_responses_come_from_the_integration_module(movie_document: dict) -> None:
    assert movie_document["x-amazon-apigateway-gateway-responses"] == gateway_responses()


def test_info_and_tags(movie_document: dict) -> None:
    assert movie_document["info"] == {
        "title": "Test API",
        "description": "Compiled from test models.",
        "version": "2.0.0",
    }
    assert movie_document["tags"] == [
        {"name": "FavoriteMovie", "description": "A friend's favorite movie, stored under the friend's name."}
    ]


def test_extension_describes_tables_and_roles(every_type_document: dict, movie_document: dict) -> None:
    (table,) = doc.tables(every_type_document)
    assert table == doc.Table(
        "watch_log", doc.KeyAttribute("viewer", "S"), doc.KeyAttribute("watched_at", "S")
    )
    (movies,) = doc.tables(movie_document)
    assert movies == doc.Table("favorite_movies", doc.KeyAttribute("name", "S"))
    roles = {role.name: role for role in doc.roles(movie_document)}
    assert {role.access for role in roles.values()} == {"read", "write"}
    assert {role.table for role in roles.values()} == {"favorite_movies"}
    for operation in doc.operations(movie_document):
        credentials = operation.integration["credentials"]  # type: ignore[index]
        assert credentials.startswith("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/")
        assert credentials.rsplit("/", 1)[1] in roles


def test_model_names_and_keywords_suit_api_gateway(every_type_document: dict, movie_document: dict) -> None:
    for document in (every_type_document, movie_document):
        schemas = document["components"]["schemas"]
        assert all(re.fullmatch(r"[A-Za-z0-9]+", name) for name in schemas)
        for pointer, node in walk(schemas):
            if not isinstance(node, dict) or pointer.endswith("/properties"):
                continue
            assert not set(FORBIDDEN) & set(node), pointer
            assert node.get("type") != "null", pointer
            assert node.get("format") not in ("int32", "int64", "decimal"), pointer
            for exclusive in ("exclusiveMinimum", "exclusiveMaximum"):
                assert isinstance(node.get(exclusive, True), bool), pointer  # draft 4: a flag
            if "$ref" in node:
                assert node["$ref"].removeprefix("#/components/schemas/") in schemas, pointer
        for name in ("Error", "WatchLog", "WatchLogPage", "FavoriteMovie"):
            if name in schemas:
                assert schemas[name]["type"] == "object"


def test_examples_are_kept_for_the_docs(movie_document: dict) -> None:
    item = movie_document["components"]["schemas"]["FavoriteMovie"]["properties"]
    assert item["name"][EXAMPLES] == ["Alice"]
    assert item["favorite_movie"][EXAMPLES] == ["Interstellar"]
    assert item["favorite_movie"]["description"] == "Title of the friend's favorite movie"
    key = movie_document["paths"]["/movies/{name}"]["get"]["parameters"][0]
    assert key["description"] == "The friend's name"
    assert key["schema"] == {"type": "string", "minLength": 1, "maxLength": 100, EXAMPLES: ["Alice"]}


def test_favorite_movie_bodies(movie_document: dict) -> None:
    put = body_validator(movie_document, "FavoriteMovieInput")
    assert put.is_valid({"favorite_movie": "Interstellar"})
    assert not put.is_valid({"name": "Alice", "favorite_movie": "Interstellar"})  # a key in the body
    assert not put.is_valid({})
    assert not put.is_valid({"favorite_movie": ""})
    create = body_validator(movie_document, "FavoriteMovieCreate")
    assert create.is_valid({"name": "Alice", "favorite_movie": "Interstellar"})
    assert not create.is_valid({"favorite_movie": "Interstellar"})
    assert not create.is_valid({"name": "x" * 101, "favorite_movie": "Interstellar"})


VALID_LOG = {
    "movie_id": "6f1c3c36-5a2e-4c3b-9a8e-1d2b3c4d5e6f",
    "title": "Interstellar",
    "stars": 5,
    "rating": 9.5,
    "runtime_hours": 2.8,
    "rewatch": False,
    "poster": "aGVsbG8=",
    "release_date": "2014-11-07",
    "genre": "science-fiction",
    "medium": "cinema",
    "tags": ["space", "time"],
    "scores": [1, 2],
    "weights": None,
    "cast": [{"actor": "Matthew McConaughey", "roles": ["Cooper"]}],
    "venue": {"name": "Imax", "coordinates": {"latitude": 51.5, "longitude": -0.1}, "screens": {"one": 1}},
    "notes": {"seat": "F7"},
    "ratings_by_site": {"imdb": 8.7},
    "matrix": [[1, 2], []],
    "comment": None,
    "subtitle": None,
}


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        ({}, True),
        ({"tags": []}, False),  # DynamoDB sets are never empty
        ({"tags": ["a", "a"]}, False),  # nor hold duplicates
        ({"scores": ["1"]}, False),
        ({"rating": 10}, False),  # exclusive maximum
        ({"rating": "9.5"}, False),  # Decimal is a JSON number
        ({"stars": 6}, False),
        ({"stars": 4.5}, False),
        ({"poster": "not base64!"}, False),
        ({"genre": "horror"}, False),
        ({"medium": "vhs"}, False),
        ({"venue": {"name": "x", "coordinates": {"latitude": 100, "longitude": 0}}}, False),  # nested, 2 deep
        ({"venue": None}, True),
        ({"cast": [{"actor": "x"}]}, False),
        ({"notes": {"seat": 7}}, False),
        ({"matrix": [["1"]]}, False),
        ({"title": None}, False),
        ({"surprise": 1}, False),
    ],
)
def test_every_type_input_body(change: dict, valid: bool, every_type_document: dict) -> None:
    assert body_validator(every_type_document, "WatchLogInput").is_valid({**VALID_LOG, **change}) is valid


def test_every_type_create_needs_the_keys(every_type_document: dict) -> None:
    create = body_validator(every_type_document, "WatchLogCreate")
    keys = {"viewer": "alice", "watched_at": "2024-01-01T20:00:00Z"}
    assert create.is_valid({**VALID_LOG, **keys})
    assert not create.is_valid(VALID_LOG)


@pytest.mark.parametrize(
    ("patch", "valid"),
    [
        ({"title": "Tenet"}, True),
        ({"comment": None}, True),  # null removes an optional attribute
        ({"companions": None}, True),  # optional with a default: removable too
        ({"title": None}, False),  # a required attribute cannot be removed
        ({"subtitle": None}, True),  # nor one that may be null: it becomes null
        ({}, False),
        ({"viewer": "bob"}, False),  # keys never change
        ({"surprise": 1}, False),
    ],
)
def test_every_type_patch_body(patch: dict, valid: bool, every_type_document: dict) -> None:
    assert body_validator(every_type_document, "WatchLogPatch").is_valid(patch) is valid


def test_page_model(every_type_document: dict) -> None:
    page = body_validator(every_type_document, "WatchLogPage")
    item = {**VALID_LOG, "viewer": "alice", "watched_at": "2024-01-01T20:00:00Z"}
    assert page.is_valid({"items": [item], "next_cursor": None})
    assert page.is_valid({"items": [], "next_cursor": "abc"})
    assert not page.is_valid({"items": []})


def test_operations_option_limits_paths_and_models(tmp_path: Path, compile_models: Any) -> None:
    (tmp_path / "movie.py").write_text(
        "from typing import Annotated\n"
        "from spec_compiler.model import Entity, PartitionKey\n"
        "class Movie(Entity, table='movies', resource='movies', operations=['get', 'list']):\n"
        "    title: Annotated[str, PartitionKey]\n"
    )
    document = compile_models(tmp_path)
    assert {path: list(item) for path, item in document["paths"].items()} == {
        "/movies": ["get"],
        "/movies/{title}": ["get"],
    }
    assert sorted(document["components"]["schemas"]) == ["Error", "Movie", "MoviePage"]
    assert {role.access for role in doc.roles(document)} == {"read"}


def test_model_name_taken_by_a_nested_model(compile_models: Any) -> None:
    with pytest.raises(ModelError) as raised:
        compile_models(FIXTURES / "bad" / "model_name_taken")
    assert "model_name_taken/movie.py, class Movie: the API model MovieInput" in str(raised.value)
    assert "Rename the class or the other model" in str(raised.value)
    assert raised.value.exit_code == 2


def test_entity_named_error_is_refused(tmp_path: Path, compile_models: Any) -> None:
    (tmp_path / "error.py").write_text(
        "from typing import Annotated\n"
        "from spec_compiler.model import Entity, PartitionKey\n"
        "class Error(Entity, table='errors', resource='errors'):\n"
        "    code: Annotated[str, PartitionKey]\n"
    )
    with pytest.raises(ModelError, match="class Error: Error is the name of the API's error model"):
        compile_models(tmp_path)


def test_documents_pass_spec_compiler_validate(movie_document: dict, every_type_document: dict) -> None:
    assert validate_document(movie_document) == []
    assert validate_document(every_type_document) == []

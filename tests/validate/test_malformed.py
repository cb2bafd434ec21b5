"""`validate` on malformed documents: every problem is reported by pointer, nothing raises.

One test per kind of malformation that used to crash a pass (a YAML key or value JSON has no type for,
a list or a string where a mapping belongs, a number or a mapping where a string belongs, parts of the
project's extension missing, nesting without end), then seeded random mutations of compiled documents.
"""

from __future__ import annotations

import copy
import datetime
import random
import re
from pathlib import Path
from typing import Any

import yaml

from spec_compiler.cli import main
from spec_compiler.validate import Problem, validate_document
from spec_compiler.validate.problems import pointer

GET = ("paths", "/movies/{name}", "get")
INTEGRATION = (*GET, "x-amazon-apigateway-integration")
REQUEST = (*INTEGRATION, "requestTemplates", "application/json")
LIST_TEMPLATES = ("paths", "/movies", "get", "x-amazon-apigateway-integration", "requestTemplates")
ROLE = ("x-spec-compiler", "roles", "favorite_movies-apigw-read")
REBUILD = "rebuild the document with `spec-compiler build`"


def node(document: dict[str, Any], *parts: str) -> Any:
    for part in parts:
        document = document[part]
    return document


def problem(parts: tuple[Any, ...], message: str) -> Problem:
    return Problem(pointer(*parts), message)


def test_a_yaml_number_key_is_named_with_what_to_do(movie_document, tmp_path: Path, capsys) -> None:
    responses = node(movie_document, *GET, "responses")
    responses[200] = responses.pop("200")
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(movie_document, sort_keys=False))
    assert re.search(r"^ +200:$", path.read_text(), re.MULTILINE)  # unquoted: YAML reads it as a number
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    at = pointer(*GET, "responses", "200")
    assert f"{path}#{at}: the key 200 is a number, but keys must be strings: quote it" in out


def test_a_yaml_date_is_named_with_what_to_do(movie_document) -> None:
    movie_document["info"]["version"] = datetime.date(2024, 1, 2)
    assert validate_document(movie_document) == [
        problem(("info", "version"), "2024-01-02 is a date, which JSON has no type for: quote it")
    ]


def test_paths_that_are_a_list_are_not_valid_openapi(movie_document) -> None:
    movie_document["paths"] = list(movie_document["paths"].values())
    problems = validate_document(movie_document)
    assert [p.pointer for p in problems] == ["/paths"]
    assert problems[0].message.startswith("not valid OpenAPI 3.0: [")


def test_operation_responses_that_are_a_list_are_not_valid_openapi(movie_document) -> None:
    node(movie_document, *GET)["responses"] = ["200"]
    problems = validate_document(movie_document)
    expected = problem((*GET, "responses"), 'not valid OpenAPI 3.0: ["200"] is not of type "object"')
    assert problems[0] == expected
    # the integration's statuses are then undeclared, which the other passes still say
    status = problem(
        (*INTEGRATION, "responses", "2\\d{2}", "statusCode"),
        "status 200 is not declared in the operation's responses, so the import fails",
    )
    assert status in problems


def test_an_integration_that_is_not_a_mapping(movie_document) -> None:
    node(movie_document, *GET)["x-amazon-apigateway-integration"] = "aws"
    assert validate_document(movie_document) == [
        problem(INTEGRATION, f"is a string, but API Gateway needs a mapping here; fix it or {REBUILD}")
    ]


def test_integration_responses_that_are_a_list(movie_document) -> None:
    node(movie_document, *INTEGRATION)["responses"] = [{"statusCode": "200"}]
    assert validate_document(movie_document) == [
        problem(
            (*INTEGRATION, "responses"),
            f"is a list, but API Gateway needs a mapping here; fix it or {REBUILD}",
        )
    ]


def test_an_integration_response_that_is_not_a_mapping(movie_document) -> None:
    node(movie_document, *INTEGRATION, "responses")["5\\d{2}"] = None
    assert validate_document(movie_document) == [
        problem(
            (*INTEGRATION, "responses", "5\\d{2}"),
            f"is null, but API Gateway needs a mapping here; fix it or {REBUILD}",
        )
    ]


def test_a_template_that_is_not_a_string(movie_document) -> None:
    node(movie_document, *INTEGRATION, "requestTemplates")["application/json"] = {"TableName": "t"}
    problems = validate_document(movie_document)
    message = f"is a mapping, but a mapping template must be a string; quote it or {REBUILD}"
    assert problems[0] == problem(REQUEST, message)


def test_cache_key_parameters_that_are_not_a_list(movie_document) -> None:
    node(movie_document, *INTEGRATION)["cacheKeyParameters"] = "method.request.path.name"
    assert validate_document(movie_document) == [
        problem(
            (*INTEGRATION, "cacheKeyParameters"),
            "is a string, but API Gateway needs a list of request parameters "
            "(method.request.querystring.limit); fix it or rebuild the document",
        )
    ]


def test_a_parameter_name_that_is_a_mapping(movie_document) -> None:
    node(movie_document, *GET, "parameters", 0)["name"] = {"a": 1}
    problems = validate_document(movie_document)
    assert [p.pointer for p in problems] == [pointer(*GET, "parameters", 0)]
    assert problems[0].message.startswith("not valid OpenAPI 3.0: ")


def test_schema_constraints_of_the_wrong_type(movie_document) -> None:
    schema = node(movie_document, *GET, "parameters", 0, "schema")
    schema.update(enum=5, minLength="3", maxLength=None)
    problems = validate_document(movie_document)
    assert [p.pointer for p in problems] == [pointer(*GET, "parameters", 0)]
    assert problems[0].message.startswith("not valid OpenAPI 3.0: ")


def test_a_default_is_checked_against_the_models_its_schema_refers_to(movie_document) -> None:
    schema = movie_document["components"]["schemas"]["FavoriteMovie"]
    schema["properties"]["error"] = {"$ref": "#/components/schemas/Error"}
    schema["default"] = {"name": "Alice", "favorite_movie": "Heat", "error": {}}
    at = ("components", "schemas", "FavoriteMovie", "default")
    assert validate_document(movie_document)[:2] == [
        problem(at, "default does not fit its schema: 'message' is a required property"),
        problem(at, "API Gateway models do not support `default`"),
    ]


def test_a_default_whose_refs_lead_back_to_themselves(movie_document) -> None:
    schemas = movie_document["components"]["schemas"]
    schemas["Loop"] = {"$ref": "#/components/schemas/Loop"}
    schemas["FavoriteMovie"]["properties"]["loop"] = {"$ref": "#/components/schemas/Loop"}
    schemas["FavoriteMovie"]["default"] = {"loop": 1}
    at = ("components", "schemas", "FavoriteMovie", "default")
    message = "cannot be checked: the $refs of its schema lead back to themselves; point them at schemas"
    assert validate_document(movie_document)[0] == problem(at, message)


def test_an_extension_that_is_not_a_mapping(movie_document) -> None:
    movie_document["x-spec-compiler"] = None
    assert validate_document(movie_document) == [
        problem(("x-spec-compiler",), f"is null, not a mapping of tables and roles; {REBUILD}")
    ]


def test_extension_tables_that_are_a_list(movie_document) -> None:
    movie_document["x-spec-compiler"]["tables"] = ["favorite_movies"]
    assert validate_document(movie_document) == [
        problem(("x-spec-compiler", "tables"), f"is a list, not a mapping by name; {REBUILD}")
    ]


def test_a_table_without_a_partition_key_name(movie_document) -> None:
    del movie_document["x-spec-compiler"]["tables"]["favorite_movies"]["partitionKey"]["name"]
    assert validate_document(movie_document) == [
        problem(
            ("x-spec-compiler", "tables", "favorite_movies", "partitionKey"),
            f"needs `partitionKey` with a `name` (a string); {REBUILD}",
        )
    ]


def test_a_role_without_an_access(movie_document) -> None:
    del node(movie_document, *ROLE)["access"]
    problems = validate_document(movie_document)
    assert problems[0] == problem((*ROLE, "access"), f"needs `access` (a string); {REBUILD}")


def test_a_schema_that_contains_itself_is_reported_not_walked_forever(capsys) -> None:
    path = Path(__file__).parents[1] / "fixtures" / "documents" / "self_containing.yaml"
    assert main(["validate", str(path)]) == 2  # not JSON: nothing to check
    schema = ("paths", "/a/b", "get", "responses", "200", "content", "application/json", "schema")
    assert (
        f"{path}#{pointer(*schema, 'properties', 'again')}: an alias (`*name`) inside its own anchor makes "
        "this value contain itself"
    ) in capsys.readouterr().err


def test_a_value_nested_too_deep_is_reported_not_walked(movie_document) -> None:
    deep: dict = {"type": "object"}
    for _ in range(120):
        deep = {"type": "object", "properties": {"inner": deep}}
    movie_document["components"]["schemas"]["Deep"] = deep
    problems = validate_document(movie_document)
    assert any(
        problem.pointer.startswith(pointer("components", "schemas", "Deep", "properties", "inner"))
        and problem.message.startswith("nested more than 100 levels deep; name the nested schema")
        for problem in problems
    )


def test_one_malformed_part_hides_no_other_problem(movie_document) -> None:
    movie_document["info"]["version"] = datetime.date(2024, 1, 2)
    node(movie_document, *INTEGRATION)["responses"] = "none"
    node(movie_document, *LIST_TEMPLATES)["application/json"] = (
        '{"TableName": "favorite_movies", "ExclusiveStartKey": $input.params("next")}'
    )
    movie_document["x-spec-compiler"]["roles"] = 3
    problems = {p.pointer for p in validate_document(movie_document)}
    assert {
        pointer("info", "version"),  # the OpenAPI pass
        pointer(*INTEGRATION, "responses"),  # API Gateway's rules
        pointer(
            "paths",
            "/movies",
            "get",
            "x-amazon-apigateway-integration",
            "requestTemplates",
            "application/json",
        ),
        pointer(*LIST_TEMPLATES, "application/json"),  # the template checks
    } <= problems


# --- seeded mutations -----------------------------------------------------------------------------------

ODD_VALUES = (
    None, 0, -3, 2.5, True, "", "x", [], {}, [None], [{}], {"": None}, datetime.date(2024, 1, 2),
    {"$ref": "#/components/schemas/Nope"}, {"$ref": 5}, {"$ref": "#"}, {"$ref": "#/info/title"},
    {"type": 5}, {"type": "array", "items": 5}, {"type": "object", "properties": [1]}, {"enum": 5},
    {"type": "string", "minLength": "3"}, {"type": "integer", "minimum": "a"}, {"allOf": 5},
)  # fmt: skip
ODD_KEYS = (0, 200, None, True, 2.5, "", "/", "~", datetime.date(2024, 1, 1))


def every_place(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    places = [path]
    if isinstance(value, dict):
        for key, member in value.items():
            places += every_place(member, (*path, key))
    elif isinstance(value, list):
        for index, member in enumerate(value):
            places += every_place(member, (*path, index))
    return places


def changed_type(value: Any, rnd: random.Random) -> Any:
    if isinstance(value, dict):
        return rnd.choice([list(value.values()), list(value), str(value), None, 1])
    if isinstance(value, list):
        return rnd.choice([{str(i): v for i, v in enumerate(value)}, str(value), {}, 3])
    if isinstance(value, str):
        return rnd.choice([len(value), [value], {value: value}, None, 1.5, True])
    return rnd.choice([str(value), [value], {"v": value}, None])


def mutate(document: dict[str, Any], rnd: random.Random) -> None:
    """One random break: a part deleted, of another type, an odd value or key, a `$ref` to anywhere
    (maybe an ancestor), an odd `default`, or a copy of another part."""
    places = every_place(document)
    place = rnd.choice(places[1:])
    parent, key = node(document, *place[:-1]), place[-1]
    choice = rnd.randrange(7)
    if choice == 0:
        del parent[key]
    elif choice == 1:
        parent[key] = changed_type(parent[key], rnd)
    elif choice == 2:
        parent[key] = copy.deepcopy(rnd.choice(ODD_VALUES))
    elif choice == 3 and isinstance(parent, dict):
        parent[rnd.choice(ODD_KEYS)] = parent.pop(key)
    elif choice == 4:
        parent[key] = {"$ref": "#" + pointer(*rnd.choice(places))}
    elif choice == 5 and isinstance(parent[key], dict):
        parent[key]["default"] = copy.deepcopy(rnd.choice(ODD_VALUES))
    else:
        parent[key] = copy.deepcopy(node(document, *rnd.choice(places)))


def test_validate_never_raises_on_mutated_documents(
    compiled_movie_document, compiled_every_type_document
) -> None:
    rnd = random.Random(20261125)
    bases = (compiled_movie_document, compiled_every_type_document)
    for index in range(160):
        document = copy.deepcopy(bases[index % 2])
        for _ in range(rnd.choice((1, 1, 2, 3, 5))):
            mutate(document, rnd)
        for found in validate_document(document, size=rnd.choice((0, 7 * 1024 * 1024))):
            assert isinstance(found, Problem)
            assert isinstance(found.pointer, str) and isinstance(found.message, str) and found.message

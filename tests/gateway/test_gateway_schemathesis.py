"""Schemathesis against the served API with the generated documents: positive and negative data.

Every answer must be free of 5xx and conform to the document (declared status, content type, headers,
body schema). Examples are bounded and derandomized so the run is reproducible and fast.

Negative cases keep path parameters within their schemas: API Gateway checks only that a path parameter
is present, never its schema (AWS guide, "Request validation": it "only checks the existence of a
parameter and doesn't check the type or format"); the generated request templates check keys themselves,
which `test_out_of_schema_path_key_is_a_400_and_nothing_is_stored` covers.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, given, settings
from jsonschema import Draft4Validator
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 12


def _path_validators(document: dict, path: str, method: str) -> dict[str, Draft4Validator]:
    parameters = document["paths"][path][method.lower()].get("parameters", [])
    return {p["name"]: Draft4Validator(p.get("schema", {})) for p in parameters if p["in"] == "path"}


MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


@pytest.mark.parametrize("mode", MODES, ids=["positive", "negative"])
@pytest.mark.parametrize("api", ["favorite", "watches"])
def test_served_api_conforms_to_its_document(
    api: str, mode: GenerationMode, documents, favorite, watches
) -> None:
    served = {"favorite": favorite, "watches": watches}[api]
    schema = schemathesis.openapi.from_path(documents[api])
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        spec = served.document["paths"][operation.path][operation.method.lower()]
        only_path = "requestBody" not in spec and all(p["in"] == "path" for p in spec.get("parameters", []))
        if mode is GenerationMode.NEGATIVE and only_path:
            continue  # nothing but the path to make invalid, and API Gateway does not validate the path
        try:
            _exercise(operation, mode, served)
        except Exception as error:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)


def _exercise(operation, mode: GenerationMode, served) -> None:
    path_validators = _path_validators(served.document, operation.path, operation.method)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def exercise(case: schemathesis.Case) -> None:
        values = case.path_parameters or {}
        assume(all(check.is_valid(values.get(name)) for name, check in path_validators.items()))
        case.call_and_validate(base_url=served.url, checks=CHECKS)

    exercise()


def test_out_of_schema_path_key_is_a_400_and_nothing_is_stored(favorite, watches, unique: str) -> None:
    """API Gateway does not validate path parameters, so the request templates check the key's model
    (here maxLength 100, and a date-time sort key) and answer 400 through DynamoDB's rejection."""
    name = unique + "x" * 100
    try:
        stored = favorite("PUT", f"/movies/{name}", json={"favorite_movie": "Alien"})
        assert stored.status_code == 400
        assert set(stored.json()) == {"message"}
        assert favorite("GET", f"/movies/{name}").status_code == 400
        assert "Item" not in favorite.dynamodb.get_item(
            TableName="favorite_movies", Key={"name": {"S": name}}
        )
        assert favorite("PUT", f"/movies/{name[:100]}", json={"favorite_movie": "Alien"}).status_code == 201
        assert favorite("GET", f"/movies/{name[:100]}").json()["name"] == name[:100]
        assert watches("GET", f"/watches/{unique}/not-a-date-time").status_code == 400
        assert watches("DELETE", f"/watches/{unique}/2024-05-06").status_code == 400
    finally:  # keep list responses of later tests conformant
        for key in (name, name[:100]):
            favorite.dynamodb.delete_item(TableName="favorite_movies", Key={"name": {"S": key}})

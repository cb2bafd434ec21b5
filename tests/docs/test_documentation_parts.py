"""Documentation parts for API Gateway: valid locations, every documented entity, nothing internal."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import botocore.session
from botocore.validate import ParamValidator
from leak_check import internals_of, leaks
from openapi_spec_validator import validate

from spec_compiler.docs import documentation_extension, documentation_parts, documentation_version
from spec_compiler.docs.parts import DOCUMENTATION_EXTENSION
from spec_compiler.document import operations

# The location fields API Gateway accepts for each entity type (DocumentationPartLocation).
LOCATION_FIELDS = {
    "API": set(),
    "RESOURCE": {"path"},
    "METHOD": {"path", "method"},
    "PATH_PARAMETER": {"path", "method", "name"},
    "QUERY_PARAMETER": {"path", "method", "name"},
    "REQUEST_HEADER": {"path", "method", "name"},
    "REQUEST_BODY": {"path", "method"},
    "RESPONSE": {"path", "method", "statusCode"},
    "MODEL": {"name"},
}


def by_type(parts: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [part for part in parts if part["location"]["type"] == kind]


def test_every_location_is_valid_and_names_something_in_the_document(
    source_document: dict[str, Any],
) -> None:
    parts = documentation_parts(source_document)
    methods = {(op.path, op.method.upper()): op.spec for op in operations(source_document)}
    for part in parts:
        location = dict(part["location"])
        kind = location.pop("type")
        assert set(location) == LOCATION_FIELDS[kind], part
        assert part["properties"] and all(part["properties"].values()), part
        if "method" in location:
            spec = methods[(location["path"], location["method"])]
            if "statusCode" in location:
                assert location["statusCode"] in spec["responses"]
            if "name" in location:
                assert location["name"] in {parameter["name"] for parameter in spec["parameters"]}
        elif "path" in location:
            assert location["path"] in source_document["paths"]
        elif "name" in location:
            assert location["name"] in source_document["components"]["schemas"]


def test_every_part_is_a_valid_create_documentation_part_request(source_document: dict[str, Any]) -> None:
    """Checked against botocore's model of API Gateway's CreateDocumentationPart (the SDK's own rules)."""
    model = botocore.session.get_session().get_service_model("apigateway")
    request = model.operation_model("CreateDocumentationPart").input_shape
    kinds = model.shape_for("DocumentationPartType").enum
    for part in documentation_parts(source_document):
        params = {
            "restApiId": "a1b2c3",
            "location": part["location"],
            "properties": json.dumps(part["properties"]),
        }
        report = ParamValidator().validate(params, request)
        assert not report.has_errors(), report.generate_report()
        assert part["location"]["type"] in kinds


def test_the_api_every_method_and_every_response_is_documented(source_document: dict[str, Any]) -> None:
    parts = documentation_parts(source_document)
    assert by_type(parts, "API")[0]["properties"] == {
        "info": {"description": source_document["info"]["description"]}
    }
    documented_methods = {(p["location"]["path"], p["location"]["method"]) for p in by_type(parts, "METHOD")}
    documented_responses = {
        (p["location"]["path"], p["location"]["method"], p["location"]["statusCode"])
        for p in by_type(parts, "RESPONSE")
    }
    for operation in operations(source_document):
        method = operation.method.upper()
        assert (operation.path, method) in documented_methods
        for status in operation.spec["responses"]:
            assert (operation.path, method, status) in documented_responses
    summaries = {p["properties"]["summary"] for p in by_type(parts, "METHOD")}
    assert summaries == {op.spec["summary"] for op in operations(source_document)}
    assert by_type(parts, "MODEL")


def test_parts_hold_no_internals(source_document: dict[str, Any]) -> None:
    parts = documentation_parts(source_document)
    assert leaks({"parts": parts}, internals_of(source_document)) == []


def test_version_is_stable_and_changes_with_any_part(hand_written_document: dict[str, Any]) -> None:
    version = documentation_version(hand_written_document)
    assert re.fullmatch(r"1\.0\.0-[0-9a-f]{12}", version)
    assert documentation_version(copy.deepcopy(hand_written_document)) == version
    changed = copy.deepcopy(hand_written_document)
    changed["paths"]["/movies"]["get"]["summary"] = "List every favorite movie"
    assert documentation_version(changed) != version


def test_the_extension_imports_the_same_parts_and_leaves_the_document_valid(
    source_document: dict[str, Any],
) -> None:
    extension = documentation_extension(source_document)
    assert extension == {
        "version": documentation_version(source_document),
        "documentationParts": documentation_parts(source_document),
    }
    embedded = copy.deepcopy(source_document)
    embedded[DOCUMENTATION_EXTENSION] = extension
    validate(embedded)
    assert documentation_parts(embedded) == extension["documentationParts"]

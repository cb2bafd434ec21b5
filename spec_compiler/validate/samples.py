"""Sample data for rendering templates: client input from the document's schemas, DynamoDB answers.

The samples are small and deterministic; they exercise every template branch that valid input takes
(an item found and not found, a page with and without a next page, each DynamoDB error type).
"""

from __future__ import annotations

import json
import math
from typing import Any

from spec_compiler.validate.shapes import mapping, number, sequence

MAX_DEPTH = 8
# The longest sample string made, whatever `minLength` asks: a sample is for rendering only.
MAX_SAMPLE_LENGTH = 65536
DYNAMODB_ERRORS = (
    "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
    "com.amazon.coral.validate#ValidationException",
    "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
    "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
)
_STRING_FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "byte": "c2FtcGxl",
    "binary": "c2FtcGxl",
}


def resolve(schema: Any, document: dict[str, Any]) -> dict[str, Any]:
    """The schema a `$ref` to `#/components/schemas/...` names (or the schema itself)."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < MAX_DEPTH:
        target: Any = document
        for part in str(schema["$ref"]).removeprefix("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        schema, seen = target, seen + 1
    return schema if isinstance(schema, dict) else {}


def _variant(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """The first non-null alternative of anyOf/oneOf, or allOf's first member."""
    for key in ("anyOf", "oneOf", "allOf"):
        for option in sequence(schema.get(key)):
            option = resolve(option, document)
            if option.get("type") != "null":
                return {**{k: v for k, v in schema.items() if k != key}, **option}
    return schema


def _type(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind is None and "properties" in schema:
        return "object"
    return kind


def instance(schema: Any, document: dict[str, Any], depth: int = 0) -> Any:
    """A small JSON value the schema accepts (constraints on sizes and ranges respected)."""
    schema = _variant(resolve(schema, document), document)
    if enum := sequence(schema.get("enum")):
        return next((value for value in enum if value is not None), enum[0])
    kind = _type(schema)
    if depth > MAX_DEPTH:
        return None
    if kind == "string":
        text = _STRING_FORMATS.get(str(schema.get("format", "")), "sample")
        text = text.ljust(_length(schema.get("minLength"), 0), "x")
        return text[: _length(schema["maxLength"], len(text))] if "maxLength" in schema else text
    if kind in ("integer", "number"):
        return _clamp(1 if kind == "integer" else 1.5, schema)
    if kind == "boolean":
        return True
    if kind == "array":
        element = instance(schema.get("items", {}), document, depth + 1)
        return [element]
    if kind == "object":
        value = {
            str(name): instance(member, document, depth + 1)
            for name, member in mapping(schema.get("properties")).items()
        }
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and not schema.get("properties"):
            value["key"] = instance(extra, document, depth + 1)
        return value
    return "sample"


def _length(value: Any, default: int) -> int:
    """A `minLength` or `maxLength` as a sample length: the default when it is not a number."""
    length = number(value, default)
    return int(min(length, MAX_SAMPLE_LENGTH)) if math.isfinite(length) else default


def _clamp(value: float, schema: dict[str, Any]) -> float:
    low, high = number(schema.get("minimum"), value), number(schema.get("maximum"), value)
    if value < low:
        value = low
    if value > high:
        value = high
    return int(value) if schema.get("type") == "integer" and math.isfinite(value) else value


def attribute_value(schema: Any, document: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """A stored DynamoDB AttributeValue of the shape the schema describes."""
    schema = _variant(resolve(schema, document), document)
    kind = _type(schema)
    if depth > MAX_DEPTH:
        return {"NULL": True}
    if kind == "string":
        value = instance(schema, document, depth)
        return {"B": value} if schema.get("format") in ("byte", "binary") else {"S": str(value)}
    if kind in ("integer", "number"):
        return {"N": str(instance(schema, document, depth))}
    if kind == "boolean":
        return {"BOOL": True}
    if kind == "array":
        items = _variant(resolve(schema.get("items", {}), document), document)
        if schema.get("uniqueItems") and _type(items) == "string":
            return {"SS": [str(instance(items, document, depth + 1))]}
        if schema.get("uniqueItems") and _type(items) in ("integer", "number"):
            return {"NS": [str(instance(items, document, depth + 1))]}
        return {"L": [attribute_value(items, document, depth + 1)]}
    if kind == "object":
        members = {
            str(name): attribute_value(member, document, depth + 1)
            for name, member in mapping(schema.get("properties")).items()
        }
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and not schema.get("properties"):
            members["key"] = attribute_value(extra, document, depth + 1)
        return {"M": members}
    return {"S": "sample"}


def dynamodb_answers(action: str, selection: str, item: dict[str, Any], key: dict[str, Any]) -> list[str]:
    """DynamoDB answers (as raw JSON text) that a response of this selection pattern receives."""
    if selection.startswith("4"):
        return [json.dumps({"__type": kind, "message": "sample"}) for kind in DYNAMODB_ERRORS]
    if selection.startswith("5"):
        return [
            json.dumps({"__type": "com.amazonaws.dynamodb.v20120810#InternalServerError", "message": "x"})
        ]
    answers: list[dict[str, Any]] = [{}]
    if action == "GetItem":
        answers = [{"Item": item}, {}]
    elif action in ("PutItem", "DeleteItem"):
        answers = [{}, {"Attributes": item}]
    elif action == "UpdateItem":
        answers = [{"Attributes": item}]
    elif action in ("Scan", "Query"):
        answers = [
            {"Items": [item, item], "Count": 2, "ScannedCount": 2, "LastEvaluatedKey": key},
            {"Items": [], "Count": 0, "ScannedCount": 0},
        ]
    return [json.dumps(answer, default=str) for answer in answers]

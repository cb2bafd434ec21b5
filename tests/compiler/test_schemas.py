"""Pydantic's JSON schema rewritten into API Gateway's draft-4 subset, keyword by keyword."""

import pytest

from spec_compiler.compiler.schemas import EXAMPLES, NULL, api_gateway_schema, nullable


@pytest.mark.parametrize(
    ("pydantic", "api_gateway"),
    [
        (
            {"type": "integer", "exclusiveMinimum": 0},
            {"type": "integer", "minimum": 0, "exclusiveMinimum": True},
        ),
        (
            {"type": "number", "exclusiveMaximum": 9.5},
            {"type": "number", "maximum": 9.5, "exclusiveMaximum": True},
        ),
        ({"type": "string", "examples": ["a", "b"]}, {"type": "string", EXAMPLES: ["a", "b"]}),
        ({"type": "string", "example": "a"}, {"type": "string", EXAMPLES: ["a"]}),
        ({"type": "integer", "default": 3, "readOnly": True, "deprecated": True}, {"type": "integer"}),
        ({"type": "integer", "format": "int64"}, {"type": "integer"}),
        ({"type": "integer", "format": "int32"}, {"type": "integer"}),
        ({"type": "number", "format": "decimal"}, {"type": "number"}),
        ({"type": "string", "format": "date-time"}, {"type": "string", "format": "date-time"}),
        ({"const": "a", "type": "string"}, {"enum": ["a"], "type": "string"}),
        ({"type": "null"}, NULL),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, {"anyOf": [{"type": "string"}, NULL]}),
        ({"type": "object", "discriminator": {"propertyName": "x"}, "$schema": "x"}, {"type": "object"}),
        ({"type": "string", "contentEncoding": "base64", "propertyNames": {}}, {"type": "string"}),
    ],
)
def test_keyword_is_rewritten(pydantic: dict, api_gateway: dict) -> None:
    assert api_gateway_schema(pydantic) == api_gateway


def test_descriptions_and_constraints_are_kept() -> None:
    schema = {
        "type": "string",
        "description": "A title",
        "minLength": 1,
        "maxLength": 9,
        "pattern": "^[a-z]+$",
        "enum": ["ab"],
        "title": "Explicit title",
    }
    assert api_gateway_schema(schema) == schema


def test_rewriting_reaches_every_subschema() -> None:
    schema = {
        "type": "object",
        "properties": {
            "list": {"type": "array", "items": {"type": "integer", "default": 1, "exclusiveMinimum": 2}},
            "map": {"type": "object", "additionalProperties": {"const": 5}},
            "either": {"anyOf": [{"$ref": "#/components/schemas/A", "examples": [{}]}, {"type": "null"}]},
            "all": {"allOf": [{"type": "string", "examples": ["x"]}]},
        },
        "required": ["list"],
        "additionalProperties": False,
    }
    assert api_gateway_schema(schema) == {
        "type": "object",
        "properties": {
            "list": {"type": "array", "items": {"type": "integer", "minimum": 2, "exclusiveMinimum": True}},
            "map": {"type": "object", "additionalProperties": {"enum": [5]}},
            "either": {"anyOf": [{"$ref": "#/components/schemas/A", EXAMPLES: [{}]}, NULL]},
            "all": {"allOf": [{"type": "string", EXAMPLES: ["x"]}]},
        },
        "required": ["list"],
        "additionalProperties": False,
    }


def test_a_property_named_like_a_keyword_is_kept() -> None:
    schema = {
        "type": "object",
        "properties": {"default": {"type": "string"}, "examples": {"type": "integer"}},
    }
    assert api_gateway_schema(schema) == schema


def test_input_is_not_changed() -> None:
    schema = {"type": "integer", "exclusiveMinimum": 0, "examples": [1]}
    api_gateway_schema(schema)
    assert schema == {"type": "integer", "exclusiveMinimum": 0, "examples": [1]}


def test_nullable_wraps_once() -> None:
    assert nullable({"type": "string"}) == {"anyOf": [{"type": "string"}, NULL]}
    already = {"anyOf": [{"type": "string"}, NULL]}
    assert nullable(already) is already

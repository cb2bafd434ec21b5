"""Pydantic's JSON schema rewritten into API Gateway's draft-4 subset, keyword by keyword."""

import pytest
from jsonschema import Draft4Validator

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
    loop_limit = "(API Gateway's mapping templates stop a loop there)."
    assert api_gateway_schema(schema) == {
        "type": "object",
        "properties": {
            "list": {
                "type": "array",
                "description": f"At most 1000 items {loop_limit}",
                "items": {"type": "integer", "minimum": 2, "exclusiveMinimum": True},
                "maxItems": 1000,
            },
            "map": {
                "type": "object",
                "description": f"At most 1000 entries {loop_limit}",
                "additionalProperties": {"enum": [5]},
                "maxProperties": 1000,
            },
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


@pytest.mark.parametrize(
    ("schema", "limit"),
    [
        ({"type": "array", "items": {"type": "string"}}, "maxItems"),
        ({"type": "array", "items": {"type": "string"}, "uniqueItems": True, "minItems": 1}, "maxItems"),
        ({"type": "array", "items": {"type": "string"}, "maxItems": 5000}, "maxItems"),
        ({"type": "object", "additionalProperties": {"type": "integer"}}, "maxProperties"),
    ],
)
def test_what_a_template_loops_over_is_capped_at_1000_and_says_so(schema: dict, limit: str) -> None:
    """AWS stops a #foreach at 1000 iterations: the validator must reject what a template would cut."""
    rewritten = api_gateway_schema({**schema, "description": "Tags."})
    assert rewritten[limit] == 1000
    assert rewritten["description"].startswith("Tags. At most 1000 ")
    too_many = [str(n) for n in range(1001)] if limit == "maxItems" else {str(n): n for n in range(1001)}
    assert not Draft4Validator(rewritten).is_valid(too_many)
    assert Draft4Validator(rewritten).is_valid(
        too_many[:1000] if limit == "maxItems" else dict(list(too_many.items())[:1000])
    )


def test_a_lower_limit_and_fixed_objects_are_left_as_they_are() -> None:
    lower = {"type": "array", "items": {"type": "string"}, "maxItems": 3}
    fixed = {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}
    assert api_gateway_schema(lower) == lower
    assert api_gateway_schema(fixed) == fixed


def test_every_list_set_and_dict_of_the_every_type_model_is_capped(every_type_document: dict) -> None:
    def walk(schema: object) -> None:
        if isinstance(schema, dict):
            if schema.get("type") == "array":
                assert schema["maxItems"] <= 1000, schema
            if schema.get("type") == "object" and schema.get("additionalProperties", False) is not False:
                assert schema["maxProperties"] <= 1000, schema
            for value in schema.values():
                walk(value)
        elif isinstance(schema, list):
            for value in schema:
                walk(value)

    models = every_type_document["components"]["schemas"]
    walk({name: model for name, model in models.items() if not name.endswith("Page")})
    assert models["WatchLogCreate"]["properties"]["tags"]["maxItems"] == 1000

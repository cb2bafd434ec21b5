"""JSON schemas in API Gateway's model dialect: JSON Schema draft 4, minus what API Gateway rejects.

Pydantic writes draft 2020-12. API Gateway validates request bodies with draft 4 and rejects or ignores
`example(s)`, `default`, `readOnly`, `deprecated`, numeric `exclusiveMinimum`/`exclusiveMaximum`,
`format: int32/int64/decimal` and `$defs`; OpenAPI 3.0 has no `type: "null"` and no `const`.
`api_gateway_schema` rewrites one schema into the subset both accept, keeping descriptions and
constraints. Examples are kept for the docs under `x-examples` (a list), which `docs` turns back into
`example`.
"""

from __future__ import annotations

from typing import Any

EXAMPLES = "x-examples"
# AWS stops a template's #foreach after 1000 iterations, so a longer list, set or dict would be cut short.
LOOP_LIMIT = 1000
NULL = {"enum": [None]}  # draft 4's "null", in a form OpenAPI 3.0 validators accept too

# Keywords API Gateway's draft 4 validator and OpenAPI 3.0 both understand, in the order they are written;
# anything else is dropped.
_KEPT = (
    "$ref", "type", "format", "title", "description", "enum", "multipleOf", "minimum", "exclusiveMinimum",
    "maximum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "items", "minItems", "maxItems",
    "uniqueItems", "properties", "required", "additionalProperties", "minProperties", "maxProperties",
    "allOf", "anyOf", "oneOf", "not", EXAMPLES,
)  # fmt: skip
_ORDER = {key: index for index, key in enumerate(_KEPT)}
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SUBSCHEMAS = ("items", "additionalProperties", "not")
_UNSUPPORTED_FORMATS = frozenset({"int32", "int64", "decimal"})


def api_gateway_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of `schema`, recursively rewritten into API Gateway's draft-4 subset."""
    result: dict[str, Any] = {}
    if "const" in schema:
        result["enum"] = [schema["const"]]
    if schema.get("type") == "null":
        result.update(NULL)
    for key, value in schema.items():
        if key == "type" and value == "null":
            continue
        if key in ("exclusiveMinimum", "exclusiveMaximum") and not isinstance(value, bool):
            result["minimum" if key == "exclusiveMinimum" else "maximum"] = value
            result[key] = True
        elif key in ("examples", "example"):
            examples = value if key == "examples" else [value]
            result[EXAMPLES] = [*result.get(EXAMPLES, []), *examples]
        elif key == "format" and value in _UNSUPPORTED_FORMATS:
            continue
        elif key in _ORDER:
            result[key] = _rewrite(key, value)
    _within_loop_limit(result)
    return dict(sorted(result.items(), key=lambda item: _ORDER[item[0]]))


def _within_loop_limit(schema: dict[str, Any]) -> None:
    """Cap what the templates loop over (arrays, and maps with any keys) at `LOOP_LIMIT`, and say so."""
    if schema.get("type") == "array":
        limit, noun = "maxItems", "items"
    elif schema.get("type") == "object" and schema.get("additionalProperties", False) is not False:
        limit, noun = "maxProperties", "entries"
    else:
        return
    if schema.get(limit, LOOP_LIMIT + 1) <= LOOP_LIMIT:
        return
    schema[limit] = LOOP_LIMIT
    note = f"At most {LOOP_LIMIT} {noun} (API Gateway's mapping templates stop a loop there)."
    schema["description"] = f"{schema['description'].rstrip()} {note}" if schema.get("description") else note


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` that also accepts JSON null (for PATCH: null removes an optional attribute)."""
    if NULL in schema.get("anyOf", []):
        return schema
    return {"anyOf": [schema, NULL]}


def _rewrite(key: str, value: Any) -> Any:
    if key == "properties":
        return {name: api_gateway_schema(sub) for name, sub in value.items()}
    if key in _SUBSCHEMAS and isinstance(value, dict):
        return api_gateway_schema(value)
    if key in _SUBSCHEMA_LISTS:
        return [api_gateway_schema(sub) for sub in value]
    return value

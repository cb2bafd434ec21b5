"""Pydantic's JSON schema, adjusted where the request body is JSON for DynamoDB rather than for Pydantic.

The few changes need Pydantic's type knowledge, so they are steps of Pydantic's own generator; everything
that is about API Gateway's draft-4 subset is done later, on plain dicts, by `spec_compiler.compiler.schemas`.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

REF_TEMPLATE = "#/components/schemas/{model}"
BASE64 = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
# API Gateway's validator checks `format: date-time` but not `date` or `uuid`; a pattern it does check.
DATE = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class EntityJsonSchema(GenerateJsonSchema):
    """JSON schema for request and response bodies of the generated API."""

    def normalize_name(self, name: str) -> str:
        """API Gateway model names are alphanumeric only (`Page[int]` becomes `Pageint`)."""
        return re.sub(r"[^A-Za-z0-9]", "", name)

    def field_title_should_be_set(self, schema: Any) -> bool:
        """No titles made up from field names: they add noise; an explicit `Field(title=...)` stays."""
        return False

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        """Decimal is a JSON number on the wire (DynamoDB N), not Pydantic's number-or-string."""
        json_schema: JsonSchemaValue = {"type": "number"}
        self.update_with_validations(json_schema, schema, self.ValidationsMapping.numeric)
        return json_schema

    def bytes_schema(self, schema: core_schema.BytesSchema) -> JsonSchemaValue:
        """bytes travel as base64 (DynamoDB B); a length limit on the raw bytes does not apply to it."""
        return {"type": "string", "format": "byte", "pattern": BASE64}

    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        """A date, with a pattern so that API Gateway's validator (which ignores `format: date`) checks it."""
        return {**super().date_schema(schema), "pattern": DATE}

    def uuid_schema(self, schema: core_schema.UuidSchema) -> JsonSchemaValue:
        """A UUID, with a pattern so that API Gateway's validator (which ignores `format: uuid`) checks it."""
        return {**super().uuid_schema(schema), "pattern": UUID}

    def set_schema(self, schema: core_schema.SetSchema) -> JsonSchemaValue:
        return _non_empty(super().set_schema(schema))

    def frozenset_schema(self, schema: core_schema.FrozenSetSchema) -> JsonSchemaValue:
        return _non_empty(super().frozenset_schema(schema))


def _non_empty(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    """DynamoDB rejects an empty SS or NS, so a set needs at least one element."""
    json_schema["minItems"] = max(json_schema.get("minItems", 0), 1)
    json_schema["uniqueItems"] = True
    return json_schema

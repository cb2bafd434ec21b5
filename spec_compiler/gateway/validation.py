"""Request validators as API Gateway runs them: required parameters present, the body valid against its model.

API Gateway validates models (JSON Schema draft 4) with the java-json-tools validator and fills
`$context.error.validationErrorString` with that library's messages inside brackets, for example
`[object has missing required properties (["favorite_movie"])]`. `jsonschema`'s Draft4Validator decides
validity here; `_message` rewords each error the way java-json-tools words it.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

BAD_REQUEST_BODY_MESSAGE = "Invalid request body"


@dataclass(frozen=True)
class ValidationFailure:
    """Why a request failed its validator: which gateway response answers, and the messages it carries."""

    response_type: str
    message: str
    validation_error_string: str


@dataclass(frozen=True)
class RequiredParameter:
    """A parameter the method request declares as required, in API Gateway's naming of its location."""

    location: str  # "path" | "querystring" | "header"
    name: str


class RequestValidator:
    """One method's validator: the required parameters to check and the body model, each only if enabled."""

    def __init__(
        self,
        *,
        required: list[RequiredParameter],
        body_validators: Mapping[str, Draft4Validator],
    ) -> None:
        self._required = required
        self._body_validators = body_validators

    def validate(
        self,
        *,
        path: Mapping[str, str],
        querystring: Mapping[str, str],
        headers: Mapping[str, str],
        content_type: str,
        body: bytes,
    ) -> ValidationFailure | None:
        """The first failure API Gateway would report (parameters before body), or None."""
        sources = {"path": path, "querystring": querystring, "header": headers}
        missing = [p.name for p in self._required if not sources[p.location].get(p.name)]
        if missing:
            message = f"Missing required request parameters: [{', '.join(missing)}]"
            return ValidationFailure("BAD_REQUEST_PARAMETERS", message, message)
        validator = self._body_validators.get(content_type) or self._body_validators.get("$default")
        if validator is None:
            return None
        try:
            instance = json.loads(body) if body.strip() else {}
        except (ValueError, UnicodeDecodeError) as error:
            return ValidationFailure(
                "BAD_REQUEST_BODY", BAD_REQUEST_BODY_MESSAGE, f"[Invalid JSON in request body: {error}]"
            )
        errors = sorted(validator.iter_errors(instance), key=_report_order)
        if not errors:
            return None
        messages = list(dict.fromkeys(_message(error) for error in errors))  # one per keyword, like fge
        return ValidationFailure(
            "BAD_REQUEST_BODY", BAD_REQUEST_BODY_MESSAGE, "[" + ", ".join(messages) + "]"
        )


def body_validator(schema: dict[str, Any], document: dict[str, Any]) -> Draft4Validator:
    """A draft-4 validator for one model, resolving `#/components/schemas/...` references in the document."""
    registry: Registry = Registry().with_resource(
        _DOCUMENT_URI, Resource(contents=document, specification=DRAFT4)
    )
    return Draft4Validator(_anchored(schema), registry=registry, format_checker=_FORMATS)


_DOCUMENT_URI = "urn:spec-compiler:document"


def _anchored(schema: Any) -> Any:
    """A copy whose local `#/...` references name the document, wherever in it the schema sits."""
    if isinstance(schema, dict):
        return {
            key: (_DOCUMENT_URI + value if key == "$ref" and str(value).startswith("#") else _anchored(value))
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_anchored(item) for item in schema]
    return schema


# The draft-4 formats java-json-tools checks that a generated model can carry; others pass unchecked.
_FORMATS = FormatChecker([])
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,12})?(Z|[+-]\d{2}:\d{2})")


@_FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00")[:19])
    except ValueError:
        return False
    return True


@_FORMATS.checks("ipv4")
def _is_ipv4(value: object) -> bool:
    return not isinstance(value, str) or _parses(ipaddress.IPv4Address, value)


@_FORMATS.checks("ipv6")
def _is_ipv6(value: object) -> bool:
    return not isinstance(value, str) or _parses(ipaddress.IPv6Address, value)


def _parses(kind: type, value: str) -> bool:
    try:
        kind(value)
    except ValueError:
        return False
    return True


def _report_order(error: ValidationError) -> tuple[str, str]:
    return ("/".join(str(part) for part in error.absolute_path), str(error.validator))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _type_name(value: Any) -> str:
    """JSON types as Jackson sees them: 1.0 is a number, not an integer (draft 4)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


_FORMAT_MESSAGES = {
    "date-time": 'string "{}" is invalid against requested date format(s) '
    "[yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.[0-9]{{1,12}}Z]",
    "ipv4": 'string "{}" is not a valid IPv4 address',
    "ipv6": 'string "{}" is not a valid IPv6 address',
}


def _message(error: ValidationError) -> str:
    """java-json-tools' wording for one failed keyword (its validation.properties bundle, draft 4)."""
    keyword, expected, instance, schema = error.validator, error.validator_value, error.instance, error.schema
    if keyword == "required":
        missing = sorted(name for name in expected if isinstance(instance, dict) and name not in instance)
        return f"object has missing required properties ({_json(missing)})"
    if keyword == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        patterns = schema.get("patternProperties", {})
        extra = sorted(
            name for name in instance if name not in allowed and not any(re.search(p, name) for p in patterns)
        )
        return f"object instance has properties which are not allowed by the schema: {_json(extra)}"
    if keyword == "type":
        allowed = sorted([expected] if isinstance(expected, str) else expected)
        return (
            f"instance type ({_type_name(instance)}) does not match any allowed primitive type "
            f"(allowed: {_json(allowed)})"
        )
    if keyword == "minLength":
        return f'string "{instance}" is too short (length: {len(instance)}, required minimum: {expected})'
    if keyword == "maxLength":
        return f'string "{instance}" is too long (length: {len(instance)}, maximum allowed: {expected})'
    if keyword == "minimum":
        if schema.get("exclusiveMinimum"):
            return f"numeric instance is not strictly greater than the required minimum {_json(expected)}"
        return (
            "numeric instance is lower than the required minimum "
            f"(minimum: {_json(expected)}, found: {_json(instance)})"
        )
    if keyword == "maximum":
        if schema.get("exclusiveMaximum"):
            return f"numeric instance is not strictly lower than the required maximum {_json(expected)}"
        return (
            "numeric instance is greater than the required maximum "
            f"(maximum: {_json(expected)}, found: {_json(instance)})"
        )
    if keyword == "enum":
        return f"instance value ({_json(instance)}) not found in enum (possible values: {_json(expected)})"
    if keyword == "pattern":
        return f'ECMA 262 regex "{expected}" does not match input string "{instance}"'
    if keyword == "minItems":
        return (
            f"array is too short: must have at least {expected} elements "
            f"but instance has {len(instance)} elements"
        )
    if keyword == "maxItems":
        return (
            f"array is too long: must have at most {expected} elements "
            f"but instance has {len(instance)} elements"
        )
    if keyword == "uniqueItems":
        return "array must not contain duplicate elements"
    if keyword == "minProperties":
        return (
            f"object has too few properties (found {len(instance)} but schema requires at least {expected})"
        )
    if keyword == "maxProperties":
        return (
            f"object has too many properties (found {len(instance)} but schema requires at most {expected})"
        )
    if keyword == "multipleOf":
        return f"remainder of division is not zero ({_json(instance)} / {_json(expected)})"
    if keyword == "oneOf":
        failed = {sub.relative_schema_path[0] for sub in error.context or []}
        matched = len(expected) - len(failed)
        return f"instance failed to match exactly one schema (matched {matched} out of {len(expected)})"
    if keyword == "anyOf":
        return f"instance failed to match at least one required schema among {len(expected)}"
    if keyword == "not":
        return "instance matched a schema which it should not have"
    if keyword == "format" and expected in _FORMAT_MESSAGES:
        return _FORMAT_MESSAGES[expected].format(instance)
    return error.message

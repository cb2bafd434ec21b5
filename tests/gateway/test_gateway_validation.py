"""Request validation and its messages.

Expected wording comes from java-json-tools' message bundle (the validator API Gateway uses:
json-schema-validator's validation.properties, e.g. `err.common.object.missingMembers = object has
missing required properties (%s)`) and from AWS's guide for parameters ("Missing required request
parameters: [q1]", "Test basic request validation in API Gateway").
"""

import json

from spec_compiler.gateway.validation import RequestValidator, RequiredParameter, body_validator

DOCUMENT = {
    "components": {
        "schemas": {
            "Count": {"type": "integer", "minimum": 1},
            "Movie": {
                "type": "object",
                "additionalProperties": False,
                "required": ["favorite_movie", "count"],
                "properties": {
                    "favorite_movie": {"type": "string", "minLength": 1, "maxLength": 5},
                    "count": {"$ref": "#/components/schemas/Count"},
                    "genre": {"type": "string", "enum": ["drama", "comedy"]},
                    "seen": {"type": "string", "format": "date-time"},
                },
            },
        }
    }
}


def _validator() -> RequestValidator:
    return RequestValidator(
        required=[RequiredParameter("querystring", "limit"), RequiredParameter("header", "x-token")],
        body_validators={
            "application/json": body_validator({"$ref": "#/components/schemas/Movie"}, DOCUMENT)
        },
    )


def _check(body: object, *, querystring: dict | None = None, content_type: str = "application/json"):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return _validator().validate(
        path={},
        querystring={"limit": "1"} if querystring is None else querystring,
        headers={"x-token": "t"},
        content_type=content_type,
        body=raw,
    )


def test_missing_required_parameters_are_listed_before_the_body_is_looked_at() -> None:
    failure = _check(b"not json", querystring={"limit": ""})
    assert failure is not None
    assert failure.response_type == "BAD_REQUEST_PARAMETERS"
    assert failure.message == "Missing required request parameters: [limit]"


def test_missing_required_properties_in_one_message() -> None:
    failure = _check({})
    assert failure is not None
    assert failure.response_type == "BAD_REQUEST_BODY"
    assert failure.message == "Invalid request body"
    assert (
        failure.validation_error_string
        == '[object has missing required properties (["count","favorite_movie"])]'
    )


def test_empty_body_is_validated_as_an_empty_object() -> None:
    failure = _check(b"")
    assert failure is not None
    assert (
        failure.validation_error_string
        == '[object has missing required properties (["count","favorite_movie"])]'
    )


def test_each_failed_keyword_worded_as_java_json_tools_does() -> None:
    failure = _check({"favorite_movie": "", "count": 0, "genre": "horror", "extra": 1, "seen": "yesterday"})
    assert failure is not None
    messages = failure.validation_error_string
    assert 'object instance has properties which are not allowed by the schema: ["extra"]' in messages
    assert "numeric instance is lower than the required minimum (minimum: 1, found: 0)" in messages
    assert 'instance value ("horror") not found in enum (possible values: ["drama","comedy"])' in messages
    assert 'string "" is too short (length: 0, required minimum: 1)' in messages
    assert 'string "yesterday" is invalid against requested date format(s)' in messages


def test_type_mismatch_wording() -> None:
    failure = _check({"favorite_movie": 3, "count": 1.5})
    assert failure is not None
    assert 'instance type (integer) does not match any allowed primitive type (allowed: ["string"])' in (
        failure.validation_error_string
    )
    assert 'instance type (number) does not match any allowed primitive type (allowed: ["integer"])' in (
        failure.validation_error_string
    )


def test_valid_body_and_unmodelled_content_type_pass() -> None:
    assert _check({"favorite_movie": "Alien", "count": 2, "seen": "2024-05-01T10:00:00Z"}) is None
    assert _check(b"{not json", content_type="text/plain") is None  # no model for text/plain: not validated


def test_unparsable_json_is_a_bad_body() -> None:
    failure = _check(b"{not json")
    assert failure is not None
    assert failure.response_type == "BAD_REQUEST_BODY"
    assert failure.message == "Invalid request body"

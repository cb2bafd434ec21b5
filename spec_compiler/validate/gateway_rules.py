"""API Gateway's import rules, which openapi-spec-validator does not know.

From AWS's developer guide (see shared/notes/apigateway.md): path segments of letters, digits and
`_ - . , :` (a parameter is a whole segment), at most 300 resources, model names alphanumeric, no schema
keywords API Gateway rejects or ignores with a warning (`failOnWarnings` turns those into failures),
response schemas that are objects, request validators declared (with boolean settings) before they are
chosen, gateway responses of the types API Gateway has, integration statuses declared as operation
responses, mapping templates of at most 300 KB and a definition of at most 6 MB.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from spec_compiler.document import GATEWAY_RESPONSES, INTEGRATION, operations
from spec_compiler.validate.problems import Problem, pointer
from spec_compiler.validate.samples import resolve
from spec_compiler.validate.shapes import kind, mapping

MAX_RESOURCES = 300
MAX_TEMPLATE_BYTES = 300 * 1024
MAX_DOCUMENT_BYTES = 6 * 1024 * 1024
_SEGMENT = re.compile(r"[A-Za-z0-9_.,:-]+|\{[A-Za-z0-9_.-]+\+?\}")
_MODEL_NAME = re.compile(r"[A-Za-z0-9]+")
_REJECTED_KEYWORDS = ("discriminator", "example", "readOnly", "writeOnly", "default", "deprecated", "oneOf")
_REJECTED_FORMATS = ("int32", "int64", "decimal")
_FLAGGED = frozenset((*_REJECTED_KEYWORDS, "exclusiveMinimum", "exclusiveMaximum"))
VALIDATORS = "x-amazon-apigateway-request-validators"
VALIDATOR = "x-amazon-apigateway-request-validator"
_VALIDATOR_SETTINGS = ("validateRequestBody", "validateRequestParameters")
# AWS developer guide, "Gateway response types for API Gateway".
GATEWAY_RESPONSE_TYPES = (
    "ACCESS_DENIED",
    "API_CONFIGURATION_ERROR",
    "AUTHORIZER_CONFIGURATION_ERROR",
    "AUTHORIZER_FAILURE",
    "BAD_REQUEST_BODY",
    "BAD_REQUEST_PARAMETERS",
    "DEFAULT_4XX",
    "DEFAULT_5XX",
    "EXPIRED_TOKEN",
    "INTEGRATION_FAILURE",
    "INTEGRATION_TIMEOUT",
    "INVALID_API_KEY",
    "INVALID_SIGNATURE",
    "MISSING_AUTHENTICATION_TOKEN",
    "QUOTA_EXCEEDED",
    "REQUEST_TOO_LARGE",
    "RESOURCE_NOT_FOUND",
    "THROTTLED",
    "UNAUTHORIZED",
    "UNSUPPORTED_MEDIA_TYPE",
    "WAF_FILTERED",
)


def gateway_problems(document: dict[str, Any], size: int) -> Iterator[Problem]:
    yield from _path_problems(document)
    yield from _model_problems(document)
    yield from _validator_problems(document)
    yield from _gateway_response_problems(document)
    validators = {str(name) for name in mapping(document.get(VALIDATORS))}
    object_models: dict[str, bool] = {}
    for operation in operations(document):
        where = ("paths", operation.path, operation.method)
        yield from _validator_choice_problems(operation.spec, where, validators)
        yield from _response_schema_problems(document, operation.spec, where, object_models)
        if isinstance(operation.integration, dict):
            yield from _integration_problems(operation.spec, operation.integration, (*where, INTEGRATION))
        elif INTEGRATION in operation.spec:
            yield _not_a_mapping(operation.integration, (*where, INTEGRATION))
    if size > MAX_DOCUMENT_BYTES:
        yield Problem("", f"the document is {size} bytes; API Gateway imports at most {MAX_DOCUMENT_BYTES}")


def _validator_problems(document: dict[str, Any]) -> Iterator[Problem]:
    """The declared request validators are mappings of booleans, and the root's default is one of them."""
    declared = document.get(VALIDATORS)
    if declared is not None and not isinstance(declared, dict):
        yield _not_a_mapping(declared, (VALIDATORS,))
    for name, settings in mapping(declared).items():
        if not isinstance(settings, dict):
            yield _not_a_mapping(settings, (VALIDATORS, name))
            continue
        for setting in _VALIDATOR_SETTINGS:
            if setting in settings and not isinstance(settings[setting], bool):
                yield Problem(
                    pointer(VALIDATORS, name, setting),
                    f"is {kind(settings[setting])}, but API Gateway needs true or false here",
                )
    yield from _validator_choice_problems(document, (), {str(name) for name in mapping(declared)})


def _gateway_response_problems(document: dict[str, Any]) -> Iterator[Problem]:
    """Gateway responses are keyed by the response types API Gateway has, each a mapping."""
    declared = document.get(GATEWAY_RESPONSES)
    if declared is not None and not isinstance(declared, dict):
        yield _not_a_mapping(declared, (GATEWAY_RESPONSES,))
    for name, response in mapping(declared).items():
        if str(name) not in GATEWAY_RESPONSE_TYPES:
            close = difflib.get_close_matches(str(name), GATEWAY_RESPONSE_TYPES, n=1)
            hint = f"did you mean {close[0]}?" if close else "see AWS's list of gateway response types"
            yield Problem(
                pointer(GATEWAY_RESPONSES, name),
                f"API Gateway has no gateway response type {name!r}, so the import fails; {hint}",
            )
        if not isinstance(response, dict):
            yield _not_a_mapping(response, (GATEWAY_RESPONSES, name))


def _validator_choice_problems(spec: dict[str, Any], where: tuple, names: set[str]) -> Iterator[Problem]:
    """The request validator a document (as its default) or an operation chooses must be declared."""
    if VALIDATOR in spec and str(spec[VALIDATOR]) not in names:
        yield Problem(
            pointer(*where, VALIDATOR),
            f"names the request validator {spec[VALIDATOR]!r}, which {VALIDATORS} does not declare, so the "
            "import fails; declare it or rebuild the document with `spec-compiler build`",
        )


def _path_problems(document: dict[str, Any]) -> Iterator[Problem]:
    resources: set[str] = set()
    for path in mapping(document.get("paths")):
        segments = str(path).strip("/").split("/") if str(path).strip("/") else []
        if not str(path).startswith("/") or not all(_SEGMENT.fullmatch(segment) for segment in segments):
            yield Problem(
                pointer("paths", path),
                "API Gateway accepts only letters, digits, '_', '-', '.', ',' and ':' in path segments, "
                "and a path parameter must be a whole segment ({name})",
            )
        for index in range(1, len(segments) + 1):
            resources.add("/".join(segments[:index]))
    if len(resources) > MAX_RESOURCES:
        yield Problem(
            pointer("paths"),
            f"{len(resources)} resources; API Gateway allows at most {MAX_RESOURCES} per API",
        )


def _model_problems(document: dict[str, Any]) -> Iterator[Problem]:
    for name, schema in mapping(mapping(document.get("components")).get("schemas")).items():
        where = ("components", "schemas", name)
        if not _MODEL_NAME.fullmatch(str(name)):
            yield Problem(pointer(*where), "API Gateway model names must be alphanumeric")
        yield from _keyword_problems(schema, where)


def _keyword_problems(schema: Any, where: tuple[Any, ...]) -> list[Problem]:
    """Keywords of a model that API Gateway's draft-4 models reject or ignore with a warning."""
    problems: list[Problem] = []
    _visit_keywords(schema, list(where), problems)
    return problems


def _visit_keywords(schema: Any, path: list[Any], problems: list[Problem]) -> None:
    """One schema and its members, depth first; `path` is the schema's, shared and restored."""
    if isinstance(schema, list):
        for index, member in enumerate(schema):
            path.append(index)
            _visit_keywords(member, path, problems)
            path.pop()
        return
    if not isinstance(schema, dict):
        return
    if not _FLAGGED.isdisjoint(schema):
        problems.extend(_flagged_keyword_problems(schema, path))
    if schema.get("format") in _REJECTED_FORMATS:
        message = f"API Gateway models do not support format {schema['format']}"
        problems.append(Problem(pointer(*path, "format"), message))
    for keyword in ("properties", "patternProperties", "definitions"):
        for name, member in mapping(schema.get(keyword)).items():
            path += (keyword, name)
            _visit_keywords(member, path, problems)
            del path[-2:]
    for keyword in ("items", "additionalProperties", "not", "allOf", "anyOf"):
        if keyword in schema:
            path.append(keyword)
            _visit_keywords(schema[keyword], path, problems)
            path.pop()


def _flagged_keyword_problems(schema: dict[str, Any], path: list[Any]) -> Iterator[Problem]:
    for keyword in _REJECTED_KEYWORDS:
        if keyword in schema:
            yield Problem(pointer(*path, keyword), f"API Gateway models do not support `{keyword}`")
    for keyword in ("exclusiveMinimum", "exclusiveMaximum"):
        if keyword in schema and not isinstance(schema[keyword], bool):
            yield Problem(pointer(*path, keyword), f"`{keyword}` must be a boolean in draft 4 models")


def _response_schema_problems(
    document: dict[str, Any], spec: dict[str, Any], where: tuple, object_models: dict[str, bool]
) -> Iterator[Problem]:
    for status, response in mapping(spec.get("responses")).items():
        for content_type, media in mapping(mapping(response).get("content")).items():
            schema = mapping(media).get("schema")
            if schema is not None and not _is_object_model(schema, document, object_models):
                yield Problem(
                    pointer(*where, "responses", status, "content", content_type, "schema"),
                    "API Gateway response models must be objects; wrap the value in an object model",
                )


def _is_object_model(schema: Any, document: dict[str, Any], known: dict[str, bool]) -> bool:
    """Whether the schema, its `$ref`s followed, is an object; what a `$ref` names is looked up once
    (every operation's error responses name the same model)."""
    reference = schema.get("$ref") if isinstance(schema, dict) else None
    if not isinstance(reference, str):
        return resolve(schema, document).get("type") == "object"
    if reference not in known:
        known[reference] = resolve(schema, document).get("type") == "object"
    return known[reference]


def _integration_problems(
    spec: dict[str, Any], integration: dict[str, Any], where: tuple
) -> Iterator[Problem]:
    """Statuses declared, templates small enough, and (no OpenAPI schema covers this extension) the
    integration's mappings and templates of the types API Gateway imports."""
    declared = {str(status) for status in mapping(spec.get("responses"))}
    for name in ("requestTemplates", "requestParameters", "responses"):
        if integration.get(name) is not None and not isinstance(integration[name], dict):
            yield _not_a_mapping(integration[name], (*where, name))
    responses = integration.get("responses") or {}
    if (
        integration.get("type") == "aws"
        and isinstance(responses, dict)
        and not any(str(key).startswith("4") for key in responses)
    ):
        yield Problem(
            pointer(*where, "responses"),
            "no 4\\d{2} response: backend errors would reach clients as 200; add one that branches on __type",
        )
    for selection, response in mapping(responses).items():
        at = (*where, "responses", selection)
        if not isinstance(response, dict):
            yield _not_a_mapping(response, at)
            continue
        status = str(response.get("statusCode", ""))
        if status not in declared:
            yield Problem(
                pointer(*at, "statusCode"),
                f"status {status} is not declared in the operation's responses, so the import fails",
            )
        for name in ("responseTemplates", "responseParameters"):
            if response.get(name) is not None and not isinstance(response[name], dict):
                yield _not_a_mapping(response[name], (*at, name))
        for content_type, template in mapping(response.get("responseTemplates")).items():
            yield from _template_problems(template, (*at, "responseTemplates", content_type))
    for content_type, template in mapping(integration.get("requestTemplates")).items():
        yield from _template_problems(template, (*where, "requestTemplates", content_type))


def _template_problems(template: Any, where: tuple) -> Iterator[Problem]:
    """A mapping template is a string of at most `MAX_TEMPLATE_BYTES` (UTF-8 takes at most 4 bytes a
    character, so only long ones are encoded to be measured)."""
    if not isinstance(template, str):
        yield Problem(
            pointer(*where),
            f"is {kind(template)}, but a mapping template must be a string; quote it or rebuild the "
            "document with `spec-compiler build`",
        )
        return
    if len(template) * 4 <= MAX_TEMPLATE_BYTES:
        return
    size = len(template.encode("utf-8"))
    if size > MAX_TEMPLATE_BYTES:
        yield Problem(
            pointer(*where), f"the template is {size} bytes; API Gateway allows {MAX_TEMPLATE_BYTES}"
        )


def _not_a_mapping(value: Any, where: tuple) -> Problem:
    return Problem(
        pointer(*where),
        f"is {kind(value)}, but API Gateway needs a mapping here; fix it or rebuild the document "
        "with `spec-compiler build`",
    )

"""OpenAPI 3.0 validity, as openapi-spec-validator judges it.

The structural pass is openapi-spec-validator's own: its OpenAPI 3.0 schema validator (jsonschema-rs
backed, about 15 ms for a 6 MB document). Its semantic pass walks the document through a reference
resolver that costs about 30 ms per entity (5 s for 150), so the same checks are made here over the
plain dict instead: unique tag names and operationIds, path template parameters declared and declared
ones in the template, no duplicate parameters, every `$ref` resolvable, `required` members of an
`allOf` defined, and `default` values valid against their schema.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from typing import Any

from spec_compiler.document import HTTP_METHODS
from spec_compiler.validate.problems import Problem, pointer

_REFERENCE = re.compile(r'"\$ref": "((?:[^"\\]|\\.)*)"')


def openapi_problems(document: dict[str, Any]) -> Iterator[Problem]:
    from openapi_spec_validator.schemas import openapi_v30_schema_validator

    structural = False
    for error in openapi_v30_schema_validator.iter_errors(document):
        structural = True
        yield Problem(pointer(*error.absolute_path), f"not valid OpenAPI 3.0: {_first_line(error.message)}")
    if not structural:
        yield from _semantic_problems(document)


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0]


def _semantic_problems(document: dict[str, Any]) -> Iterator[Problem]:
    tags = [tag.get("name") for tag in document.get("tags") or ()]
    for index, name in enumerate(tags):
        if name in tags[:index]:
            yield Problem(pointer("tags", index, "name"), f"duplicate tag name {name!r}")
    yield from _operation_problems(document)
    if any(_target(document, reference) is None for reference in _references(document)):
        yield from _reference_problems(document, document, ())
    for name, schema in ((document.get("components") or {}).get("schemas") or {}).items():
        yield from _schema_problems(document, schema, ("components", "schemas", name))


def _operation_problems(document: dict[str, Any]) -> Iterator[Problem]:
    seen_ids: set[str] = set()
    for url, item in (document.get("paths") or {}).items():
        shared = [_resolve(document, p) for p in (item or {}).get("parameters") or ()]
        in_url = {name for _, name, _, _ in string.Formatter().parse(url) if name}
        for method, operation in (item or {}).items():
            if method not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            where = ("paths", url, method)
            operation_id = operation.get("operationId")
            if operation_id in seen_ids:
                yield Problem(pointer(*where, "operationId"), f"operationId {operation_id!r} is not unique")
            if operation_id is not None:
                seen_ids.add(operation_id)
            own = [_resolve(document, p) for p in operation.get("parameters") or ()]
            keys = [(p.get("name"), p.get("in")) for p in own]
            for index, key in enumerate(keys):
                if key in keys[:index]:
                    yield Problem(
                        pointer(*where, "parameters", index), f"duplicate parameter {key[0]!r} in {key[1]}"
                    )
            declared = {p.get("name") for p in own + shared if p.get("in") == "path"}
            for name in sorted(in_url ^ declared):
                yield Problem(pointer(*where), f"path parameter {name!r} of {url} is not resolved")
            for index, parameter in enumerate(own):
                if isinstance(parameter.get("schema"), dict):
                    yield from _schema_problems(
                        document, parameter["schema"], (*where, "parameters", index, "schema")
                    )
            for section, media_types in _media_types(operation):
                for media_type, media in media_types.items():
                    if isinstance((media or {}).get("schema"), dict):
                        at = (*where, *section, "content", media_type, "schema")
                        yield from _schema_problems(document, media["schema"], at)


def _media_types(operation: dict[str, Any]) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    body = operation.get("requestBody") or {}
    yield ("requestBody",), body.get("content") or {}
    for status, response in (operation.get("responses") or {}).items():
        yield ("responses", str(status)), (response or {}).get("content") or {}


def _references(document: dict[str, Any]) -> set[str]:
    """Every `$ref` of the document, found in its JSON text (much faster than walking it)."""
    return {json.loads(f'"{text}"') for text in _REFERENCE.findall(json.dumps(document))}


def _reference_problems(document: dict[str, Any], node: Any, where: tuple) -> Iterator[Problem]:
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str) and _target(document, reference) is None:
            yield Problem(pointer(*where, "$ref"), f"{reference} does not resolve")
        for key, value in node.items():
            if not str(key).startswith("x-"):
                yield from _reference_problems(document, value, (*where, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _reference_problems(document, value, (*where, index))


def _schema_problems(document: dict[str, Any], schema: Any, where: tuple) -> Iterator[Problem]:
    """`allOf` members must define every `required` property; `default` must fit its schema."""
    if not isinstance(schema, dict):
        return
    if "allOf" in schema:
        defined = set(schema.get("properties") or {})
        for member in schema["allOf"]:
            defined |= set(_resolve(document, member).get("properties") or {})
        if missing := sorted(set(schema.get("required") or ()) - defined):
            yield Problem(pointer(*where, "required"), f"required list has undefined properties: {missing}")
    if "default" in schema and not (schema["default"] is None and schema.get("nullable")):
        from openapi_schema_validator import OAS30Validator

        for error in OAS30Validator(schema).iter_errors(schema["default"]):
            yield Problem(pointer(*where, "default"), f"default does not fit its schema: {error.message}")
    for keyword in ("properties",):
        for name, member in (schema.get(keyword) or {}).items():
            yield from _schema_problems(document, member, (*where, keyword, name))
    for keyword in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(keyword), dict):
            yield from _schema_problems(document, schema[keyword], (*where, keyword))
    for keyword in ("allOf", "anyOf", "oneOf"):
        for index, member in enumerate(schema.get(keyword) or ()):
            yield from _schema_problems(document, member, (*where, keyword, index))


def _resolve(document: dict[str, Any], node: Any) -> dict[str, Any]:
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        target = _target(document, node["$ref"])
        return target if isinstance(target, dict) else {}
    return node if isinstance(node, dict) else {}


def _target(document: dict[str, Any], reference: str) -> Any:
    if not reference.startswith("#/"):
        return None
    target: Any = document
    for part in reference[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or part not in target:
            return None
        target = target[part]
    return target

"""OpenAPI 3.0 validity, as openapi-spec-validator judges it.

The structural pass is openapi-spec-validator's own: its OpenAPI 3.0 schema validator (jsonschema-rs
backed, about 15 ms for a 6 MB document). Its semantic pass walks the document through a reference
resolver that costs about 30 ms per entity (5 s for 150), so the same checks are made here over the
plain dict instead: unique tag names and operationIds, path template parameters declared and declared
ones in the template, no duplicate parameters, every `$ref` resolvable, `required` members of an
`allOf` defined, and `default` values valid against their schema.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import Any

from spec_compiler.document import HTTP_METHODS
from spec_compiler.validate.problems import Problem, pointer


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
    yield from _reference_problems(document)
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


def _reference_problems(document: dict[str, Any]) -> list[Problem]:
    """Every `$ref` outside the `x-` extensions that does not resolve, in document order. The common
    case, all resolve, takes one quick walk; only then is the walk that tracks paths made."""
    if all(_target(document, reference) is not None for reference in _references(document)):
        return []
    problems: list[Problem] = []
    path: list[Any] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            reference = node.get("$ref")
            if isinstance(reference, str) and _target(document, reference) is None:
                problems.append(Problem(pointer(*path, "$ref"), f"{reference} does not resolve"))
            for key, value in node.items():
                if isinstance(value, (dict, list)) and not str(key).startswith("x-"):
                    path.append(key)
                    visit(value)
                    path.pop()
        else:
            for index, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    path.append(index)
                    visit(value)
                    path.pop()

    visit(document)
    return problems


def _references(document: dict[str, Any]) -> set[str]:
    """Every `$ref` outside the `x-` extensions."""
    references: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            reference = node.get("$ref")
            if isinstance(reference, str):
                references.add(reference)
            for key, value in node.items():
                if isinstance(value, (dict, list)) and not str(key).startswith("x-"):
                    visit(value)
        else:
            for value in node:
                if isinstance(value, (dict, list)):
                    visit(value)

    visit(document)
    return references


def _schema_problems(document: dict[str, Any], schema: Any, where: tuple) -> list[Problem]:
    """`allOf` members must define every `required` property; `default` must fit its schema."""
    problems: list[Problem] = []
    _visit_schema(document, schema, list(where), problems)
    return problems


def _visit_schema(document: dict[str, Any], schema: Any, path: list[Any], problems: list[Problem]) -> None:
    """One schema and its members, depth first; `path` is the schema's, shared and restored."""
    if not isinstance(schema, dict):
        return
    if "allOf" in schema:
        defined = set(schema.get("properties") or {})
        for member in schema["allOf"]:
            defined |= set(_resolve(document, member).get("properties") or {})
        if missing := sorted(set(schema.get("required") or ()) - defined):
            problems.append(
                Problem(pointer(*path, "required"), f"required list has undefined properties: {missing}")
            )
    if "default" in schema and not (schema["default"] is None and schema.get("nullable")):
        from openapi_schema_validator import OAS30Validator

        for error in OAS30Validator(schema).iter_errors(schema["default"]):
            problems.append(
                Problem(pointer(*path, "default"), f"default does not fit its schema: {error.message}")
            )
    for name, member in (schema.get("properties") or {}).items():
        path += ("properties", name)
        _visit_schema(document, member, path, problems)
        del path[-2:]
    for keyword in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(keyword), dict):
            path.append(keyword)
            _visit_schema(document, schema[keyword], path, problems)
            path.pop()
    for keyword in ("allOf", "anyOf", "oneOf"):
        for index, member in enumerate(schema.get(keyword) or ()):
            path += (keyword, index)
            _visit_schema(document, member, path, problems)
            del path[-2:]


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

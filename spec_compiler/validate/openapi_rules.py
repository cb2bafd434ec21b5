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
from spec_compiler.validate.shapes import MAX_NESTING, kind, mapping

_JSON_SCALARS = (str, int, float, bool, type(None))
_DOCUMENT = "urn:spec-compiler:document"


def openapi_problems(document: dict[str, Any]) -> Iterator[Problem]:
    from openapi_spec_validator.schemas import openapi_v30_schema_validator

    references = _references(document)
    if references is None:
        # Too deep to walk: the schema validator's own recursion could take the interpreter down.
        yield from _reference_problems(document, None)
        return
    try:
        errors = list(openapi_v30_schema_validator.iter_errors(document))
    except ValueError:
        # The validator takes JSON data only; YAML also has dates, binary and keys that are not strings.
        converted: list[Problem] = []
        errors = list(openapi_v30_schema_validator.iter_errors(_json_data(document, [], converted)))
        yield from converted
    for error in errors:
        yield Problem(pointer(*error.absolute_path), f"not valid OpenAPI 3.0: {_first_line(error.message)}")
    if not errors:
        yield from _semantic_problems(document, references)


def _json_data(node: Any, path: list[Any], problems: list[Problem]) -> Any:
    """The node as JSON data, with each key that is not a string and each value JSON has no type for
    as a string, reported at its pointer."""
    if len(path) > MAX_NESTING:
        return None
    if isinstance(node, dict):
        data = {}
        for key, value in node.items():
            path.append(key)
            if not isinstance(key, str):
                message = f"the key {key} is {kind(key)}, but keys must be strings: quote it"
                problems.append(Problem(pointer(*path), message))
            data[str(key)] = _json_data(value, path, problems)
            path.pop()
        return data
    if isinstance(node, list):
        data = []
        for index, value in enumerate(node):
            path.append(index)
            data.append(_json_data(value, path, problems))
            path.pop()
        return data
    if isinstance(node, _JSON_SCALARS):
        return node
    problems.append(Problem(pointer(*path), f"{node} is {kind(node)}, which JSON has no type for: quote it"))
    return str(node)


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0]


def _semantic_problems(document: dict[str, Any], references: set[str]) -> Iterator[Problem]:
    tags = [tag.get("name") for tag in document.get("tags") or ()]
    for index, name in enumerate(tags):
        if name in tags[:index]:
            yield Problem(pointer("tags", index, "name"), f"duplicate tag name {name!r}")
    yield from _operation_problems(document)
    yield from _reference_problems(document, references)
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
            in_path = [p.get("name") for p in own + shared if p.get("in") == "path"]
            declared = {name for name in in_path if isinstance(name, str)}
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


def _reference_problems(document: dict[str, Any], references: set[str] | None) -> list[Problem]:
    """Every `$ref` outside the `x-` extensions that does not resolve, and every part nested deeper than
    `MAX_NESTING`, in document order. `references` are those `_references` found (None when the
    document is too deep): when they all resolve, the walk that tracks paths is not needed."""
    if references is not None and all(_target(document, reference) is not None for reference in references):
        return []
    problems: list[Problem] = []
    path: list[Any] = []

    def visit(node: Any) -> None:
        if len(path) > MAX_NESTING:
            problems.append(Problem(pointer(*path), _TOO_DEEP))
            return
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


_TOO_DEEP = (
    f"nested more than {MAX_NESTING} levels deep; name the nested schema in components.schemas and $ref it"
)


def _references(document: dict[str, Any]) -> set[str] | None:
    """Every `$ref` outside the `x-` extensions; None when some part nests deeper than `MAX_NESTING`."""
    references: set[str] = set()

    def visit(node: Any, depth: int) -> bool:
        if depth > MAX_NESTING:
            return False
        if isinstance(node, dict):
            reference = node.get("$ref")
            if isinstance(reference, str):
                references.add(reference)
            for key, value in node.items():
                if (
                    isinstance(value, (dict, list))
                    and not str(key).startswith("x-")
                    and not visit(value, depth + 1)
                ):
                    return False
        else:
            for value in node:
                if isinstance(value, (dict, list)) and not visit(value, depth + 1):
                    return False
        return True

    return references if visit(document, 0) else None


def _schema_problems(document: dict[str, Any], schema: Any, where: tuple) -> list[Problem]:
    """`allOf` members must define every `required` property; `default` must fit its schema."""
    problems: list[Problem] = []
    _visit_schema(document, schema, list(where), problems)
    return problems


def _visit_schema(document: dict[str, Any], schema: Any, path: list[Any], problems: list[Problem]) -> None:
    """One schema and its members, depth first; `path` is the schema's, shared and restored."""
    if not isinstance(schema, dict) or len(path) > MAX_NESTING:
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
        problems += _default_problems(document, schema, path)
    for name, member in mapping(schema.get("properties")).items():
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


def _default_problems(document: dict[str, Any], schema: dict[str, Any], path: list[Any]) -> list[Problem]:
    """Whether the schema's `default` fits it. The schema is checked on its own; only when that meets a
    `$ref` (which names a part of the document) is it checked as that part of the whole document."""
    from openapi_schema_validator import OAS30Validator
    from referencing.exceptions import Unresolvable

    at = pointer(*path, "default")
    try:
        try:
            errors = list(OAS30Validator(schema).iter_errors(schema["default"]))
        except Unresolvable:
            errors = list(_validator_in(document, path).iter_errors(schema["default"]))
    except Unresolvable:
        return []  # `_reference_problems` names the $ref that does not resolve
    except RecursionError:
        message = "cannot be checked: the $refs of its schema lead back to themselves; point them at schemas"
        return [Problem(at, message)]
    return [Problem(at, f"default does not fit its schema: {error.message}") for error in errors]


def _validator_in(document: dict[str, Any], path: list[Any]) -> Any:
    """A validator of the schema at `path`, with the `$ref`s in it resolved in the document."""
    from openapi_schema_validator import OAS30Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    resource = Resource.from_contents(document, default_specification=DRAFT4)
    registry = Registry().with_resource(_DOCUMENT, resource)
    return OAS30Validator({"$ref": f"{_DOCUMENT}#{pointer(*path)}"}, registry=registry)


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

"""API Gateway documentation parts: the public document's prose, attached to the deployed API.

API Gateway keeps an API's documentation apart from the API itself, as DocumentationPart resources (one per
located entity: the API, a resource, a method, a parameter, a body, a response, a model) that a
documentation version snapshots and a stage publishes; its export of the stage then carries them. The parts
are made from the public document, so they can hold nothing the public reference does not.

    parts = documentation_parts(document)          # [{"location": {...}, "properties": {...}}, ...]
    version = documentation_version(document)      # "1.0.0-3f2a9c1b7e4d", changes when any part changes

`spec-compiler deploy` publishes them (spec_compiler/deploy/documentation.py): for each part,
`create_documentation_part(restApiId=..., location=part["location"],
properties=json.dumps(part["properties"], sort_keys=True))`; then `create_documentation_version(restApiId=...,
documentationVersion=version, stageName=...)`. Or embed `documentation_extension(document)` in a document as
`x-amazon-apigateway-documentation` so that import creates the parts.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from spec_compiler.docs.public import public_document
from spec_compiler.document import operations

DOCUMENTATION_EXTENSION = "x-amazon-apigateway-documentation"

_PARAMETER_LOCATIONS = {"path": "PATH_PARAMETER", "query": "QUERY_PARAMETER", "header": "REQUEST_HEADER"}
_VERSION_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def documentation_parts(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every documentation part of the document's public form, in a stable order."""
    return _parts(document, public_document(document))


def documentation_version(document: dict[str, Any]) -> str:
    """A documentation version name: the API's version and a hash of every part, so a change shows."""
    return documentation_extension(document)["version"]


def documentation_extension(document: dict[str, Any]) -> dict[str, Any]:
    """The `x-amazon-apigateway-documentation` value that imports the same parts with the document."""
    public = public_document(document)  # once: it copies and scans the whole document
    parts = _parts(document, public)
    return {"version": _version(public, parts), "documentationParts": parts}


def _parts(document: dict[str, Any], public: dict[str, Any]) -> list[dict[str, Any]]:
    declared = {
        (op.path, op.method, str(status))
        for op in operations(document)
        for status in op.spec.get("responses") or {}
    }
    parts: list[dict[str, Any]] = []
    _add(parts, {"type": "API"}, {"info": _pick(public.get("info") or {}, "description")})
    for path in sorted(public.get("paths") or {}):
        _add(parts, {"type": "RESOURCE", "path": path}, {"description": _resource_description(public, path)})
    for operation in sorted(operations(public), key=lambda op: (op.path, op.method)):
        method = {"path": operation.path, "method": operation.method.upper()}
        _add(parts, {"type": "METHOD", **method}, _pick(operation.spec, "summary", "description", "tags"))
        for parameter in operation.spec.get("parameters") or []:
            kind = _PARAMETER_LOCATIONS.get(parameter.get("in"))
            if kind:
                location = {"type": kind, **method, "name": parameter["name"]}
                _add(parts, location, _pick(parameter, "description"))
        body = operation.spec.get("requestBody") or {}
        _add(parts, {"type": "REQUEST_BODY", **method}, _pick(body, "description"))
        for status, response in sorted((operation.spec.get("responses") or {}).items()):
            if (operation.path, operation.method, str(status)) not in declared:
                continue  # documented for readers (e.g. 415), but API Gateway has no such method response
            location = {"type": "RESPONSE", **method, "statusCode": str(status)}
            _add(parts, location, _pick(response, "description"))
    for name, schema in sorted(((public.get("components") or {}).get("schemas") or {}).items()):
        _add(parts, {"type": "MODEL", "name": name}, _pick(schema, "title", "description"))
    return parts


def _version(public: dict[str, Any], parts: list[dict[str, Any]]) -> str:
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    api_version = _VERSION_UNSAFE.sub("-", str((public.get("info") or {}).get("version") or "0")).strip("-")
    return f"{api_version or '0'}-{digest}"


def _resource_description(public: dict[str, Any], path: str) -> str | None:
    """The description of the one model all of a path's operations are tagged with, if there is one."""
    tags = {
        tag
        for operation in operations(public)
        if operation.path == path
        for tag in operation.spec.get("tags") or []
    }
    if len(tags) != 1:
        return None
    (tag,) = tags
    described = {entry.get("name"): entry.get("description") for entry in public.get("tags") or []}
    return described.get(tag)


def _pick(source: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: source[key] for key in keys if source.get(key)}


def _add(parts: list[dict[str, Any]], location: dict[str, Any], properties: dict[str, Any]) -> None:
    """Add a part unless it would say nothing."""
    if any(properties.values()):
        parts.append({"location": location, "properties": {k: v for k, v in properties.items() if v}})

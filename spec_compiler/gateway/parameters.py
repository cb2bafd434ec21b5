"""Header mappings (`responseParameters`): where a response header's value comes from.

API Gateway maps `method.response.header.X` (integration responses) or `gatewayresponse.header.X`
(gateway responses) from a static value in single quotes, a request value (`method.request.header.Y`,
`.querystring.Y`, `.path.Y`), an integration response header or body field (`integration.response.header.Y`,
`integration.response.body` or `integration.response.body.a.b`), a stage variable or a `context` value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from spec_compiler.errors import DocumentError


@dataclass(frozen=True)
class Sources:
    """The values a mapping can read for one request (and, for integration responses, its backend reply)."""

    path: Mapping[str, str]
    querystring: Mapping[str, str]
    headers: Mapping[str, str]  # keys lower-cased
    context: Mapping[str, Any]
    stage_variables: Mapping[str, str]
    backend_headers: Mapping[str, str] | None = None  # keys lower-cased
    backend_body: str | None = None


@dataclass(frozen=True)
class HeaderMapping:
    """One `<prefix>.header.Name: source` entry, parsed at load so a request only looks values up."""

    header: str
    source: str
    _read: Callable[[Sources], str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_read", _reader(self.source))

    def value(self, sources: Sources) -> str | None:
        return self._read(sources)


def _reader(source: str) -> Callable[[Sources], str | None]:
    """How to read one mapping source from a request's `Sources` (None: the source has no value)."""
    if len(source) >= 2 and source.startswith("'") and source.endswith("'"):
        static = source[1:-1]
        return lambda _: static
    if source.startswith("method.request."):
        location, _, key = source.removeprefix("method.request.").partition(".")
        if location == "header":
            lowered = key.lower()
            return lambda sources: sources.headers.get(lowered)
        if location == "querystring":
            return lambda sources: sources.querystring.get(key)
        if location == "path":
            return lambda sources: sources.path.get(key)
        return lambda _: None
    if source.startswith("integration.response.header."):
        backend_header = source.removeprefix("integration.response.header.").lower()
        return lambda sources: (sources.backend_headers or {}).get(backend_header)
    if source.startswith("integration.response.body"):
        body_path = source.removeprefix("integration.response.body")
        return lambda sources: _body_field(sources.backend_body, body_path)
    if source.startswith("stageVariables."):
        variable = source.removeprefix("stageVariables.")
        return lambda sources: sources.stage_variables.get(variable)
    if source.startswith("context."):
        names = source.removeprefix("context.").split(".")
        return lambda sources: _context_value(sources.context, names)
    return lambda _: None


def _context_value(context: Mapping[str, Any], names: list[str]) -> str | None:
    value: Any = context
    for name in names:
        value = value.get(name) if isinstance(value, Mapping) else None
    return None if value is None else str(value)


def header_mappings(parameters: Mapping[str, Any] | None, prefix: str, where: str) -> list[HeaderMapping]:
    """Parse a `responseParameters` map whose keys must all start with `<prefix>.header.`."""
    mappings = []
    for key, source in (parameters or {}).items():
        if not key.startswith(f"{prefix}.header."):
            raise DocumentError(f"{where}: responseParameters key {key!r} must start with {prefix}.header.")
        mappings.append(HeaderMapping(key.removeprefix(f"{prefix}.header."), str(source)))
    return mappings


def _body_field(body: str | None, path: str) -> str | None:
    if body is None:
        return None
    if not path:
        return body
    try:
        value: Any = json.loads(body)
    except ValueError:
        return None
    for part in path.strip(".").split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))

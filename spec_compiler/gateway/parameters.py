"""Header mappings (`responseParameters`): where a response header's value comes from.

API Gateway maps `method.response.header.X` (integration responses) or `gatewayresponse.header.X`
(gateway responses) from a static value in single quotes, a request value (`method.request.header.Y`,
`.querystring.Y`, `.path.Y`), an integration response header or body field (`integration.response.header.Y`,
`integration.response.body` or `integration.response.body.a.b`), a stage variable or a `context` value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
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

    def value(self, sources: Sources) -> str | None:
        source = self.source
        if len(source) >= 2 and source.startswith("'") and source.endswith("'"):
            return source[1:-1]
        kind, _, name = source.partition(".request.")
        if kind == "method":
            location, _, key = name.partition(".")
            table = {"header": sources.headers, "querystring": sources.querystring, "path": sources.path}
            values = table.get(location, {})
            return values.get(key.lower() if location == "header" else key)
        if source.startswith("integration.response.header."):
            return (sources.backend_headers or {}).get(
                source.removeprefix("integration.response.header.").lower()
            )
        if source.startswith("integration.response.body"):
            return _body_field(sources.backend_body, source.removeprefix("integration.response.body"))
        if source.startswith("stageVariables."):
            return sources.stage_variables.get(source.removeprefix("stageVariables."))
        if source.startswith("context."):
            value: Any = sources.context
            for part in source.removeprefix("context.").split("."):
                value = value.get(part) if isinstance(value, Mapping) else None
            return None if value is None else str(value)
        return None


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

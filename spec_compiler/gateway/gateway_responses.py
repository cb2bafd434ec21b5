"""Gateway responses: what API Gateway answers when it, rather than the backend, ends a request.

The document's `x-amazon-apigateway-gateway-responses` customises them. A type the document leaves out
falls back to its `DEFAULT_4XX`/`DEFAULT_5XX` entry (keeping the type's own status unless that entry sets
one), and when that is absent too, to API Gateway's built-in answer `{"message":$context.error.messageString}`
with the type's default status (AWS developer guide, "Gateway response types for API Gateway").

Their templates are not VTL: API Gateway only substitutes `$context...` and `$stageVariables...` references
("A GatewayResponse mapping template isn't processed by the VTL engine"), so they are compiled here into
literal text and references. `$context.error.validationErrorString` is substituted with its quotes and
backslashes escaped for a JSON string, which is what deployed APIs show (`"[object has missing required
properties ([\\"email\\"])]"` inside a quoted template value).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from spec_compiler.document import GATEWAY_RESPONSES
from spec_compiler.errors import DocumentError
from spec_compiler.gateway.media import choose_by_media_type
from spec_compiler.gateway.parameters import HeaderMapping, Sources, header_mappings

_REFERENCE = re.compile(
    r"\$(?:\{(?P<braced>(?:context|stageVariables)(?:\.\w+)+)\}|(?P<plain>(?:context|stageVariables)(?:\.\w+)+))"
)
_JSON_ESCAPED = {"error.validationErrorString"}

# type -> (default status, the message API Gateway puts in $context.error.message)
DEFAULTS: dict[str, tuple[int, str]] = {
    "ACCESS_DENIED": (403, "Forbidden"),
    "EXPIRED_TOKEN": (403, "Forbidden"),
    "INCOMPLETE_SIGNATURE": (403, "Forbidden"),
    "INVALID_API_KEY": (403, "Forbidden"),
    "INVALID_SIGNATURE": (403, "Forbidden"),
    "UNAUTHORIZED": (401, "Unauthorized"),
    "QUOTA_EXCEEDED": (429, "Limit Exceeded"),
    "API_CONFIGURATION_ERROR": (500, "Internal server error"),
    "BAD_REQUEST_BODY": (400, "Invalid request body"),
    "BAD_REQUEST_PARAMETERS": (400, "Bad request parameters"),
    "INTEGRATION_FAILURE": (504, "Internal server error"),
    "INTEGRATION_TIMEOUT": (504, "Endpoint request timed out"),
    "MISSING_AUTHENTICATION_TOKEN": (403, "Missing Authentication Token"),
    "REQUEST_TOO_LARGE": (413, "Request Too Long"),
    "RESOURCE_NOT_FOUND": (404, "Resource not found"),
    "THROTTLED": (429, "Too Many Requests"),
    "UNSUPPORTED_MEDIA_TYPE": (415, "Unsupported Media Type"),
}
_BUILT_IN_TEMPLATE = '{"message":$context.error.messageString}'


@dataclass(frozen=True)
class Reply:
    """A finished HTTP answer."""

    status: int
    headers: dict[str, str]
    body: bytes


class SubstitutionTemplate:
    """A gateway response template: literal text with `$context.x.y` / `$stageVariables.x` substituted."""

    def __init__(self, text: str) -> None:
        # Literal text, or a reference: (root, names, whether its value is JSON-escaped).
        self._parts: list[str | tuple[str, list[str], bool]] = []
        position = 0
        for match in _REFERENCE.finditer(text):
            self._parts.append(text[position : match.start()])
            root, *names = (match["braced"] or match["plain"]).split(".")
            self._parts.append((root, names, ".".join(names) in _JSON_ESCAPED))
            position = match.end()
        self._parts.append(text[position:])

    def render(self, context: dict[str, Any], stage_variables: dict[str, str]) -> str:
        out = []
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
                continue
            root, names, escaped = part
            value: Any = context if root == "context" else stage_variables
            for name in names:
                value = value.get(name) if isinstance(value, dict) else None
            text = "" if value is None else str(value)
            if escaped:
                text = json.dumps(text, ensure_ascii=False)[1:-1]
            out.append(text)
        return "".join(out)


@dataclass(frozen=True)
class _GatewayResponse:
    status: int | None
    templates: dict[str, SubstitutionTemplate]
    headers: list[HeaderMapping]


class GatewayResponses:
    """The document's gateway responses with API Gateway's defaults, templates compiled once."""

    def __init__(self, document: dict[str, Any]) -> None:
        declared = document.get(GATEWAY_RESPONSES) or {}
        if not isinstance(declared, dict):
            raise DocumentError(f"{GATEWAY_RESPONSES} must be a map of response type to response.")
        self._declared = {name: self._compile(name, spec) for name, spec in declared.items()}
        self._built_in = _GatewayResponse(
            None, {"application/json": SubstitutionTemplate(_BUILT_IN_TEMPLATE)}, []
        )

    @staticmethod
    def _compile(name: str, spec: Any) -> _GatewayResponse:
        where = f"{GATEWAY_RESPONSES}.{name}"
        if not isinstance(spec, dict):
            raise DocumentError(f"{where} must be a map.")
        status = spec.get("statusCode")
        templates = {
            media: SubstitutionTemplate(str(text))
            for media, text in (spec.get("responseTemplates") or {}).items()
        }
        return _GatewayResponse(
            int(status) if status is not None else None,
            templates,
            header_mappings(spec.get("responseParameters"), "gatewayresponse", where),
        )

    def reply(
        self,
        response_type: str,
        sources: Sources,
        *,
        accept: str | None,
        message: str | None = None,
        validation_error_string: str = "",
    ) -> Reply:
        """Answer with one gateway response type, its templates rendered with `$context.error` filled in."""
        default_status, default_message = DEFAULTS.get(response_type, (500, "Internal server error"))
        message = message or default_message
        fallback = "DEFAULT_4XX" if default_status < 500 else "DEFAULT_5XX"
        response = self._declared.get(response_type) or self._declared.get(fallback) or self._built_in
        status = response.status or default_status
        context = dict(sources.context)
        context["error"] = {
            "message": message,
            "messageString": json.dumps(message),
            "responseType": response_type,
            "validationErrorString": validation_error_string,
        }
        headers = {m.header: v for m in response.headers if (v := m.value(sources)) is not None}
        key = choose_by_media_type(response.templates, accept)
        if key is None:
            return Reply(status, {"Content-Type": "application/json", **headers}, b"")
        body = response.templates[key].render(context, dict(sources.stage_variables))
        return Reply(status, {"Content-Type": key, **headers}, body.encode())

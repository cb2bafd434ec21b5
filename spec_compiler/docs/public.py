"""The public document: the OpenAPI document API Gateway runs, minus everything only AWS should see.

Derived from the generated document, never from the models, so the reference can never drift from what is
deployed. Every `x-amazon-apigateway-*` key and the project's `x-spec-compiler` extension are removed at
any depth; then what helps a reader is restored or added (examples, OpenAPI 3.0 nullability, one `Error`
shape on every error response, descriptions for tags and bare responses); and finally the result is
scanned for anything internal that slipped through, which stops publication instead of leaking it.
"""

from __future__ import annotations

import copy
import json
from http import HTTPStatus
from typing import Any

from spec_compiler.docs.examples import readable
from spec_compiler.docs.internals import GATEWAY_EXTENSION_PREFIX, Internals
from spec_compiler.docs.messages import error_messages
from spec_compiler.document import EXTENSION, GATEWAY_RESPONSES, operations
from spec_compiler.errors import SpecCompilerError

ERROR_MODEL = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error answer has this shape.",
    "required": ["message"],
    "properties": {"message": {"type": "string", "description": "What went wrong, for a person to read."}},
}
UNSUPPORTED_MEDIA_TYPE = "415"


class PublicationError(SpecCompilerError):
    """The public document would reveal internals, or cannot be made; nothing is written."""

    exit_code = 2


def public_document(document: dict[str, Any], server_url: str = "/") -> dict[str, Any]:
    """The document to publish for API callers, checked to contain no internals."""
    if not server_url or any(character.isspace() for character in server_url):
        raise PublicationError(f"--server-url {server_url!r} is not a URL; give e.g. https://api.example.com")
    internals = Internals.of(document)
    public = _without_internal_keys(document)
    _document_unsupported_media_type(public, document)
    _show_error_messages(public, document)
    public["servers"] = [{"url": server_url}]
    readable(public)
    _document_error_shapes(public)
    _describe_bare_responses(public)
    _describe_request_bodies(public)
    _describe_tags(public)
    _describe_security_schemes(public, document)
    _drop_preflights(public, document)
    findings = internals.find(public)
    if findings:
        listed = "\n  ".join(str(finding) for finding in findings[:20])
        more = f"\n  … and {len(findings) - 20} more" if len(findings) > 20 else ""
        raise PublicationError(
            "the public document would reveal internals, so nothing was published:\n  "
            f"{listed}{more}\nKeep table and role names out of descriptions, examples and the server URL "
            "(a table name that is also a segment of a public path, like `movies` at /movies, may appear "
            "anywhere), then rebuild the document."
        )
    return public


def _without_internal_keys(value: Any) -> Any:
    """A copy of `value` (new dicts and lists all the way down) without the internal extensions."""
    if isinstance(value, dict):
        return {
            key: _without_internal_keys(item)
            for key, item in value.items()
            if not (str(key).startswith(GATEWAY_EXTENSION_PREFIX) or key == EXTENSION)
        }
    if isinstance(value, list):
        return [_without_internal_keys(item) for item in value]
    return value


def _document_unsupported_media_type(public: dict[str, Any], source: dict[str, Any]) -> None:
    """An operation with a body whose integration passes nothing through answers 415 to other types.

    API Gateway answers it itself (a gateway response, not a method response), so the document does not
    declare it; a reader should know, with the message the gateway response sends when it is fixed text.
    """
    response: dict[str, Any] = {"description": "The request body is not `application/json`."}
    message = _fixed_gateway_response(source, "UNSUPPORTED_MEDIA_TYPE")
    if message is not None:
        response["content"] = {"application/json": {"example": message}}
    for operation in operations(source):
        integration = operation.integration or {}
        if "requestBody" in operation.spec and integration.get("passthroughBehavior") == "never":
            responses = public["paths"][operation.path][operation.method].setdefault("responses", {})
            responses.setdefault(UNSUPPORTED_MEDIA_TYPE, copy.deepcopy(response))


def _fixed_gateway_response(source: dict[str, Any], kind: str) -> dict[str, Any] | None:
    """The JSON body a gateway response sends, when its template is fixed text (no VTL in it)."""
    responses = source.get(GATEWAY_RESPONSES) or {}
    template = ((responses.get(kind) or {}).get("responseTemplates") or {}).get("application/json")
    if not isinstance(template, str) or "$" in template or "#" in template:
        return None
    try:
        body = json.loads(template)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _show_error_messages(public: dict[str, Any], source: dict[str, Any]) -> None:
    """Each error response shows the messages the integration sends with it, as examples."""
    for operation in operations(source):
        responses = public["paths"][operation.path][operation.method].get("responses") or {}
        for status, messages in error_messages(operation.integration or {}).items():
            response = responses.get(status)
            if not isinstance(response, dict) or not _is_error(status) or "$ref" in response:
                continue
            media = response.setdefault("content", {}).setdefault("application/json", {})
            if "example" in media or "examples" in media:
                continue
            if len(messages) == 1:
                media["example"] = {"message": messages[0]}
            else:
                media["examples"] = {
                    f"message{number}": {"summary": message, "value": {"message": message}}
                    for number, message in enumerate(messages, start=1)
                }


def _document_error_shapes(public: dict[str, Any]) -> None:
    """Give every 4xx/5xx/default response the JSON shape API Gateway answers errors with."""
    uses_error_model = False
    for operation in operations(public):
        for status, response in (operation.spec.get("responses") or {}).items():
            if not _is_error(status) or "$ref" in response:
                continue
            content = response.setdefault("content", {})
            if not content:
                content["application/json"] = {}
            for media in content.values():
                if isinstance(media, dict) and "schema" not in media:
                    media["schema"] = {"$ref": f"#/components/schemas/{ERROR_MODEL}"}
                    uses_error_model = True
    if uses_error_model:
        schemas = public.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault(ERROR_MODEL, copy.deepcopy(ERROR_SCHEMA))


def _describe_bare_responses(public: dict[str, Any]) -> None:
    for operation in operations(public):
        for status, response in (operation.spec.get("responses") or {}).items():
            if "$ref" not in response and not response.get("description"):
                response["description"] = _reason(status)


def _describe_request_bodies(public: dict[str, Any]) -> None:
    """A request body without a description is described by the model it takes."""
    schemas = (public.get("components") or {}).get("schemas") or {}
    for operation in operations(public):
        body = operation.spec.get("requestBody")
        if not isinstance(body, dict) or body.get("description"):
            continue
        schema = ((body.get("content") or {}).get("application/json") or {}).get("schema") or {}
        model = schemas.get(str(schema.get("$ref", "")).rsplit("/", 1)[-1]) or {}
        if model.get("description"):
            body["description"] = model["description"]


def _describe_tags(public: dict[str, Any]) -> None:
    """Declare every tag in use, in order of first use, described by the model of the same name."""
    declared = {tag.get("name"): tag for tag in public.get("tags") or [] if isinstance(tag, dict)}
    schemas = (public.get("components") or {}).get("schemas") or {}
    for operation in operations(public):
        for name in operation.spec.get("tags") or []:
            if name not in declared:
                tag: dict[str, Any] = {"name": name}
                description = (schemas.get(name) or {}).get("description")
                if description:
                    tag["description"] = description
                declared[name] = tag
    if declared:
        public["tags"] = list(declared.values())


def _drop_preflights(public: dict[str, Any], source: dict[str, Any]) -> None:
    """CORS preflights are for browsers, not for readers: drop the OPTIONS mocks that answer them."""
    for operation in operations(source):
        integration = operation.integration or {}
        if operation.method == "options" and integration.get("type") == "mock":
            del public["paths"][operation.path]["options"]


def _describe_security_schemes(public: dict[str, Any], source: dict[str, Any]) -> None:
    """Say what each scheme asks of a caller, from what only API Gateway reads (which is removed)."""
    schemes = (public.get("components") or {}).get("securitySchemes") or {}
    for name, scheme in schemes.items():
        original = source["components"]["securitySchemes"][name]
        authtype = str(original.get("x-amazon-apigateway-authtype", "")).lower()
        header = scheme.get("name", "Authorization")
        if authtype == "cognito_user_pools":
            text = f"A token from the API's Amazon Cognito user pool, in the {header} header."
        elif authtype == "awssigv4":
            text = "An AWS Signature Version 4 (IAM credentials allowed to invoke this API)."
        elif authtype == "custom":
            text = "A credential the API's authorizer accepts" + (
                f", in the {header} header." if header != "Unused" else "."
            )
        else:
            text = f"An API key issued to you, in the {header} header."
        scheme.setdefault("description", text)


def _is_error(status: str) -> bool:
    status = str(status)
    return status == "default" or status[:1] in {"4", "5"}


def _reason(status: str) -> str:
    try:
        return HTTPStatus(int(status)).phrase
    except ValueError:
        return "Error" if _is_error(status) else "Response"

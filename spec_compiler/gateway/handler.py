"""One request through API Gateway's pipeline, independent of the HTTP server that carries it.

Route → method request validation → request template by Content-Type (or 415 per passthroughBehavior)
→ integration call → integration response selected by the backend status → response template by Accept
→ responseOverride and header mappings → the headers API Gateway adds. Every failure API Gateway ends
itself is answered through the document's gateway responses.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from spec_compiler.gateway.api import Api, Integration, Method
from spec_compiler.gateway.dynamodb import BackendReply, BackendUnavailable, DynamoDBEndpoint
from spec_compiler.gateway.gateway_responses import Reply
from spec_compiler.gateway.local_auth import Denial, LocalAuth, RequestFacts
from spec_compiler.gateway.media import choose_by_media_type, media_type
from spec_compiler.gateway.parameters import Sources
from spec_compiler.gateway.templates import Rendered, Template, TemplateFailure

_LOG = logging.getLogger("spec_compiler.gateway")
MAX_PAYLOAD = 10 * 1024 * 1024


@dataclass(frozen=True)
class Request:
    """An HTTP request as the server received it."""

    method: str
    raw_path: str
    raw_query: str
    headers: list[tuple[str, str]]
    body: bytes
    source_ip: str


@dataclass
class _Call:
    """What one request has gathered so far: its parameters and `$context`."""

    request: Request
    path: dict[str, str]
    querystring: dict[str, str]
    headers: dict[str, str]
    lower_headers: dict[str, str]
    context: dict[str, Any]
    stage_variables: dict[str, str]

    def sources(self, backend: BackendReply | None = None) -> Sources:
        return Sources(
            self.path,
            self.querystring,
            self.lower_headers,
            self.context,
            self.stage_variables,
            backend.headers if backend else None,
            backend.body if backend else None,
        )


class Gateway:
    """A local API Gateway stage for one compiled document and one DynamoDB endpoint."""

    def __init__(
        self,
        api: Api,
        dynamodb: DynamoDBEndpoint | None,
        *,
        stage: str = "local",
        account_id: str = "000000000000",
        auth: LocalAuth | None = None,
    ) -> None:
        self.api = api
        self._auth = auth or LocalAuth()
        self._dynamodb = dynamodb
        self._stage = stage
        self._account_id = account_id

    def handle(self, request: Request) -> Reply:
        call = self._start(request)
        reply = self._handle(call)
        reply.headers["x-amzn-RequestId"] = call.context["requestId"]
        reply.headers["x-amz-apigw-id"] = call.context["extendedRequestId"]
        return reply

    def _start(self, request: Request) -> _Call:
        headers = dict(request.headers)  # a repeated header keeps its last value, as $input.params does
        lower = {name.lower(): value for name, value in headers.items()}
        now = time.time()
        context = {
            "accountId": self._account_id,
            "apiId": "local",
            "domainName": lower.get("host", ""),
            "extendedRequestId": base64.b64encode(os.urandom(12)).decode(),
            "httpMethod": request.method,
            "path": f"/{self._stage}{request.raw_path}",
            "protocol": "HTTP/1.1",
            "requestId": str(uuid.uuid4()),
            "requestTime": datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "requestTimeEpoch": int(now * 1000),
            "resourcePath": "",
            "stage": self._stage,
            "identity": {"sourceIp": request.source_ip, "userAgent": lower.get("user-agent", "")},
        }
        return _Call(
            request,
            {},
            dict(parse_qsl(request.raw_query, keep_blank_values=True)),
            headers,
            lower,
            context,
            {},
        )

    def _handle(self, call: _Call) -> Reply:
        request, responses = call.request, self.api.gateway_responses
        accept = call.lower_headers.get("accept")
        match = self.api.router.match(request.method, request.raw_path)
        if match is None:
            return responses.reply("MISSING_AUTHENTICATION_TOKEN", call.sources(), accept=accept)
        method = match.target
        call.path.update(match.parameters)
        call.context["resourcePath"] = match.resource_path
        if len(request.body) > MAX_PAYLOAD:
            return responses.reply("REQUEST_TOO_LARGE", call.sources(), accept=accept)
        if method.requirement is not None:
            checked = self._auth.check(
                method.requirement,
                RequestFacts(
                    request.method,
                    request.raw_path,
                    request.raw_query,
                    call.lower_headers,
                    call.querystring,
                    request.body,
                ),
            )
            if isinstance(checked, Denial):
                return responses.reply(
                    checked.response_type, call.sources(), accept=accept, message=checked.message
                )
            call.context["authorizer"] = checked.authorizer
            call.context["identity"].update(checked.identity)
        content_type = media_type(call.lower_headers.get("content-type"))
        if method.validator is not None:
            failure = method.validator.validate(
                path=call.path,
                querystring=call.querystring,
                headers=call.lower_headers,
                content_type=content_type,
                body=request.body,
            )
            if failure is not None:
                return responses.reply(
                    failure.response_type,
                    call.sources(),
                    accept=accept,
                    message=failure.message,
                    validation_error_string=failure.validation_error_string,
                )
        try:
            return self._integrate(call, method, content_type, accept)
        except TemplateFailure as failure:
            _LOG.error("%s %s: %s", request.method, request.raw_path, failure)
            return responses.reply("API_CONFIGURATION_ERROR", call.sources(), accept=accept)
        except BackendUnavailable as failure:
            _LOG.error("%s %s: %s", request.method, request.raw_path, failure)
            kind = "INTEGRATION_TIMEOUT" if failure.timed_out else "INTEGRATION_FAILURE"
            return responses.reply(kind, call.sources(), accept=accept)

    def _integrate(self, call: _Call, method: Method, content_type: str, accept: str | None) -> Reply:
        integration = method.integration
        body_text = call.request.body.decode("utf-8", errors="replace")
        template = integration.request_templates.get(content_type)
        if template is None and not _passes_through(integration):
            return self.api.gateway_responses.reply("UNSUPPORTED_MEDIA_TYPE", call.sources(), accept=accept)
        payload = body_text if template is None else self._render(template, body_text, call).output
        backend = self._backend(integration, payload)
        selected = integration.select(str(backend.status))
        if selected is None:
            _LOG.error(
                "%s %s: no integration response matches backend status %s and there is no default",
                call.request.method,
                call.request.raw_path,
                backend.status,
            )
            return self.api.gateway_responses.reply("API_CONFIGURATION_ERROR", call.sources(), accept=accept)
        key = choose_by_media_type(selected.templates, accept)
        status, body, override_headers = selected.status, backend.body, {}
        if key is not None:
            rendered = self._render(selected.templates[key], backend.body, call)
            body, override_headers = rendered.output, rendered.header_overrides
            status = rendered.status_override or status
        sources = call.sources(backend)
        headers = {"Content-Type": key or "application/json"}
        headers.update((m.header, v) for m in selected.headers if (v := m.value(sources)) is not None)
        headers.update(override_headers)
        return Reply(status, headers, body.encode())

    def _backend(self, integration: Integration, payload: str) -> BackendReply:
        if integration.kind == "mock":
            try:
                status = int(json.loads(payload or "{}").get("statusCode", 200))
            except (ValueError, AttributeError, TypeError):
                status = 500
            return BackendReply(status, {}, "")
        if self._dynamodb is None:
            raise BackendUnavailable("no DynamoDB endpoint is configured", timed_out=False)
        assert integration.action is not None
        return self._dynamodb.call(integration.action, payload.encode(), timeout=integration.timeout)

    def _render(self, template: Template, body: str, call: _Call) -> Rendered:
        return template.render(
            body=body,
            path=call.path,
            querystring=call.querystring,
            headers=call.headers,
            context=call.context,
            stage_variables=call.stage_variables,
        )


def _passes_through(integration: Integration) -> bool:
    if integration.passthrough == "never":
        return False
    if integration.passthrough == "when_no_templates":
        return not integration.request_templates
    return True

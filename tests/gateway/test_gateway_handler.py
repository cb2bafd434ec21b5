"""The pipeline's decisions without a store: mock integrations, response selection, passthrough, fallbacks.

Each case builds a small document, compiles it as `serve` does, and sends requests straight to the
`Gateway` (no HTTP server), so what is checked is API Gateway's logic, not transport.
"""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any

import pytest
from botocore.credentials import Credentials

from spec_compiler.errors import DocumentError
from spec_compiler.gateway.api import load_api
from spec_compiler.gateway.dynamodb import DynamoDBEndpoint
from spec_compiler.gateway.handler import Gateway, Request


def _document(integration: dict[str, Any], **root: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things/{id}": {"post": {"responses": {}, "x-amazon-apigateway-integration": integration}}
        },
        **root,
    }


def _mock(passthrough: str = "never", **extra: Any) -> dict[str, Any]:
    return {
        "type": "mock",
        "passthroughBehavior": passthrough,
        "requestTemplates": {"application/json": "{\"statusCode\": $input.path('$.status')}"},
        "responses": {
            "2\\d{2}": {"statusCode": "200", "responseTemplates": {"application/json": '{"branch": "2xx"}'}},
            "4\\d{2}": {
                "statusCode": "400",
                "responseParameters": {"method.response.header.X-Kind": "'client'"},
                "responseTemplates": {"application/json": '{"branch": "4xx"}'},
            },
            "default": {
                "statusCode": "200",
                "responseTemplates": {"application/json": '{"branch": "default"}'},
            },
        },
        **extra,
    }


def _gateway(document: dict[str, Any], endpoint: DynamoDBEndpoint | None = None) -> Gateway:
    return Gateway(load_api(document, partition="aws", region="us-east-1", account_id="1"), endpoint)


def _post(gateway: Gateway, body: Any, content_type: str = "application/json", path: str = "/things/1"):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = Request("POST", path, "", [("Content-Type", content_type)], raw, "127.0.0.1")
    return gateway.handle(request)


def test_integration_response_chosen_by_full_match_of_the_status() -> None:
    gateway = _gateway(_document(_mock()))
    assert json.loads(_post(gateway, {"status": 201}).body) == {"branch": "2xx"}
    client = _post(gateway, {"status": 404})
    assert (client.status, json.loads(client.body)) == (400, {"branch": "4xx"})
    assert client.headers["X-Kind"] == "client"
    # 2000 is not a full match of 2\d{2} (nor 4\d{2}): the default response answers.
    assert json.loads(_post(gateway, {"status": 2000}).body) == {"branch": "default"}
    assert json.loads(_post(gateway, {"status": 500}).body) == {"branch": "default"}


def test_passthrough_behaviours() -> None:
    text = b'{"status": 1, "statusCode": 404}'
    assert _post(_gateway(_document(_mock("never"))), text, "text/plain").status == 415
    # when_no_match passes the body through unchanged: the mock reads its statusCode from it.
    passed = _post(_gateway(_document(_mock("when_no_match"))), text, "text/plain")
    assert json.loads(passed.body) == {"branch": "4xx"}
    assert _post(_gateway(_document(_mock("when_no_templates"))), text, "text/plain").status == 415
    with_charset = _post(_gateway(_document(_mock())), {"status": 200}, "application/json; charset=utf-8")
    assert with_charset.status == 200


def test_gateway_response_falls_back_to_default_4xx_then_to_the_built_in_answer() -> None:
    template = '{"oops": "$context.error.responseType"}'
    fallback = {"DEFAULT_4XX": {"responseTemplates": {"application/json": template}}}
    with_default = _gateway(_document(_mock(), **{"x-amazon-apigateway-gateway-responses": fallback}))
    answer = _post(with_default, b"x", "text/plain")
    assert (answer.status, json.loads(answer.body)) == (415, {"oops": "UNSUPPORTED_MEDIA_TYPE"})
    built_in = _post(_gateway(_document(_mock())), b"x", "text/plain")
    assert (built_in.status, json.loads(built_in.body)) == (415, {"message": "Unsupported Media Type"})
    unknown = _gateway(_document(_mock())).handle(Request("GET", "/nowhere", "", [], b"", "127.0.0.1"))
    assert (unknown.status, json.loads(unknown.body)) == (403, {"message": "Missing Authentication Token"})
    assert unknown.headers["Content-Type"] == "application/json"
    assert unknown.headers["x-amzn-RequestId"]


def test_unreachable_dynamodb_is_an_integration_failure(caplog: pytest.LogCaptureFixture) -> None:
    integration = {
        "type": "aws",
        "httpMethod": "POST",
        "uri": "arn:${AWS::Partition}:apigateway:${AWS::Region}:dynamodb:action/GetItem",
        "passthroughBehavior": "never",
        "requestTemplates": {"application/json": "{}"},
        "responses": {"default": {"statusCode": "200"}},
    }
    closed = DynamoDBEndpoint(
        "http://127.0.0.1:9", region="us-east-1", credentials=Credentials("a", "b"), sign=False
    )
    answer = _post(_gateway(_document(integration), closed), {})
    assert (answer.status, json.loads(answer.body)) == (504, {"message": "Internal server error"})
    assert any("cannot reach DynamoDB" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    ("integration", "message"),
    [
        (None, "missing; every operation needs an integration"),
        ({"type": "http", "uri": "https://example.com"}, "'http' is not supported by serve"),
        ({"type": "aws", "uri": "arn:aws:apigateway:eu-west-1:sqs:action/Send"}, "is not a DynamoDB action"),
        ({"type": "mock", "requestTemplates": {"application/json": "#if("}}, "does not compile"),
        ({"type": "mock", "responses": {"([": {"statusCode": "200"}}}, "bad selection pattern"),
    ],
)
def test_documents_serve_cannot_run_are_rejected_at_load(integration: Any, message: str) -> None:
    document = _document(integration) if integration else _document({})
    if integration is None:
        del document["paths"]["/things/{id}"]["post"]["x-amazon-apigateway-integration"]
    with pytest.raises(DocumentError, match=message):
        load_api(document, partition="aws", region="us-east-1", account_id="1")


def test_real_aws_requests_are_sigv4_signed_with_the_callers_credentials() -> None:
    seen: dict[str, str] = {}

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.update(self.headers.items())
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        endpoint = DynamoDBEndpoint(
            f"http://127.0.0.1:{server.server_port}",
            region="eu-west-1",
            credentials=Credentials("AKIDEXAMPLE", "secret", "session-token"),
            sign=True,
        )
        reply = endpoint.call("GetItem", b'{"TableName": "t"}', timeout=5)
    finally:
        server.shutdown()
    assert reply.status == 200
    assert seen["X-Amz-Target"] == "DynamoDB_20120810.GetItem"
    assert seen["Content-Type"] == "application/x-amz-json-1.0"
    assert seen["X-Amz-Security-Token"] == "session-token"
    authorization = seen["Authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/eu-west-1/dynamodb/aws4_request" in authorization
    assert "x-amz-target" in authorization.split("SignedHeaders=")[1]

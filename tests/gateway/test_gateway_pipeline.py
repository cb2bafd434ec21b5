"""The gateway's pipeline over real HTTP on both stores, with the hand-written document data/movies.yaml.

This document is not produced by `spec-compiler build`, so these tests pin the gateway's own behaviour
(routing, validators, gateway responses and their fallbacks, template selection, overrides, header
mappings, mock integrations, render failures) independently of what the compiler emits.
"""

from __future__ import annotations

import http.client
import logging
import socket
from urllib.parse import quote, urlsplit

import pytest

HOSTILE = [
    'double "quotes" and \\"escaped\\" ones',
    "it's an apostrophe's day",
    "back\\slash \\\\ and \\u0041 not an escape",
    "control \x01\x02\x1f tab\t newline\n return\r bell\x07",
    "$input.body #set($x = 1) ${context} $util.escapeJavaScript('x') #if(true)yes#end ## comment",
    "emoji 🎬🍿 astral 𝄞 and BMP é ü ß 中文",
    "</script><script>alert(1)</script> & < > /slashes/",
]


def test_put_creates_then_replaces_and_get_reads_back(movies, unique: str) -> None:
    name = f"{unique}-ann"
    created = movies("PUT", f"/movies/{name}", json={"favorite_movie": "Alien"})
    assert created.status_code == 201, created.text
    assert created.json() == {"name": name}
    replaced = movies("PUT", f"/movies/{name}", json={"favorite_movie": "Aliens"})
    assert replaced.status_code == 200, replaced.text
    got = movies("GET", f"/movies/{name}")
    assert got.status_code == 200
    assert got.json() == {"name": name, "favorite_movie": "Aliens"}
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["X-Backend-Status"] == "matched 2xx"  # static responseParameters mapping
    assert got.headers["X-Movie-Name"] == name  # method.request.path.name mapping
    assert len(got.headers["x-amzn-RequestId"]) == 36
    assert got.headers["x-amz-apigw-id"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_round_trip_byte_for_byte(movies, unique: str, value: str) -> None:
    name = f"{unique} {value}"
    path = "/movies/" + quote(name, safe="")
    assert movies("PUT", path, json={"favorite_movie": value}).status_code == 201
    got = movies("GET", path)
    assert got.status_code == 200, got.text
    assert got.json() == {"name": name, "favorite_movie": value}
    stored = movies.dynamodb.get_item(TableName="gateway_test_movies", Key={"name": {"S": name}})["Item"]
    assert stored == {"name": {"S": name}, "favorite_movie": {"S": value}}


def test_missing_item_is_404_with_override_header(movies, unique: str) -> None:
    got = movies("GET", f"/movies/{unique}-nobody")
    assert got.status_code == 404
    assert got.json() == {"message": "no favorite movie for that name"}
    assert got.headers["X-Missing"] == "yes"


def test_create_is_201_then_409(movies, unique: str) -> None:
    body = {"name": f"{unique}-bo", "favorite_movie": "Heat"}
    first = movies("POST", "/movies", json=body)
    assert first.status_code == 201, first.text
    assert first.headers["Location"] == "created"
    second = movies("POST", "/movies", json=body)
    assert second.status_code == 409
    assert second.json() == {"message": "that name is taken"}


def test_delete_is_204_without_a_body(movies, unique: str) -> None:
    movies("PUT", f"/movies/{unique}-cy", json={"favorite_movie": "Up"})
    deleted = movies("DELETE", f"/movies/{unique}-cy")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert movies("GET", f"/movies/{unique}-cy").status_code == 404


def test_invalid_body_is_400_through_bad_request_body(movies, unique: str) -> None:
    answer = movies("PUT", f"/movies/{unique}", json={"favorite_movie": "x", "name": "sneaky"})
    assert answer.status_code == 400
    assert answer.json() == {
        "message": "Invalid request body",
        "type": "BAD_REQUEST_BODY",
        "detail": '[object instance has properties which are not allowed by the schema: ["name"]]',
    }
    missing = movies("PUT", f"/movies/{unique}", json={})
    assert missing.json()["detail"] == '[object has missing required properties (["favorite_movie"])]'


def test_missing_required_parameter_falls_back_to_default_4xx(movies) -> None:
    answer = movies("GET", "/movies")
    assert answer.status_code == 400
    assert answer.json() == {
        "message": "Missing required request parameters: [limit]",
        "type": "BAD_REQUEST_PARAMETERS",
    }
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["X-Request-Id"] == answer.headers["x-amzn-RequestId"]


def test_unmapped_content_type_is_415(movies, unique: str) -> None:
    answer = movies(
        "PUT", f"/movies/{unique}", data="favorite_movie=x", headers={"Content-Type": "text/plain"}
    )
    assert answer.status_code == 415
    assert answer.json() == {"message": "Unsupported Media Type", "type": "UNSUPPORTED_MEDIA_TYPE"}


def test_unknown_route_or_method_is_403_missing_authentication_token(movies) -> None:
    for method, path in [("GET", "/films"), ("PATCH", "/movies/x"), ("GET", "/"), ("DELETE", "/movies")]:
        answer = movies(method, path)
        assert answer.status_code == 403, (method, path)
        assert answer.json() == {
            "message": "Missing Authentication Token",
            "type": "MISSING_AUTHENTICATION_TOKEN",
        }


def test_response_template_chosen_by_accept(movies, unique: str) -> None:
    movies("PUT", f"/movies/{unique}", json={"favorite_movie": "Brazil"})
    answer = movies("GET", f"/movies/{unique}", headers={"Accept": "text/plain, application/json"})
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/plain"
    assert answer.text == "Brazil"
    fallback = movies("GET", f"/movies/{unique}", headers={"Accept": "application/xml"})
    assert fallback.headers["Content-Type"] == "application/json"


def test_mock_integration_sees_the_request_context(movies) -> None:
    answer = movies("GET", "/movies/top", headers={"User-Agent": "pipeline-test/1"})
    assert answer.status_code == 200
    assert answer.json() == {
        "top": "/movies/top",
        "stage": "local",
        "method": "GET",
        "ip": "127.0.0.1",
        "agent": "pipeline-test/1",
        "requestId": answer.headers["x-amzn-RequestId"],
    }


def test_render_failure_is_500_logged_and_the_server_keeps_serving(
    movies, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="spec_compiler.gateway"):
        answer = movies("GET", "/broken/short")  # the template calls substring(10) on it: Java throws
    assert answer.status_code == 500
    assert answer.json() == {"message": "Internal server error"}
    assert any(
        "/broken/short" in record.getMessage() and "StringIndexOutOfBoundsException" in record.getMessage()
        for record in caplog.records
    )
    assert movies("GET", "/broken/long-enough-value").status_code == 200  # the same route still works


def test_scan_pages_visit_every_item_once(movies, unique: str) -> None:
    names = {f"{unique}-page-{i:02d}" for i in range(30)}
    for name in names:
        movies.dynamodb.put_item(
            TableName="gateway_test_movies", Item={"name": {"S": name}, "favorite_movie": {"S": "M"}}
        )
    seen: list[str] = []
    cursor = None
    while True:
        query = "limit=7" + (f"&cursor={quote(cursor)}" if cursor else "")
        page = movies("GET", f"/movies?{query}")
        assert page.status_code == 200, page.text
        seen.extend(item["name"] for item in page.json()["items"])
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    assert names <= set(seen)


def test_connections_are_kept_alive(movies) -> None:
    parts = urlsplit(movies.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    for _ in range(3):
        connection.request("GET", "/movies/top")
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        assert response.getheader("Connection") == "keep-alive"
    sock = connection.sock
    connection.request("GET", "/nowhere")
    connection.getresponse().read()
    assert connection.sock is sock
    connection.close()


def test_chunked_request_bodies_are_read(movies, unique: str) -> None:
    parts = urlsplit(movies.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    chunks = [b'{"favorite_', b'movie": "Chunked"}']
    headers = {"Content-Type": "application/json"}
    connection.request("PUT", f"/movies/{unique}", body=iter(chunks), headers=headers, encode_chunked=True)
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 201
    assert movies("GET", f"/movies/{unique}").json() == {"name": unique, "favorite_movie": "Chunked"}


def _raw_exchange(movies, data: bytes, *, wait_for: bytes) -> bytes:
    parts = urlsplit(movies.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(data)
        received = b""
        while wait_for not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        return received


def test_expect_100_continue_is_answered_before_the_body(movies, unique: str) -> None:
    body = b'{"favorite_movie": "Continued"}'
    head = (
        f"PUT /movies/{unique} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n"
    ).encode()
    parts = urlsplit(movies.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head)
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(body)
        assert sock.recv(65536).startswith(b"HTTP/1.1 201 ")
    assert movies("GET", f"/movies/{unique}").json()["favorite_movie"] == "Continued"


def test_malformed_request_line_is_400_and_closes(movies) -> None:
    answer = _raw_exchange(movies, b"NONSENSE\r\n\r\n", wait_for=b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 ")

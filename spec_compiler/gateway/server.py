"""The HTTP side: a threaded HTTP/1.1 server with keep-alive that hands each request to the `Gateway`.

One thread per connection (clients keep their connection, so threads are reused across requests), the
response written in one send with TCP_NODELAY, and one access-log line per request. `server.gateway` can
be swapped while serving (`--watch` does), which is how a reload keeps the store and its data.
"""

from __future__ import annotations

import logging
import socket
import socketserver
import time
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from spec_compiler.gateway.handler import MAX_PAYLOAD, Gateway, Request

ACCESS_LOG = logging.getLogger("spec_compiler.gateway.access")
_MAX_LINE = 65536
_MAX_HEADERS = 100
_NO_BODY = {204, 304}


class GatewayServer(ThreadingHTTPServer):
    """Serves one `Gateway` on host:port (port 0 picks a free one; see `url`)."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, host: str, port: int, gateway: Gateway) -> None:
        self.gateway = gateway
        super().__init__((host, port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, which can stall on machines without DNS.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    @property
    def url(self) -> str:
        return f"http://{self.server_name}:{self.server_port}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: GatewayServer
    header_pairs: list[tuple[str, str]]
    header_map: dict[str, str]  # lower-cased names, last value wins

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def parse_request(self) -> bool:
        """A lean HTTP/1.x request-line and header parser (the stdlib's goes through `email`, 4x slower)."""
        self.command, self.request_version = "", "HTTP/1.1"
        self.requestline = self.raw_requestline.decode("latin-1").rstrip("\r\n")
        parts = self.requestline.split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad request line")
            return False
        self.command, self.path, self.request_version = parts
        pairs = []
        while True:
            line = self.rfile.readline(_MAX_LINE)
            if line in (b"\r\n", b"\n", b""):
                break
            if len(pairs) >= _MAX_HEADERS or len(line) >= _MAX_LINE:
                self.close_connection = True
                self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
                return False
            name, _, value = line.decode("latin-1").partition(":")
            pairs.append((name.strip(), value.strip()))
        self.header_pairs = pairs
        self.header_map = {name.lower(): value for name, value in pairs}
        connection = self.header_map.get("connection", "").lower()
        self.close_connection = connection == "close" or (
            self.request_version == "HTTP/1.0" and connection != "keep-alive"
        )
        if self.header_map.get("expect", "").lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        return True

    def _serve(self) -> None:
        started = time.perf_counter()
        path, _, query = self.path.partition("?")
        body = self._read_body()
        if body is None:
            return
        request = Request(
            method=self.command,
            raw_path=path,
            raw_query=query,
            headers=self.header_pairs,
            body=body,
            source_ip=self.client_address[0],
        )
        reply = self.server.gateway.handle(request)
        self._write(reply.status, reply.headers, reply.body)
        ACCESS_LOG.info(
            "%s %s %d %.1f ms", self.command, self.path, reply.status, (time.perf_counter() - started) * 1000
        )

    do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

    def _read_body(self) -> bytes | None:
        if "chunked" in self.header_map.get("transfer-encoding", "").lower():
            return self._read_chunked()
        try:
            length = int(self.header_map.get("content-length") or 0)
        except ValueError:
            self._write(400, {"Content-Type": "application/json"}, b'{"message":"Bad Content-Length"}')
            self.close_connection = True
            return None
        if length > MAX_PAYLOAD:
            self._write(413, {"Content-Type": "application/json"}, b'{"message":"Request Too Long"}')
            self.close_connection = True
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _read_chunked(self) -> bytes:
        chunks = []
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _write(self, status: int, headers: dict[str, str], body: bytes) -> None:
        if status in _NO_BODY or self.command == "HEAD":
            body = b""
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        lines = [f"HTTP/1.1 {status} {reason}", f"Date: {formatdate(usegmt=True)}"]
        lines.extend(f"{name}: {_header_value(value)}" for name, value in headers.items())
        if status not in _NO_BODY:
            lines.append(f"Content-Length: {len(body)}")
        lines.append("Connection: close" if self.close_connection else "Connection: keep-alive")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", errors="replace")
        self.wfile.write(head + body)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default per-request stderr line; ACCESS_LOG writes ours."""


def _header_value(value: str) -> str:
    # A header value must stay on one line whatever a template or a client put in it.
    return value.replace("\r", " ").replace("\n", " ")

"""The integration's backend call: POST the rendered body to DynamoDB's JSON 1.0 API, as API Gateway does.

The hot path avoids boto3: a small pool of keep-alive `http.client` connections and a pre-built header
set. Real AWS gets every request SigV4-signed with botocore's signer and the caller's credentials. A local
server (moto, DynamoDB Local, LocalStack) gets a fixed `Authorization` header carrying the credential
scope, which is all those servers read from it: the access key and region that name the database.
"""

from __future__ import annotations

import http.client
import queue
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

TARGET_PREFIX = "DynamoDB_20120810."
CONTENT_TYPE = "application/x-amz-json-1.0"
LOCAL_CREDENTIALS = Credentials("local", "local")


class BackendUnavailable(Exception):
    """DynamoDB could not be reached or did not answer in time (API Gateway's INTEGRATION_FAILURE/TIMEOUT)."""

    def __init__(self, message: str, *, timed_out: bool) -> None:
        super().__init__(message)
        self.timed_out = timed_out


@dataclass(frozen=True)
class BackendReply:
    """DynamoDB's answer: status, headers (lower-cased names) and the raw body text."""

    status: int
    headers: dict[str, str]
    body: str


class DynamoDBEndpoint:
    """One DynamoDB endpoint with a pool of persistent connections; safe to share between threads."""

    def __init__(
        self, url: str, *, region: str, credentials: Credentials, sign: bool, pool_size: int = 32
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url}")
        self.url = url
        self.region = region
        self.credentials = credentials
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (443 if self._https else 80)
        self._path = parts.path or "/"
        self._sign = sign
        self._idle: queue.LifoQueue[http.client.HTTPConnection] = queue.LifoQueue(maxsize=pool_size)
        self._fixed_headers = {"Content-Type": CONTENT_TYPE}
        if not sign:
            self._fixed_headers.update(_unsigned_headers(credentials.access_key, region))

    def call(self, action: str, body: bytes, *, timeout: float) -> BackendReply:
        """POST one action; retries once on a pooled connection the server had already closed."""
        headers = {**self._fixed_headers, "X-Amz-Target": TARGET_PREFIX + action}
        if self._sign:
            headers = self._signed(headers, body)
        for attempt in (1, 2):
            connection, reused = self._connection(timeout)
            try:
                connection.request("POST", self._path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", errors="replace")
            except TimeoutError as error:
                connection.close()
                raise BackendUnavailable(
                    f"DynamoDB did not answer within {timeout:g} s", timed_out=True
                ) from error
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
                connection.close()
                if reused and attempt == 1:
                    continue
                raise BackendUnavailable(
                    f"DynamoDB closed the connection: {error}", timed_out=False
                ) from error
            except OSError as error:
                connection.close()
                raise BackendUnavailable(
                    f"cannot reach DynamoDB at {self.url}: {error}", timed_out=False
                ) from error
            reply = BackendReply(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
            if response.will_close:
                connection.close()
            else:
                self._release(connection)
            return reply
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return

    def _connection(self, timeout: float) -> tuple[http.client.HTTPConnection, bool]:
        try:
            connection = self._idle.get_nowait()
            connection.timeout = timeout
            if connection.sock is not None:
                connection.sock.settimeout(timeout)
            return connection, True
        except queue.Empty:
            pass
        factory = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        return factory(self._host, self._port, timeout=timeout), False

    def _release(self, connection: http.client.HTTPConnection) -> None:
        try:
            self._idle.put_nowait(connection)
        except queue.Full:
            connection.close()

    def _signed(self, headers: dict[str, str], body: bytes) -> dict[str, str]:
        request = AWSRequest(method="POST", url=self.url, data=body, headers=headers)
        SigV4Auth(self.credentials.get_frozen_credentials(), "dynamodb", self.region).add_auth(request)
        return dict(request.headers.items())


def _unsigned_headers(access_key: str, region: str) -> dict[str, str]:
    now = datetime.now(UTC)
    scope = f"{access_key}/{now:%Y%m%d}/{region}/dynamodb/aws4_request"
    return {
        "X-Amz-Date": f"{now:%Y%m%dT%H%M%SZ}",
        "Authorization": (
            f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=" + "0" * 64
        ),
    }

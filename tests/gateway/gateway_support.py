"""Helpers behind the gateway fixtures: DynamoDB Local, and a gateway served in a thread over a store."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import requests

from spec_compiler.document import load_document
from spec_compiler.gateway.dynamodb import LOCAL_CREDENTIALS, DynamoDBEndpoint
from spec_compiler.gateway.handler import Gateway
from spec_compiler.gateway.local_auth import LocalAuth
from spec_compiler.gateway.serve import LOCAL_ACCOUNT, Store, prepare_api
from spec_compiler.gateway.server import GatewayServer

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
DYNAMODB_LOCAL = REPO / ".cache" / "dynamodb-local"
REGION = "us-east-1"


class DynamoDBLocal:
    """AWS's DynamoDB Local (Java), in memory, on a free port."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def start(self) -> DynamoDBLocal:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self._process = subprocess.Popen(
            [
                "java",
                "-Djava.library.path=DynamoDBLocal_lib",
                "-jar",
                "DynamoDBLocal.jar",
                "-inMemory",
                "-port",
                str(port),
            ],
            cwd=DYNAMODB_LOCAL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                self.url = f"http://127.0.0.1:{port}"
                return self
            except OSError:
                if self._process.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("DynamoDB Local did not start")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=20)
            self._process = None


def local_store(url: str) -> Store:
    endpoint = DynamoDBEndpoint(url, region=REGION, credentials=LOCAL_CREDENTIALS, sign=False)
    return Store(endpoint, "aws", LOCAL_ACCOUNT, True, url)


@dataclass
class Served:
    """A gateway serving one document over one store, with a boto3 client on the same store."""

    url: str
    server: GatewayServer
    dynamodb: Any
    store: Store
    document: dict[str, Any]

    def __call__(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return requests.request(method, self.url + path, timeout=30, **kwargs)


def serve_document(
    document_path: Path, store_url_: str, cleanup: ExitStack, auth: LocalAuth | None = None
) -> Served:
    """Start a gateway on a free port in a background thread; stopped when `cleanup` closes."""
    store = local_store(store_url_)
    document = load_document(document_path)
    api = prepare_api(document, store, say=lambda _: None)
    gateway = Gateway(api, store.endpoint, account_id=store.account_id, auth=auth)
    server = GatewayServer("127.0.0.1", 0, gateway)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    cleanup.callback(store.endpoint.close)
    cleanup.callback(server.server_close)
    cleanup.callback(server.shutdown)
    client = boto3.client(
        "dynamodb",
        endpoint_url=store_url_,
        region_name=REGION,
        aws_access_key_id=LOCAL_CREDENTIALS.access_key,
        aws_secret_access_key=LOCAL_CREDENTIALS.secret_key,
    )
    return Served(server.url, server, client, store, document)

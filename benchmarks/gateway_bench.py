"""Gateway overhead: GET and PUT through `spec-compiler serve` vs the same calls straight to DynamoDB.

Run by hand: `python benchmarks/gateway_bench.py [DOCUMENT] [--concurrency 8] [--requests 2000]`.

One embedded DynamoDB (moto's server, a child process) serves both sides. The gateway runs in its own
process (`python -m spec_compiler serve --dynamodb-endpoint <that server>`), as a user runs it. The
direct side sends exactly the DynamoDB request the gateway sends (the document's request template
rendered once per item). The clients are the same for both sides: threads, each with one keep-alive
`http.client` connection, so the only difference between the two measurements is the gateway hop.

Goals (issue 4): gateway p50 at most 1.3x the direct p50, and gateway throughput at least 75% of direct,
at the same concurrency.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from spec_compiler.document import load_document
from spec_compiler.gateway.dynamodb import CONTENT_TYPE, TARGET_PREFIX, _unsigned_headers
from spec_compiler.gateway.embedded import EmbeddedDynamoDB
from spec_compiler.vtl import compile_template

REGION = "us-east-1"
ACCESS_KEY = "local"
ITEMS = 500  # distinct keys the requests cycle through
Request = tuple[str, str, bytes, dict[str, str]]  # method, path, body, headers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", nargs="?", default="openapi.generated.yaml")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="requests per measurement")
    parser.add_argument("--body", default='{"favorite_movie": "Interstellar"}', help="the PUT body to send")
    args = parser.parse_args()

    document = load_document(args.document)
    resource, key_name = _item_path(document)
    body = json.loads(args.body)

    with EmbeddedDynamoDB() as store:
        gateway, port = _start_gateway(args.document, store.url)
        try:
            store_port = int(store.url.rsplit(":", 1)[1])
            direct_headers = {"Content-Type": CONTENT_TYPE, **_unsigned_headers(ACCESS_KEY, REGION)}

            def direct(action: str, payload: dict[str, Any]) -> Request:
                headers = {**direct_headers, "X-Amz-Target": TARGET_PREFIX + action}
                return ("POST", "/", json.dumps(payload).encode(), headers)

            def item_key(i: int) -> str:
                return f"bench-{i % ITEMS}"

            put_template = _request_template(document, f"/{resource}/{{{key_name}}}", "put")
            get_template = _request_template(document, f"/{resource}/{{{key_name}}}", "get")

            def rendered(template: Any, i: int, payload: str) -> dict[str, Any]:
                """The exact DynamoDB request the gateway sends for this item."""
                output = template.render(body=payload, path={key_name: item_key(i)}).output
                return json.loads(output)

            direct_puts = [
                direct("PutItem", rendered(put_template, i, json.dumps(body))) for i in range(ITEMS)
            ]
            direct_gets = [direct("GetItem", rendered(get_template, i, "")) for i in range(ITEMS)]

            cases: list[tuple[str, int, Callable[[int], Request]]] = [
                (
                    "PUT direct",
                    store_port,
                    lambda i: direct_puts[i % ITEMS],
                ),
                (
                    "PUT gateway",
                    port,
                    lambda i: (
                        "PUT",
                        f"/{resource}/{quote(item_key(i))}",
                        json.dumps(body).encode(),
                        {"Content-Type": "application/json"},
                    ),
                ),
                (
                    "GET direct",
                    store_port,
                    lambda i: direct_gets[i % ITEMS],
                ),
                ("GET gateway", port, lambda i: ("GET", f"/{resource}/{quote(item_key(i))}", b"", {})),
            ]
            results = {}
            for name, target_port, make in cases:
                _run(target_port, make, args.concurrency, 1000)  # warm up connections and code paths
                results[name] = _run(target_port, make, args.concurrency, args.requests)
        finally:
            gateway.terminate()
            gateway.wait(timeout=10)

    print(f"concurrency {args.concurrency}, {args.requests} requests per row, document {args.document}")
    print(f"{'':12} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}")
    for name, (p50, p99, rate) in results.items():
        print(f"{name:12} {p50:8.2f} {p99:8.2f} {rate:8.0f}")
    for verb in ("GET", "PUT"):
        d, g = results[f"{verb} direct"], results[f"{verb} gateway"]
        print(
            f"{verb}: gateway p50 = {g[0] / d[0]:.2f}x direct (goal <= 1.30), "
            f"throughput = {g[2] / d[2]:.0%} of direct (goal >= 75%)"
        )
    return 0


def _request_template(document: dict[str, Any], path: str, method: str) -> Any:
    integration = document["paths"][path][method]["x-amazon-apigateway-integration"]
    return compile_template(integration["requestTemplates"]["application/json"])


def _item_path(document: dict[str, Any]) -> tuple[str, str]:
    """The first `/resource/{key}` path with both GET and PUT."""
    for path, item in document["paths"].items():
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[1].startswith("{") and {"get", "put"} <= set(item):
            return parts[0], parts[1][1:-1]
    raise SystemExit("the document has no /resource/{key} path with GET and PUT to measure")


def _start_gateway(document: str, store_url: str) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": ACCESS_KEY}
    command = [sys.executable, "-m", "spec_compiler", "serve", document, "--port", str(port)]
    command += ["--region", REGION, "--dynamodb-endpoint", store_url]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the gateway did not start; run `spec-compiler serve` by hand to see why")


def _run(
    port: int, make: Callable[[int], Request], concurrency: int, total: int
) -> tuple[float, float, float]:
    """p50 and p99 latency in ms and requests per second, `total` requests over `concurrency` connections."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = total // concurrency

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        mine = []
        for i in range(per_client):
            method, path, body, headers = make(offset * per_client + i)
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status >= 300:
                raise SystemExit(f"{method} {path} answered {response.status}")
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return statistics.median(latencies) * 1000, p99 * 1000, len(latencies) / elapsed


if __name__ == "__main__":
    raise SystemExit(main())

"""Values DynamoDB cannot store (a non-finite or out-of-range number, an empty map key) make each write
request one every DynamoDB rejects with a ValidationException (see `kinds.py`), so the embedded store,
DynamoDB Local and AWS all answer 400 alike.

Velocity's own rendering of these requests is recorded in `data/unstorable_oracle.json`; re-record it
after changing a template with `python3 tests/compiler/test_kinds_rejects.py --record`.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from template_samples import VIEWING

from spec_compiler.compiler.integration import integration_plan
from spec_compiler.compiler.paging import INVALID_NAME
from spec_compiler.gateway.dynamodb import LOCAL_CREDENTIALS, DynamoDBEndpoint
from spec_compiler.gateway.embedded import EmbeddedDynamoDB
from spec_compiler.vtl import compile_template

ROOT = Path(__file__).resolve().parents[2]
ORACLE_DATA = Path(__file__).parent / "data" / "unstorable_oracle.json"
DEFAULT_ORACLE = ROOT.parent / "shared" / "vtl-oracle" / "vtl-oracle"
DYNAMODB_LOCAL = ROOT / ".cache" / "dynamodb-local"
WRITES = ("put", "create", "patch")
PATH = {"owner": "reader", "seen_at": "7"}

# Number literals as a client writes them, and what json-smart makes of them (Integer, Long, BigInteger,
# Double, or BigDecimal when longer than 18 characters); on each side of every DynamoDB N limit.
UNSTORABLE_NUMBERS = (
    "1e400",  # Double Infinity
    "-1e400",
    "1e126",  # 1.0E126: overflow
    "-1.5e300",
    "1e-131",  # underflow
    "4.9e-324",
    "1" * 39,  # 39 significant digits
    "-" + "1" * 20 + "0" * 30 + "1",
    "1" + "0" * 126,  # 127 digits: overflow
    "1." + "1" * 38,  # BigDecimal with 39 significant digits
    "1.00000000000000000000e400",  # BigDecimal 1.00000000000000000000E+400
    "1.000000000000000000e-131",
)
STORABLE_NUMBERS = (
    "0",
    "-0.0",
    "1.5",
    "0.001",
    "1e-130",
    "9.9e125",
    "9.999999999999999e125",
    "1" * 38,
    "1" * 38 + "000",
    "1" + "0" * 125,
    "0.000000000000000000001",
    "1.0000000000000000000000000000000000000000",
    "1.000000000000000000e-130",
    "-123456789012345678",
)
# Bodies with an unstorable value deeper down: in a number set, a list of dicts, a dict key.
KEYS_AND_FLAGS = '"owner": "reader", "seen_at": 7, "title": "t", "watched": true'
REQUIRED = KEYS_AND_FLAGS + ', "rating": 1'
UNSTORABLE_BODIES = {
    "number set": f'{{{REQUIRED}, "scores": [1, 1e400]}}',
    "nested number": f'{{{REQUIRED}, "history": [{{"a": [2, null, -1e400]}}]}}',
    "empty dict key": f'{{{REQUIRED}, "by_site": {{"a": {{"label": "x"}}, "": {{"label": "y"}}}}}}',
    "nested model number": f'{{{REQUIRED}, "by_site": {{"a": {{"label": "x", "score": 1e999}}}}}}',
}


def body_with(number: str) -> str:
    return f"{{{REQUIRED.removesuffix('1')}{number}}}"


def template(operation: str) -> str:
    return integration_plan(VIEWING, operation).extension["requestTemplates"]["application/json"]


def render(operation: str, body: str) -> dict[str, Any]:
    output = compile_template(template(operation)).render(body=body, path=PATH).output
    return json.loads(output)


def is_marked(request: dict[str, Any]) -> bool:
    return INVALID_NAME in request.get("ExpressionAttributeNames", {})


def unmarked(request: dict[str, Any]) -> dict[str, Any]:
    """The request as it would be without the mark: what DynamoDB itself says of the values."""
    names = {k: v for k, v in request.get("ExpressionAttributeNames", {}).items() if k != INVALID_NAME}
    stripped = {k: v for k, v in request.items() if k != "ExpressionAttributeNames"}
    return {**stripped, "ExpressionAttributeNames": names} if names else stripped


def all_bodies() -> dict[str, str]:
    numbers = {f"rating {n}": body_with(n) for n in UNSTORABLE_NUMBERS + STORABLE_NUMBERS}
    return {**numbers, **UNSTORABLE_BODIES}


# --- the project's runtime -----------------------------------------------------------------------
@pytest.mark.parametrize("operation", WRITES)
@pytest.mark.parametrize("number", UNSTORABLE_NUMBERS)
def test_an_unstorable_number_marks_every_write_request(operation: str, number: str) -> None:
    assert is_marked(render(operation, body_with(number)))


@pytest.mark.parametrize("operation", WRITES)
@pytest.mark.parametrize("number", STORABLE_NUMBERS)
def test_a_number_within_dynamodbs_limits_leaves_the_request_unmarked(operation: str, number: str) -> None:
    request = render(operation, body_with(number))
    assert not is_marked(request)
    assert "ExpressionAttributeNames" not in request or operation != "put"


@pytest.mark.parametrize("operation", WRITES)
@pytest.mark.parametrize("label", UNSTORABLE_BODIES)
def test_an_unstorable_value_at_any_depth_marks_every_write_request(operation: str, label: str) -> None:
    assert is_marked(render(operation, UNSTORABLE_BODIES[label]))


def test_a_dict_with_only_nonempty_keys_is_unmarked() -> None:
    body = f'{{{REQUIRED}, "by_site": {{"a": {{"label": "x"}}, " ": {{"label": "y"}}}}}}'
    assert not any(is_marked(render(operation, body)) for operation in WRITES)


# --- Velocity agrees -------------------------------------------------------------------------------
def oracle_cases() -> list[dict[str, Any]]:
    bodies = all_bodies()
    return [
        {"operation": operation, "label": label, "body": bodies[label]}
        for operation in WRITES
        for label in sorted(bodies)
    ]


def test_velocity_renders_exactly_what_the_runtime_renders() -> None:
    recorded = json.loads(ORACLE_DATA.read_text())
    current = {operation: template(operation) for operation in WRITES}
    assert recorded["templates"] == current, "templates changed: re-record (see the module docstring)"
    assert [{k: c[k] for k in ("operation", "label", "body")} for c in recorded["cases"]] == oracle_cases()
    for case in recorded["cases"]:
        output = compile_template(current[case["operation"]]).render(body=case["body"], path=PATH).output
        assert output == case["velocity"], case["label"]
        expected = case["label"] in UNSTORABLE_BODIES or case["label"].split(" ", 1)[1] in UNSTORABLE_NUMBERS
        assert is_marked(json.loads(output)) == expected, case["label"]


def record(oracle: Path) -> None:
    cases = oracle_cases()
    templates = {operation: template(operation) for operation in WRITES}
    lines = [
        json.dumps({"template": templates[c["operation"]], "body": c["body"], "params": {"path": PATH}})
        for c in cases
    ]
    result = subprocess.run(
        [str(oracle), "--batch", "-"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    for case, output in zip(cases, outputs, strict=True):
        if output.get("error"):
            raise SystemExit(f"Velocity failed on {case['operation']} {case['label']}: {output['error']}")
        case["velocity"] = output["output"]
    ORACLE_DATA.write_text(json.dumps({"templates": templates, "cases": cases}, indent=1) + "\n")


# --- real DynamoDB servers -------------------------------------------------------------------------
@dataclass
class Store:
    """A DynamoDB server holding a `viewings` table: moto's (the embedded store) or DynamoDB Local."""

    kind: str
    endpoint: DynamoDBEndpoint

    def call(self, action: str, request: dict[str, Any]) -> tuple[int, str]:
        """The status and `__type` the server answers."""
        reply = self.endpoint.call(action, json.dumps(request).encode(), timeout=30)
        return reply.status, json.loads(reply.body or "{}").get("__type", "")


@contextmanager
def dynamodb_local() -> Iterator[str]:
    """AWS's DynamoDB Local, in memory, on a free port: its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["java", "-Djava.library.path=DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar", "-inMemory"]
    process = subprocess.Popen(
        [*command, "-port", str(port)],
        cwd=DYNAMODB_LOCAL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("DynamoDB Local did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def embedded() -> Iterator[str]:
    with EmbeddedDynamoDB() as server:
        yield server.url


TABLE = {
    "TableName": VIEWING.table,
    "KeySchema": [
        {"AttributeName": "owner", "KeyType": "HASH"},
        {"AttributeName": "seen_at", "KeyType": "RANGE"},
    ],
    "AttributeDefinitions": [
        {"AttributeName": "owner", "AttributeType": "S"},
        {"AttributeName": "seen_at", "AttributeType": "N"},
    ],
    "BillingMode": "PAY_PER_REQUEST",
}
ACTIONS = {"put": "PutItem", "create": "PutItem", "patch": "UpdateItem"}


@pytest.fixture(scope="module", params=["embedded", "dynamodb-local"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """The `viewings` table, holding the item PATCH addresses, on each server."""
    if request.param == "dynamodb-local" and not (DYNAMODB_LOCAL / "DynamoDBLocal.jar").is_file():
        pytest.skip(f"DynamoDB Local is not installed at {DYNAMODB_LOCAL} (run .ci/install)")
    with embedded() if request.param == "embedded" else dynamodb_local() as url:
        endpoint = DynamoDBEndpoint(url, region="us-east-1", credentials=LOCAL_CREDENTIALS, sign=False)
        store = Store(request.param, endpoint)
        assert store.call("CreateTable", TABLE)[0] == 200
        item = {"owner": {"S": PATH["owner"]}, "seen_at": {"N": PATH["seen_at"]}}
        assert store.call("PutItem", {"TableName": VIEWING.table, "Item": item})[0] == 200
        yield store
        endpoint.close()


@pytest.mark.parametrize("operation", WRITES)
def test_every_store_rejects_each_marked_request_as_invalid(store: Store, operation: str) -> None:
    for label, body in all_bodies().items():
        request = render(operation, body)
        if is_marked(request):
            status, error_type = store.call(ACTIONS[operation], request)
            assert (status, error_type.rpartition("#")[2]) == (400, "ValidationException"), label


def test_the_mark_is_set_exactly_when_dynamodb_local_rejects_the_values(store: Store) -> None:
    """The VTL rule is DynamoDB's own: without the mark, DynamoDB Local accepts exactly the unmarked."""
    if store.kind != "dynamodb-local":
        pytest.skip("moto checks neither N's range and precision nor map keys everywhere: hence the mark")
    for label, body in all_bodies().items():
        request = render("put", body)
        status, _ = store.call("PutItem", unmarked(request))
        assert (status == 400) == is_marked(request), label


if __name__ == "__main__":
    if sys.argv[1:2] != ["--record"]:
        raise SystemExit("usage: python3 tests/compiler/test_kinds_rejects.py --record [ORACLE]")
    record(Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_ORACLE)

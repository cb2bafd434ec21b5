"""`serve` enforces the document's access control as API Gateway does: API keys, Cognito tokens checked
against a JWKS, Lambda authorizer answers from a policy file, IAM signatures; CORS on every answer.

The document is built by the real CLI from a project whose pyproject.toml declares CORS and usage plans;
tokens are signed with joserfc and requests with botocore's SigV4 signer (independent of serve's code).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from gateway_support import REPO, Served, serve_document
from joserfc import jwt
from joserfc.jwk import RSAKey

from spec_compiler.document import load_document, usage_plans
from spec_compiler.errors import SpecCompilerError
from spec_compiler.gateway.embedded import EmbeddedDynamoDB
from spec_compiler.gateway.local_auth import load_local_auth
from spec_compiler.gateway.security import security_schemes

ORIGIN = "https://app.example.com"
ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"
PYPROJECT = f"""
[tool.spec-compiler]
title = "Access API"

[tool.spec-compiler.cors]
origin = "{ORIGIN}"
max_age = 600

[tool.spec-compiler.usage-plans.partners]
api-keys = ["partner-a"]
rate = 10
burst = 20
"""
PARTNER_KEY = "partner-a-local-key-0123456789"
IAM_KEY, IAM_SECRET = "AKIDLOCALTEST", "local-secret-access-key"
SIGNING_KEY = RSAKey.generate_key(2048, parameters={"kid": "pool-key-1"}, private=True)
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "pool-key-1"}, private=True)
UNAUTHORIZED = {"message": "Unauthorized"}
FORBIDDEN = {"message": "Forbidden"}


def token(key: RSAKey = SIGNING_KEY, **claims: Any) -> str:
    payload = {"sub": "user-1", "iss": ISSUER, "token_use": "id", "exp": int(time.time()) + 600, **claims}
    return jwt.encode({"alg": "RS256", "kid": "pool-key-1"}, payload, key)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("access-project")
    (root / "pyproject.toml").write_text(PYPROJECT)
    shutil.copytree(REPO / "tests" / "fixtures" / "models" / "access", root / "models")
    subprocess.run(
        [sys.executable, "-m", "spec_compiler", "build"], cwd=root, check=True, capture_output=True
    )
    (root / "jwks.json").write_text(json.dumps({"keys": [SIGNING_KEY.as_dict(private=False)]}))
    (root / "auth.json").write_text(
        json.dumps(
            {
                "apiKeys": {"partner-a": PARTNER_KEY},
                "userPools": {"cognito": {"jwks": "jwks.json"}},
                "authorizers": {
                    "partners": {
                        "allow-me": {"principalId": "partner-1", "context": {"tier": "gold"}},
                        "deny-me": {"principalId": "partner-2", "effect": "Deny"},
                        "another-partner": {"principalId": "partner-3"},
                    }
                },
                "iam": {IAM_KEY: IAM_SECRET},
            }
        )
    )
    return root


@pytest.fixture(scope="module")
def api(project: Path) -> Iterator[Served]:
    document = load_document(project / "openapi.generated.yaml")
    auth = load_local_auth(project / "auth.json", security_schemes(document), usage_plans(document))
    with EmbeddedDynamoDB() as store, ExitStack() as cleanup:
        yield serve_document(project / "openapi.generated.yaml", store.url, cleanup, auth=auth)


def assert_cors(response: Any) -> None:
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_reads_are_public_and_unauthenticated_writes_refused(api: Served) -> None:
    read = api("GET", "/reviews/Alien")
    assert read.status_code == 404 and read.json()["message"]
    assert_cors(read)
    for method, path, body in (("PUT", "/reviews/Alien", {"stars": 5}), ("DELETE", "/reviews/Alien", None)):
        refused = api(method, path, json=body)
        assert (refused.status_code, refused.json()) == (401, UNAUTHORIZED)
        assert_cors(refused)
    assert api("GET", "/reviews/Alien").status_code == 404  # nothing was written


def test_a_valid_user_pool_token_writes(api: Served) -> None:
    written = api("PUT", "/reviews/Heat", json={"stars": 4}, headers={"Authorization": token()})
    assert written.status_code == 201
    assert_cors(written)
    assert api("GET", "/reviews/Heat").json() == {"movie": "Heat", "stars": 4}


@pytest.mark.parametrize(
    "bad",
    [
        token(OTHER_KEY),  # signed by a key the pool does not have
        token(exp=int(time.time()) - 5),  # expired
        token(iss="https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"),  # another pool
        token()[:-4] + "AAAA",  # tampered signature
        "not-a-token",
    ],
    ids=["foreign-key", "expired", "other-issuer", "tampered", "garbage"],
)
def test_bad_tokens_are_unauthorized(bad: str, api: Served) -> None:
    refused = api("PUT", "/reviews/Ran", json={"stars": 5}, headers={"Authorization": bad})
    assert (refused.status_code, refused.json()) == (401, UNAUTHORIZED)


def test_a_scoped_operation_needs_an_access_token_with_the_scope(api: Served) -> None:
    api("PUT", "/reviews/Brazil", json={"stars": 3}, headers={"Authorization": token()})
    for without in (token(), token(token_use="access", scope="reviews/read")):
        refused = api("DELETE", "/reviews/Brazil", headers={"Authorization": without})
        assert (refused.status_code, refused.json()) == (401, UNAUTHORIZED)
    admin = token(token_use="access", scope="openid reviews/admin")
    assert api("DELETE", "/reviews/Brazil", headers={"Authorization": admin}).status_code == 204


def test_api_key_required_and_refused_when_wrong(api: Served) -> None:
    for headers in ({}, {"x-api-key": "partner-a"}, {"x-api-key": PARTNER_KEY + "x"}):
        refused = api("GET", "/listings/sku-1", headers=headers)
        assert (refused.status_code, refused.json()) == (403, FORBIDDEN)
        assert_cors(refused)
    assert api("GET", "/listings/sku-1", headers={"x-api-key": PARTNER_KEY}).status_code == 404


def test_custom_authorizer_answers_from_the_policy_file(api: Served) -> None:
    body = {"price": 10}
    allowed = api("PUT", "/listings/sku-2", json=body, headers={"Authorization": "allow-me"})
    assert allowed.status_code == 201
    denied = api("PUT", "/listings/sku-2", json=body, headers={"Authorization": "deny-me"})
    assert denied.status_code == 403
    assert denied.json() == {
        "message": "User is not authorized to access this resource with an explicit deny"
    }
    for headers in ({"Authorization": "unknown"}, {}):
        refused = api("PUT", "/listings/sku-2", json=body, headers=headers)
        assert (refused.status_code, refused.json()) == (401, UNAUTHORIZED)


def signed(api: Served, method: str, path: str, secret: str = IAM_SECRET) -> dict[str, str]:
    request = AWSRequest(method=method, url=api.url + path, headers={"x-api-key": PARTNER_KEY})
    SigV4Auth(Credentials(IAM_KEY, secret), "execute-api", "eu-west-1").add_auth(request)
    return dict(request.headers)


def test_iam_signatures_are_checked(api: Served) -> None:
    assert api("GET", "/audits/a-1", headers=signed(api, "GET", "/audits/a-1")).status_code == 404
    wrong = api("GET", "/audits/a-1", headers=signed(api, "GET", "/audits/a-1", secret="wrong"))
    assert wrong.status_code == 403 and "signature" in wrong.json()["message"]
    other_path = api("GET", "/audits/a-2", headers=signed(api, "GET", "/audits/a-1"))
    assert other_path.status_code == 403
    unsigned = api("GET", "/audits/a-1", headers={"x-api-key": PARTNER_KEY})
    assert (unsigned.status_code, unsigned.json()) == (403, {"message": "Missing Authentication Token"})


def test_preflight_is_answered_with_the_cors_headers(api: Served) -> None:
    preflight = api(
        "OPTIONS",
        "/reviews/Heat",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "PUT"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET,PUT,PATCH,DELETE,OPTIONS"
    assert preflight.headers["Access-Control-Allow-Headers"] == "Content-Type,Authorization,X-Api-Key"
    assert preflight.headers["Access-Control-Max-Age"] == "600"


def test_error_answers_carry_cors_headers(api: Served) -> None:
    for response in (
        api("PUT", "/reviews/Heat", data="{", headers={"Authorization": token()}),  # bad body: gateway
        api("GET", "/nowhere"),  # no route
        api("GET", "/reviews/Nothing"),  # 404 from the integration
    ):
        assert response.status_code >= 400
        assert_cors(response)


def test_the_auth_file_is_checked_against_the_document(project: Path, tmp_path: Path) -> None:
    document = load_document(project / "openapi.generated.yaml")
    schemes, plans = security_schemes(document), usage_plans(document)
    cases = {
        '{"apiKeys": {"nobody": "0123456789012345678901"}}': "apiKeys.nobody is not an API key",
        '{"apiKeys": {"partner-a": "short"}}': "at least 20 characters",
        '{"userPools": {"partners": {"development": true}}}': "userPools.partners names no such authorizer",
        '{"userPools": {"cognito": {}}}': '{"development": true} to accept tokens unverified',
        '{"authorizers": {"partners": {"t": {"effect": "Allow"}}}}': 'give {"principalId"',
        '{"tokens": {}}': "a JSON object with some of apiKeys, userPools, authorizers, iam",
    }
    for text, says in cases.items():
        (tmp_path / "auth.json").write_text(text)
        with pytest.raises(SpecCompilerError, match=None) as raised:
            load_local_auth(tmp_path / "auth.json", schemes, plans)
        assert says in str(raised.value), text


def test_serve_command_with_a_development_pool_says_so_and_takes_claims_as_given(project: Path) -> None:
    (project / "dev-auth.json").write_text(json.dumps({"userPools": {"cognito": {"development": True}}}))
    unsigned = (
        ".".join(
            base64.urlsafe_b64encode(json.dumps(part).encode()).decode().rstrip("=")
            for part in ({"alg": "none"}, {"sub": "dev-user"})
        )
        + "."
    )
    command = [sys.executable, "-m", "spec_compiler", "serve", "--auth", "dev-auth.json", "--port", "0"]
    process = subprocess.Popen(
        command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        banner = []
        while not banner or not banner[-1].startswith("Press Ctrl-C"):
            line = process.stdout.readline()
            assert line, f"serve exited early: {process.stderr.read()}"
            banner.append(line.strip())
        text = "\n".join(banner)
        assert "DEVELOPMENT MODE: tokens for the user pool authorizer 'cognito' are NOT verified" in text
        url = text.split(" at ", 1)[1].split()[0]
        written = requests.put(f"{url}/reviews/Dev", json={"stars": 2}, headers={"Authorization": unsigned})
        assert written.status_code == 201
        refused = requests.put(f"{url}/reviews/Dev", json={"stars": 2})
        assert (refused.status_code, refused.json()) == (401, UNAUTHORIZED)
    finally:
        process.terminate()
        process.wait(timeout=30)


ALICE, BOB = "sub-alice-1111", "sub-bob-2222"


def as_user(sub: str) -> dict[str, str]:
    return {"Authorization": token(sub=sub)}


def stored_notes(api: Served) -> dict[tuple[str, str], str]:
    items = api.dynamodb.scan(TableName="notes")["Items"]
    return {(item["owner"]["S"], item["note_id"]["S"]): item["text"]["S"] for item in items}


def test_a_caller_cannot_reach_another_callers_items(api: Served) -> None:
    assert (
        api("POST", "/notes", json={"note_id": "n1", "text": "Alice's"}, headers=as_user(ALICE)).status_code
        == 201
    )
    hostile = {"owner": ALICE, "sub": ALICE}
    for method, body in (("GET", None), ("PATCH", {"text": "Bob was here"}), ("DELETE", None)):
        answer = api(method, "/notes/n1", json=body, params=hostile, headers={**as_user(BOB), **hostile})
        assert answer.status_code == 404, (method, answer.text)
    # Bob's PUT under the same note id writes Bob's own note, beside Alice's.
    assert (
        api("PUT", "/notes/n1", json={"text": "Bob's"}, params=hostile, headers=as_user(BOB)).status_code
        == 201
    )
    # The owner in a body is refused by the request validator: the models have no owner field.
    for method, path, body in (
        ("POST", "/notes", {"note_id": "n2", "text": "x", "owner": ALICE}),
        ("PUT", "/notes/n1", {"text": "x", "owner": ALICE}),
        ("PATCH", "/notes/n1", {"owner": ALICE}),
    ):
        assert api(method, path, json=body, headers=as_user(BOB)).status_code == 400, (method, path)
    # The owner in a path is no route: /notes/{note_id} takes one segment.
    assert api("GET", f"/notes/{ALICE}/n1", headers=as_user(BOB)).status_code in (403, 404)
    listed = api("GET", "/notes", params=hostile, headers={**as_user(BOB), **hostile}).json()
    assert listed["items"] == [{"owner": BOB, "note_id": "n1", "text": "Bob's"}]
    assert api("GET", "/notes/n1", headers=as_user(ALICE)).json() == {
        "owner": ALICE,
        "note_id": "n1",
        "text": "Alice's",
    }
    assert stored_notes(api) == {(ALICE, "n1"): "Alice's", (BOB, "n1"): "Bob's"}
    refused = api("GET", "/notes")
    assert (refused.status_code, refused.json()) == (401, UNAUTHORIZED)


def test_a_custom_authorizers_principal_owns_its_profile(api: Served) -> None:
    partner = {"Authorization": "allow-me"}
    assert api("PUT", "/profile", json={"display_name": "Gold partner"}, headers=partner).status_code == 201
    assert api("GET", "/profile", headers=partner).json() == {
        "partner": "partner-1",
        "display_name": "Gold partner",
    }
    assert api("GET", "/profile", headers={"Authorization": "deny-me"}).status_code == 403
    assert api("GET", "/profile", headers={"Authorization": "another-partner"}).status_code == 404
    stored = api.dynamodb.scan(TableName="profiles")["Items"]
    assert [item["partner"]["S"] for item in stored] == ["partner-1"]

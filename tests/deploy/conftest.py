"""Shared fixtures for the deploy tests: moto's server over real HTTP, dummy credentials, the documents."""

from __future__ import annotations

import copy
import json
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml

DATA = Path(__file__).parent / "data"
MOVIES = DATA / "movies.yaml"
REGION = "eu-west-1"


def _teach_moto_rest_api_tags() -> None:
    """moto 5 implements TagResource for stages only; AWS tags any API Gateway resource, REST APIs too.

    This adds the REST API case (same URL shape as AWS, tags stored on moto's RestAPI, which GetRestApis
    already returns), so the deploy code under test makes exactly the calls it makes against AWS.
    """
    from moto.apigateway import urls
    from moto.apigateway.responses import APIGatewayResponse

    pattern = (
        "{0}/tags/arn:(?P<partition>[^/]+):apigateway:(?P<region_name>[^/]+)"
        "::/restapis/(?P<function_id>[^/]+)$"
    )
    if pattern in urls.url_paths:
        return
    urls.url_paths[pattern] = APIGatewayResponse.dispatch
    tag_stage = APIGatewayResponse.tag_resource

    def tag_resource(self: APIGatewayResponse) -> str:
        arn = unquote(self.path.split("/tags/", 1)[1])  # moto 5.2.2+ keeps the path percent-encoded
        if "/stages/" in arn:
            return tag_stage(self)
        rest_api = self.backend.get_rest_api(arn.rsplit("/", 1)[1])
        rest_api.tags = {**(rest_api.tags or {}), **self._get_param("tags")}
        return json.dumps({})

    APIGatewayResponse.tag_resource = tag_resource


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    """One moto server for the session, on a free port of 127.0.0.1."""
    from moto.server import ThreadedMotoServer

    _teach_moto_rest_api_tags()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def endpoint(moto_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """A freshly reset moto, and an environment with dummy credentials and no real AWS configuration."""
    urllib.request.urlopen(urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST")).read()
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    return moto_url


@pytest.fixture
def clients(endpoint: str) -> dict[str, Any]:
    """Plain boto3 clients on the same moto, for the tests to look at what deploy did."""
    import boto3

    session = boto3.Session(region_name=REGION)
    return {name: session.client(name, endpoint_url=endpoint) for name in ("dynamodb", "iam", "apigateway")}


@pytest.fixture
def deploy_cli(endpoint: str) -> Callable[..., int]:
    """Run `spec-compiler deploy FILE --stage prod [EXTRA...]` against moto; returns the exit code."""
    from spec_compiler.cli import main

    def run(document: Path = MOVIES, *extra: str) -> int:
        argv = ["deploy", str(document), "--stage", "prod", "--region", REGION, "--endpoint-url", endpoint]
        return main([*argv, *extra])

    return run


@pytest.fixture
def movies_path() -> Path:
    return MOVIES


@pytest.fixture
def region() -> str:
    return REGION


@pytest.fixture(scope="session")
def movies_document() -> dict[str, Any]:
    return yaml.safe_load(MOVIES.read_text(encoding="utf-8"))


@pytest.fixture
def movies(movies_document: dict[str, Any]) -> dict[str, Any]:
    """A private copy of the test document, which a test may change."""
    return copy.deepcopy(movies_document)


@pytest.fixture
def sleeps() -> list[float]:
    """The backoff delays `Aws.call` asked for (tests never wait)."""
    return []


@pytest.fixture
def aws(sleeps: list[float]) -> Any:
    """An `Aws` on clients that never reach the network: for botocore's Stubber."""
    import boto3

    from spec_compiler.deploy.aws import Aws

    def client(service: str) -> Any:
        return boto3.client(
            service, region_name="eu-west-1", aws_access_key_id="stub", aws_secret_access_key="stub"
        )

    return Aws(
        dynamodb=client("dynamodb"),
        iam=client("iam"),
        apigateway=client("apigateway"),
        account_id="123456789012",
        region="eu-west-1",
        partition="aws",
        sleep=sleeps.append,
    )


@pytest.fixture
def stub(aws: Any) -> Iterator[Any]:
    """botocore's Stubber on the API Gateway client: every call must be one the test expects."""
    from botocore.stub import Stubber

    with Stubber(aws.apigateway) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()

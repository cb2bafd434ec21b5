"""Deploy to real AWS: only with SPEC_COMPILER_AWS_TESTS=1 and AWS credentials; skipped otherwise.

Everything it creates is named with a random prefix and deleted at the end (the tool itself never
deletes anything; this test cleans up after itself). Region: AWS_REGION, else us-east-1.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
import urllib.error
import urllib.request
from typing import Any

import boto3
import pytest

from spec_compiler.deploy.apigateway import api_tag_value
from spec_compiler.deploy.aws import connect
from spec_compiler.deploy.deployer import deploy
from spec_compiler.deploy.roles import POLICY_NAME
from spec_compiler.document import roles, tables


def _skip_reason() -> str | None:
    if os.environ.get("SPEC_COMPILER_AWS_TESTS") != "1":
        return "real-AWS deploy test: set SPEC_COMPILER_AWS_TESTS=1 (and AWS credentials) to run it"
    if boto3.Session().get_credentials() is None:
        return "real-AWS deploy test: SPEC_COMPILER_AWS_TESTS=1 but no AWS credentials were found"
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")


@pytest.fixture
def unique_document(movies: dict[str, Any]) -> dict[str, Any]:
    """The test document with every table, role and the title under a random prefix."""
    prefix = f"sc-test-{secrets.token_hex(3)}-"
    text = json.dumps(movies)
    for table in ("favorite_movies", "watch_log"):
        text = text.replace(table, prefix + table)
    document = json.loads(text)
    document["info"]["title"] = f"{prefix}movie-nights"
    return document


def test_deploy_to_real_aws_twice_and_call_the_api(unique_document):
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    aws = connect(region=region, profile=os.environ.get("AWS_PROFILE"), endpoint_url=None)
    try:
        first = deploy(aws, unique_document, stage="test")
        second = deploy(aws, unique_document, stage="test")

        assert first.deployment_id is not None
        assert second.deployment_id is None and second.rest_api_id == first.rest_api_id
        assert all(change.action == "unchanged" for change in second.plan.changes)
        assert first.docs is not None and first.docs.skipped is None, "AWS takes documentation parts"
        exported = aws.apigateway.get_export(
            restApiId=first.rest_api_id,
            stageName="test",
            exportType="oas30",
            parameters={"extensions": "documentation"},
            accepts="application/json",
        )
        text = exported["body"].read().decode("utf-8")
        assert unique_document["info"]["description"] in text, "the stage's export carries the documentation"
        status, body = _get_until_ready(f"{first.invoke_url}/movies")
        assert status == 200, body
        assert json.loads(body)["items"] == []
    finally:
        _clean_up(aws, unique_document)


def _get_until_ready(url: str, seconds: float = 90) -> tuple[int, str]:
    """New roles take a while to be assumable by API Gateway; retry server errors until then."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            if error.code < 500 or time.monotonic() > deadline:
                return error.code, error.read().decode()
        time.sleep(5)


def _clean_up(aws: Any, document: dict[str, Any]) -> None:
    tag = api_tag_value(document)
    for api in aws.apigateway.get_rest_apis(limit=500)["items"]:
        if (api.get("tags") or {}).get("spec-compiler:api") == tag:
            aws.apigateway.delete_rest_api(restApiId=api["id"])
    for role in roles(document):
        with contextlib.suppress(aws.iam.exceptions.NoSuchEntityException):
            aws.iam.delete_role_policy(RoleName=role.name, PolicyName=POLICY_NAME)
            aws.iam.delete_role(RoleName=role.name)
    for table in tables(document):
        with contextlib.suppress(aws.dynamodb.exceptions.ResourceNotFoundException):
            aws.dynamodb.delete_table(TableName=table.name)

"""Connecting and calling: every failure names its step and says what to do."""

from __future__ import annotations

import socket

import boto3
import pytest
from botocore.stub import Stubber

from spec_compiler.cli import main
from spec_compiler.deploy.aws import Aws, connect
from spec_compiler.deploy.errors import DeployError
from spec_compiler.deploy.tables import read_table
from spec_compiler.document import tables


def test_connect_learns_account_region_and_partition(endpoint, region):
    aws = connect(region=region, profile=None, endpoint_url=endpoint)

    assert (aws.account_id, aws.region, aws.partition, aws.emulated) == ("123456789012", region, "aws", True)
    assert aws.table_arn("t") == f"arn:aws:dynamodb:{region}:123456789012:table/t"


def deploy_to(movies_path, *options: str) -> int:
    return main(["deploy", str(movies_path), "--stage", "prod", *options])


def test_missing_credentials_are_explained(endpoint, monkeypatch, movies_path, capsys):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    code = deploy_to(movies_path, "--region", "eu-west-1", "--endpoint-url", endpoint)

    assert code == 3
    assert "deploy step `connect` failed: no AWS credentials were found." in capsys.readouterr().err


def test_unknown_profile_is_explained(endpoint, movies_path, capsys):
    code = deploy_to(movies_path, "--profile", "nobody", "--endpoint-url", endpoint)

    assert code == 3
    err = capsys.readouterr().err
    assert "deploy step `connect` failed" in err and "nobody" in err


def test_unreachable_endpoint_is_explained(endpoint, movies_path, capsys):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    url = f"http://127.0.0.1:{port}"

    code = deploy_to(movies_path, "--region", "eu-west-1", "--endpoint-url", url)

    assert code == 3
    assert "STS could not tell who is calling" in capsys.readouterr().err


def test_a_denied_call_names_the_permission_problem(movies):
    credentials = {"aws_access_key_id": "s", "aws_secret_access_key": "s"}
    dynamodb = boto3.client("dynamodb", region_name="eu-west-1", **credentials)
    aws = Aws(dynamodb, None, None, "123456789012", "eu-west-1", "aws")
    with Stubber(dynamodb) as stub:
        stub.add_client_error("describe_table", "AccessDeniedException", "not authorized to DescribeTable")

        with pytest.raises(DeployError) as raised:
            read_table(aws, tables(movies)[0])

    assert raised.value.step == "tables"
    assert "DescribeTable was refused: not authorized" in str(raised.value)
    assert "grant it, or deploy with another --profile" in str(raised.value)

"""Least privilege from the document alone: each role gets exactly the actions its integrations call."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from spec_compiler.deploy.aws import Aws
from spec_compiler.deploy.roles import POLICY_NAME, TRUST_POLICY, read_role, role_grants
from spec_compiler.errors import DocumentError


def integration(document: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    return document["paths"][path][method]["x-amazon-apigateway-integration"]


def test_actions_come_from_the_integrations_that_name_each_role(movies):
    grants = {grant.role.name: grant for grant in role_grants(movies)}

    assert {name: grant.actions for name, grant in grants.items()} == {
        "favorite_movies-apigw-read": ("dynamodb:GetItem", "dynamodb:Scan"),
        "favorite_movies-apigw-write": ("dynamodb:DeleteItem", "dynamodb:PutItem"),
        "watch_log-apigw-read": ("dynamodb:GetItem", "dynamodb:Query"),
        "watch_log-apigw-write": ("dynamodb:PutItem", "dynamodb:UpdateItem"),
    }
    arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/watch_log"
    assert grants["watch_log-apigw-read"].policy(arn) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "TableAccess",
                "Effect": "Allow",
                "Action": ["dynamodb:GetItem", "dynamodb:Query"],
                "Resource": [arn],
            }
        ],
    }


def test_dropping_an_operation_drops_its_action(movies):
    del movies["paths"]["/movies/{name}"]["delete"]

    grants = {grant.role.name: grant.actions for grant in role_grants(movies)}

    assert grants["favorite_movies-apigw-write"] == ("dynamodb:PutItem",)


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (
            lambda d: integration(d, "/movies/{name}", "put").update(
                credentials="arn:${AWS::Partition}:iam::${AWS::AccountId}:role/favorite_movies-apigw-read"
            ),
            "read role favorite_movies-apigw-read is used by integrations that write (PutItem)",
        ),
        (
            lambda d: integration(d, "/movies", "get").update(
                credentials="arn:${AWS::Partition}:iam::${AWS::AccountId}:role/somebody-else"
            ),
            "GET /movies uses role somebody-else, which x-spec-compiler.roles does not list",
        ),
        (
            lambda d: integration(d, "/movies", "get").pop("credentials"),
            "GET /movies calls DynamoDB without a role ARN",
        ),
        (
            lambda d: d["x-spec-compiler"]["roles"].update(spare={"table": "watch_log", "access": "read"}),
            "role spare is listed but no integration uses it",
        ),
        (
            lambda d: d["x-spec-compiler"]["tables"].pop("watch_log"),
            "role watch_log-apigw-read is for table watch_log, which x-spec-compiler.tables lacks",
        ),
    ],
)
def test_an_inconsistent_document_is_refused_before_any_aws_call(movies, breakage, message):
    breakage(movies)

    with pytest.raises(DocumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        role_grants(movies)


@pytest.fixture
def aws_with_iam_stub():
    iam = boto3.client("iam", region_name="us-east-1", aws_access_key_id="s", aws_secret_access_key="s")
    aws = Aws(
        dynamodb=None,
        iam=iam,
        apigateway=None,
        account_id="123456789012",
        region="eu-west-1",
        partition="aws",
    )
    with Stubber(iam) as stub:
        yield aws, stub
        stub.assert_no_pending_responses()


def test_an_equivalent_policy_written_differently_is_unchanged(movies, aws_with_iam_stub):
    aws, stub = aws_with_iam_stub
    grant = next(g for g in role_grants(movies) if g.role.name == "favorite_movies-apigw-write")
    arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/favorite_movies"
    same_policy = {
        "Version": "2012-10-17",
        "Statement": {  # one statement as an object, actions reordered, resource as a string
            "Resource": arn,
            "Action": ["dynamodb:PutItem", "dynamodb:DeleteItem"],
            "Effect": "Allow",
            "Sid": "TableAccess",
        },
    }
    trust = {**TRUST_POLICY, "Statement": [{**TRUST_POLICY["Statement"][0], "Action": ["sts:AssumeRole"]}]}
    role = {
        "Path": "/",
        "RoleName": grant.role.name,
        "RoleId": "AROAEXAMPLEEXAMPLE01",
        "Arn": f"arn:aws:iam::123456789012:role/{grant.role.name}",
        "CreateDate": "2026-01-01T00:00:00Z",
        "AssumeRolePolicyDocument": json.dumps(trust),
    }
    stub.add_response("get_role", {"Role": role}, {"RoleName": grant.role.name})
    stub.add_response("list_role_policies", {"PolicyNames": [POLICY_NAME]})
    stub.add_response(
        "get_role_policy",
        {"RoleName": grant.role.name, "PolicyName": POLICY_NAME, "PolicyDocument": json.dumps(same_policy)},
    )
    stub.add_response("list_attached_role_policies", {"AttachedPolicies": []})

    change = read_role(aws, grant)

    assert (change.action, change.detail) == ("unchanged", "")

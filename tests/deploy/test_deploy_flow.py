"""The whole deploy flow against moto's server over real HTTP, driven through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from spec_compiler.cli import main
from spec_compiler.deploy.aws import connect
from spec_compiler.deploy.deployer import deploy


def write(document: dict[str, Any], tmp_path: Path) -> Path:
    path = tmp_path / "openapi.generated.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def state(clients: dict[str, Any]) -> dict[str, Any]:
    """Everything deploy can change, as one comparable value."""
    apigateway, iam, dynamodb = clients["apigateway"], clients["iam"], clients["dynamodb"]
    apis = {}
    for api in apigateway.get_rest_apis()["items"]:
        resources = apigateway.get_resources(restApiId=api["id"])["items"]
        deployments = apigateway.get_deployments(restApiId=api["id"])["items"]
        stages = apigateway.get_stages(restApiId=api["id"])["item"]
        apis[api["id"]] = {
            "tags": api.get("tags"),
            "paths": sorted((r["path"], sorted(r.get("resourceMethods", {}))) for r in resources),
            "deployments": sorted(d["id"] for d in deployments),
            "stages": {s["stageName"]: s["deploymentId"] for s in stages},
        }
    roles = {}
    for role in iam.list_roles()["Roles"]:
        name = role["RoleName"]
        policies = iam.list_role_policies(RoleName=name)["PolicyNames"]
        roles[name] = {
            p: iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"] for p in policies
        }
    tables = {
        name: dynamodb.describe_table(TableName=name)["Table"]["KeySchema"]
        for name in dynamodb.list_tables()["TableNames"]
    }
    return {"apis": apis, "roles": roles, "tables": tables}


def test_first_deploy_creates_tables_roles_api_and_stage(deploy_cli, clients, region, capsys):
    assert deploy_cli() == 0

    out = capsys.readouterr().out
    after = state(clients)
    assert set(after["tables"]) == {"favorite_movies", "watch_log"}
    assert after["tables"]["watch_log"] == [
        {"AttributeName": "friend", "KeyType": "HASH"},
        {"AttributeName": "seen_at", "KeyType": "RANGE"},
    ]
    for table in after["tables"]:
        described = clients["dynamodb"].describe_table(TableName=table)["Table"]
        assert described["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        backups = clients["dynamodb"].describe_continuous_backups(TableName=table)
        assert (
            backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
                "PointInTimeRecoveryStatus"
            ]
            == "ENABLED"
        )
    assert set(after["roles"]) == {
        "favorite_movies-apigw-read",
        "favorite_movies-apigw-write",
        "watch_log-apigw-read",
        "watch_log-apigw-write",
    }
    [(api_id, api)] = after["apis"].items()
    assert api["tags"]["spec-compiler:api"] == "movie-nights-api"
    assert ("/watch-log/{friend}/{seen_at}", ["GET", "PATCH"]) in api["paths"]
    assert len(api["deployments"]) == 1
    assert api["stages"] == {"prod": api["deployments"][0]}
    deployment = clients["apigateway"].get_deployment(restApiId=api_id, deploymentId=api["deployments"][0])
    assert f"sha256:{api['tags']['spec-compiler:sha256']}" in deployment["description"]
    assert f"Invoke URL: https://{api_id}.execute-api.{region}.amazonaws.com/prod" in out
    skipped = "docs 1.0.0-5e3a77e1d0e5: skipped (http://127.0.0.1:"
    assert skipped in out and "has no API Gateway documentation parts (an emulator" in out, (
        "moto 5 has no documentation parts: the step says it was skipped and why"
    )


EXPECTED_GRANTS = {
    "favorite_movies-apigw-read": (["dynamodb:GetItem", "dynamodb:Scan"], "favorite_movies"),
    "favorite_movies-apigw-write": (["dynamodb:DeleteItem", "dynamodb:PutItem"], "favorite_movies"),
    "watch_log-apigw-read": (["dynamodb:GetItem", "dynamodb:Query"], "watch_log"),
    "watch_log-apigw-write": (["dynamodb:PutItem", "dynamodb:UpdateItem"], "watch_log"),
}


def test_each_role_may_call_exactly_its_integrations_actions_on_its_table(deploy_cli, clients, region):
    assert deploy_cli() == 0

    iam = clients["iam"]
    for name, (actions, table) in EXPECTED_GRANTS.items():
        role = iam.get_role(RoleName=name)["Role"]
        assert role["Arn"] == f"arn:aws:iam::123456789012:role/{name}", (
            "the ARN the integrations' credentials name"
        )
        assert role["AssumeRolePolicyDocument"]["Statement"] == [
            {
                "Effect": "Allow",
                "Principal": {"Service": "apigateway.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ]
        assert iam.list_role_policies(RoleName=name)["PolicyNames"] == ["spec-compiler-dynamodb"]
        assert iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"] == []
        document = iam.get_role_policy(RoleName=name, PolicyName="spec-compiler-dynamodb")["PolicyDocument"]
        [statement] = document["Statement"]
        assert statement["Effect"] == "Allow"
        assert statement["Action"] == actions
        assert statement["Resource"] == [f"arn:aws:dynamodb:{region}:123456789012:table/{table}"]
    for name in ("favorite_movies-apigw-read", "watch_log-apigw-read"):
        granted = set(EXPECTED_GRANTS[name][0])
        assert not granted & {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}


def test_second_deploy_of_the_same_document_changes_nothing(deploy_cli, clients, capsys):
    assert deploy_cli() == 0
    before = state(clients)
    capsys.readouterr()

    assert deploy_cli() == 0

    assert state(clients) == before
    out = capsys.readouterr().out
    assert "0 to change, 8 unchanged, 1 skipped." in out
    assert "created" not in out and "updated" not in out


def test_changed_document_overwrites_the_api_and_deploys_once(deploy_cli, clients, movies, tmp_path, capsys):
    assert deploy_cli() == 0
    before = state(clients)
    del movies["paths"]["/watch-log/{friend}/{seen_at}"]["patch"]
    movies["paths"]["/movies/{name}"]["get"]["summary"] = "Look up a favorite movie"

    assert deploy_cli(write(movies, tmp_path)) == 0

    after = state(clients)
    [(api_id, old)] = before["apis"].items()
    new = after["apis"][api_id]
    assert list(after["apis"]) == [api_id], "the API is overwritten in place, never imported again"
    assert ("/watch-log/{friend}/{seen_at}", ["GET"]) in new["paths"], (
        "overwrite mode drops the removed method"
    )
    assert len(new["deployments"]) == len(old["deployments"]) + 1
    assert new["stages"]["prod"] not in old["deployments"]
    assert new["tags"]["spec-compiler:sha256"] != old["tags"]["spec-compiler:sha256"]
    assert after["tables"] == before["tables"]
    out = capsys.readouterr().out
    assert f"api movie-nights-api: updated ({api_id})" in out

    capsys.readouterr()
    assert deploy_cli(write(movies, tmp_path)) == 0
    assert state(clients) == after, "deploying the changed document again is a no-op"


def test_key_schema_conflict_stops_before_anything_changes(deploy_cli, clients, capsys):
    clients["dynamodb"].create_table(
        TableName="watch_log",
        KeySchema=[{"AttributeName": "friend", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "friend", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    before = state(clients)

    assert deploy_cli() == 3

    err = capsys.readouterr().err
    assert "deploy step `tables` failed" in err
    assert "watch_log exists with key friend (S), but the document needs friend (S), seen_at (S)" in err
    assert "Nothing was changed" in err
    assert state(clients) == before, "no table, role or API was created"


def test_dry_run_changes_nothing(deploy_cli, movies_path, clients, movies, tmp_path, capsys):
    empty = state(clients)
    assert deploy_cli(movies_path, "--dry-run") == 0
    out = capsys.readouterr().out
    assert state(clients) == empty
    assert "9 to change, 0 unchanged." in out
    assert "  api    movie-nights-api             create     import (regional endpoint)" in out
    assert "  docs   1.0.0-5e3a77e1d0e5           create     67 parts, snapshot 1.0.0-5e3a77e1d0e5" in out
    assert "Dry run: nothing was changed." in out

    assert deploy_cli() == 0
    deployed = state(clients)
    movies["info"]["version"] = "1.1.0"
    capsys.readouterr()

    assert deploy_cli(write(movies, tmp_path), "--dry-run") == 0

    out = capsys.readouterr().out
    assert state(clients) == deployed
    assert "2 to change, 6 unchanged, 1 skipped." in out
    assert " update " in out.split("api    movie-nights-api", 1)[1].splitlines()[0]
    assert " update " in out.split("stage  prod", 1)[1].splitlines()[0]


def test_dry_run_makes_only_read_calls(endpoint, region, movies):
    aws = connect(region=region, profile=None, endpoint_url=endpoint)
    deploy(aws, movies, stage="prod", out=lambda line: None)
    movies["info"]["version"] = "2.0.0"
    calls: list[str] = []
    for client in (aws.dynamodb, aws.iam, aws.apigateway):
        client.meta.events.register("before-call.*.*", lambda model, **_: calls.append(model.name))

    outcome = deploy(aws, movies, stage="prod", dry_run=True, out=lambda line: None)

    assert outcome.plan.api.action == "update"
    assert calls and all(call.startswith(("Get", "Describe", "List")) for call in calls), calls


def test_failed_put_leaves_the_stage_serving_the_previous_deployment(
    deploy_cli, clients, movies, tmp_path, capsys
):
    assert deploy_cli() == 0
    before = state(clients)
    del movies["paths"]["/movies"]["get"]["responses"]  # invalid OpenAPI: moto rejects it with failOnWarnings

    assert deploy_cli(write(movies, tmp_path)) == 3

    err = capsys.readouterr().err
    assert "deploy step `api` failed: PutRestApi was refused" in err
    assert "The stage was not touched" in err
    after = state(clients)
    [(api_id, api)] = before["apis"].items()
    assert after["apis"][api_id]["stages"] == api["stages"]
    assert after["apis"][api_id]["deployments"] == api["deployments"]
    assert after["apis"][api_id]["tags"] == api["tags"], "the recorded hash still names what the stage serves"


def policy(statement: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def test_role_drift_is_brought_back_to_exactly_the_computed_policy(deploy_cli, clients, capsys):
    assert deploy_cli() == 0
    iam, role = clients["iam"], "favorite_movies-apigw-read"
    everything = {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}
    iam.put_role_policy(RoleName=role, PolicyName="spec-compiler-dynamodb", PolicyDocument=policy(everything))
    iam.put_role_policy(RoleName=role, PolicyName="added-by-hand", PolicyDocument=policy(everything))
    managed = iam.create_policy(PolicyName="wide", PolicyDocument=policy(everything))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=role, PolicyArn=managed)
    lambda_trust = {
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole",
    }
    iam.update_assume_role_policy(RoleName=role, PolicyDocument=policy(lambda_trust))
    capsys.readouterr()

    assert deploy_cli() == 0

    out = capsys.readouterr().out
    assert f"role {role}: updated" in out
    assert "1 to change, 7 unchanged, 1 skipped." in out
    assert iam.list_role_policies(RoleName=role)["PolicyNames"] == ["spec-compiler-dynamodb"]
    assert iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"] == []
    document = iam.get_role_policy(RoleName=role, PolicyName="spec-compiler-dynamodb")["PolicyDocument"]
    assert document["Statement"][0]["Action"] == ["dynamodb:GetItem", "dynamodb:Scan"]
    trust = iam.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"] == {"Service": "apigateway.amazonaws.com"}


def test_existing_table_gets_point_in_time_recovery(deploy_cli, clients):
    clients["dynamodb"].create_table(
        TableName="favorite_movies",
        KeySchema=[{"AttributeName": "name", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "name", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    clients["dynamodb"].put_item(
        TableName="favorite_movies", Item={"name": {"S": "Ada"}, "favorite_movie": {"S": "Heat"}}
    )

    assert deploy_cli() == 0

    backups = clients["dynamodb"].describe_continuous_backups(TableName="favorite_movies")
    assert (
        backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"]
        == "ENABLED"
    )
    item = clients["dynamodb"].get_item(TableName="favorite_movies", Key={"name": {"S": "Ada"}})
    assert item["Item"]["favorite_movie"] == {"S": "Heat"}, "an existing table keeps its items"


def test_api_is_found_by_its_tag_not_by_its_name(deploy_cli, movies_path, clients, capsys):
    other = clients["apigateway"].create_rest_api(name="Movie Nights API", description="someone else's")
    assert deploy_cli() == 0
    assert deploy_cli(movies_path, "--name", "movie-nights-2") == 0

    apis = {api["id"]: api for api in clients["apigateway"].get_rest_apis()["items"]}
    assert len(apis) == 3
    assert apis[other["id"]].get("tags") in (None, {}), "the same-named API of someone else is never touched"
    assert sorted(api["tags"].get("spec-compiler:api", "") for api in apis.values()) == [
        "",
        "movie-nights-2",
        "movie-nights-api",
    ]


def test_library_returns_what_it_did(endpoint, region, movies):
    lines: list[str] = []
    aws = connect(region=region, profile=None, endpoint_url=endpoint)

    first = deploy(aws, movies, stage="dev", out=lines.append)
    second = deploy(aws, movies, stage="dev", out=lines.append)

    assert first.deployment_id is not None and second.deployment_id is None
    assert first.rest_api_id == second.rest_api_id
    assert second.invoke_url == f"https://{first.rest_api_id}.execute-api.{region}.amazonaws.com/dev"
    assert [change.action for change in second.plan.changes] == ["unchanged"] * 8 + ["skipped"]
    assert first.docs is not None and first.docs.skipped, "moto 5 has no documentation parts"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--stage", "prod stage", "--region", "eu-west-1"], "stage name 'prod stage' is not valid"),
        (["--stage", "prod"], "no AWS region is configured"),
    ],
)
def test_bad_arguments_are_explained(endpoint, movies_path, capsys, argv, message):
    assert main(["deploy", str(movies_path), "--endpoint-url", endpoint, *argv]) != 0
    assert message in capsys.readouterr().err

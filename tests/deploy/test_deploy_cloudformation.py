"""`export cloudformation`: the same resources as deploy, as a template that passes cfn-lint."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import yaml
from cfnlint.api import lint as cfn_lint

from spec_compiler.cli import main
from spec_compiler.deploy import cloudformation
from spec_compiler.deploy.apigateway import Definition
from spec_compiler.deploy.cloudformation import cloudformation_template, template_dict
from spec_compiler.deploy.roles import role_grants
from spec_compiler.docs import documentation_parts, documentation_version
from spec_compiler.document import without_extension
from spec_compiler.errors import DocumentError

REGIONS = ["us-east-1", "eu-west-1"]


def lint(text: str) -> list[str]:
    return [str(match) for match in cfn_lint(text, regions=REGIONS)]


def test_template_passes_cfn_lint(movies):
    assert lint(cloudformation_template(movies)) == []


def test_cfn_lint_does_catch_a_broken_template(movies):
    template = template_dict(movies)
    template["Resources"]["Stage"]["Properties"]["DeploymentId"] = {"Ref": "NoSuchDeployment"}

    assert lint(yaml.safe_dump(template)) != [], "the lint test above would catch a real mistake"


def test_tables_are_retained_on_delete_and_replace(movies):
    resources = template_dict(movies)["Resources"]

    table = resources["WatchLogTable"]
    assert table["Type"] == "AWS::DynamoDB::Table"
    assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
    assert table["Properties"]["KeySchema"] == [
        {"AttributeName": "friend", "KeyType": "HASH"},
        {"AttributeName": "seen_at", "KeyType": "RANGE"},
    ]
    assert table["Properties"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["Properties"]["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


def test_roles_carry_the_same_least_privilege_policies_as_deploy(movies):
    resources = template_dict(movies)["Resources"]

    for grant in role_grants(movies):
        [role] = [r for r in resources.values() if r["Properties"].get("RoleName") == grant.role.name]
        [policy] = role["Properties"]["Policies"]
        [statement] = policy["PolicyDocument"]["Statement"]
        assert statement["Action"] == list(grant.actions)
        table_id = "FavoriteMoviesTable" if grant.role.table == "favorite_movies" else "WatchLogTable"
        assert statement["Resource"] == [{"Fn::GetAtt": [table_id, "Arn"]}]
        assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
            "Service": "apigateway.amazonaws.com"
        }


def test_rest_api_body_is_the_public_document(movies):
    resources = template_dict(movies)["Resources"]
    api = resources["RestApi"]["Properties"]

    assert api["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    assert api["FailOnWarnings"] is True and api["Mode"] == "overwrite"
    credentials = api["Body"]["paths"]["/movies"]["get"]["x-amazon-apigateway-integration"]["credentials"]
    assert credentials == {"Fn::GetAtt": ["FavoriteMoviesApigwReadRole", "Arn"]}
    role_names = {
        logical_id: resource["Properties"]["RoleName"]
        for logical_id, resource in resources.items()
        if resource["Type"] == "AWS::IAM::Role"
    }
    assert _plain(api["Body"], role_names) == without_extension(movies)


def test_deployment_is_named_after_the_document_hash(movies):
    resources = template_dict(movies)["Resources"]
    deployment_id = f"Deployment{Definition.of(movies).sha256[:12]}"

    assert resources[deployment_id]["Type"] == "AWS::ApiGateway::Deployment"
    assert resources["Stage"]["Properties"]["DeploymentId"] == {"Ref": deployment_id}
    changed = copy.deepcopy(movies)
    changed["info"]["version"] = "2.0.0"
    assert deployment_id not in template_dict(changed)["Resources"], "a new document makes a new deployment"


def of_type(resources: dict[str, Any], kind: str) -> dict[str, Any]:
    return {logical_id: r for logical_id, r in resources.items() if r["Type"] == f"AWS::ApiGateway::{kind}"}


def test_the_documentation_parts_deploy_publishes_are_in_the_template(movies):
    resources = template_dict(movies)["Resources"]
    parts = of_type(resources, "DocumentationPart")

    capitalised = {
        "type": "Type",
        "path": "Path",
        "method": "Method",
        "statusCode": "StatusCode",
        "name": "Name",
    }
    in_template = sorted(
        (
            json.dumps(part["Properties"]["Location"], sort_keys=True),
            json.loads(part["Properties"]["Properties"]),
        )
        for part in parts.values()
    )
    expected = sorted(
        (json.dumps({capitalised[k]: v for k, v in p["location"].items()}, sort_keys=True), p["properties"])
        for p in documentation_parts(movies)
    )
    assert in_template == expected and len(parts) == 67
    assert all(part["Properties"]["RestApiId"] == {"Ref": "RestApi"} for part in parts.values())
    [(version_id, version)] = of_type(resources, "DocumentationVersion").items()
    assert version["Properties"]["DocumentationVersion"] == documentation_version(movies)
    assert sorted(version["DependsOn"]) == sorted(parts), "the snapshot is taken once every part exists"
    stage = resources["Stage"]
    assert stage["Properties"]["DocumentationVersion"] == documentation_version(movies)
    assert stage["DependsOn"] == [version_id]


def test_a_changed_text_updates_parts_in_place_and_makes_a_new_version(movies):
    before = template_dict(movies)["Resources"]
    changed = copy.deepcopy(movies)
    changed["paths"]["/movies"]["get"]["summary"] = "List every favorite movie"

    after = template_dict(changed)["Resources"]

    assert sorted(of_type(after, "DocumentationPart")) == sorted(of_type(before, "DocumentationPart"))
    old, new = (r["DocumentationVersion"]["Properties"]["DocumentationVersion"] for r in (before, after))
    assert old != new


def test_cfn_lint_does_catch_a_broken_documentation_part(movies):
    template = template_dict(movies)
    [first, *_] = of_type(template["Resources"], "DocumentationPart")
    template["Resources"][first]["Properties"]["Location"]["Type"] = "ENDPOINT"

    assert lint(yaml.safe_dump(template)) != []


def test_a_template_over_cloudformations_resource_limit_is_refused(movies, monkeypatch):
    monkeypatch.setattr(cloudformation, "MAX_RESOURCES", 50)

    with pytest.raises(DocumentError, match=r"would hold 77 resources \(67 of them documentation parts\)"):
        template_dict(movies)


def test_export_command_writes_a_deterministic_template(movies_path, tmp_path, capsys):
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"

    assert main(["export", "cloudformation", str(movies_path), "--out", str(first), "--stage", "live"]) == 0
    assert main(["export", "cloudformation", str(movies_path), "--out", str(second), "--stage", "live"]) == 0

    assert first.read_bytes() == second.read_bytes()
    template = yaml.safe_load(first.read_text())
    assert template["Parameters"]["StageName"]["Default"] == "live"
    assert f"wrote {first}" in capsys.readouterr().out


def test_export_of_a_missing_document_says_what_to_do(tmp_path, capsys):
    missing = tmp_path / "nothing.yaml"

    assert main(["export", "cloudformation", str(missing), "--out", str(tmp_path / "t.yaml")]) == 2
    assert "Run `spec-compiler build`" in capsys.readouterr().err


def _plain(value: Any, role_names: dict[str, str]) -> Any:
    """Undo the template's intrinsics: role GetAtts and Fn::Sub back to the document's strings."""
    if isinstance(value, dict):
        if set(value) == {"Fn::Sub"}:
            return value["Fn::Sub"].replace("${!", "${")
        if set(value) == {"Fn::GetAtt"}:
            role_name = role_names[value["Fn::GetAtt"][0]]
            return "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + role_name
        return {key: _plain(inner, role_names) for key, inner in value.items()}
    if isinstance(value, list):
        return [_plain(item, role_names) for item in value]
    return value

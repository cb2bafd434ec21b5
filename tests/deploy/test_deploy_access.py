"""Deploy creates the API keys, usage plans and stage cache settings the document asks for, wires them to
the stage, prints them in the plan, and changes nothing the second time (against moto's server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import lint

from spec_compiler.compiler.openapi import generate_document
from spec_compiler.compiler.output import render_yaml
from spec_compiler.deploy.cloudformation import cloudformation_template, template_dict
from spec_compiler.document import load_document
from spec_compiler.model.discovery import load_api
from spec_compiler.model.ir import Cors, UsagePlan

ACCESS = Path(__file__).parents[1] / "fixtures" / "models" / "access"
PLANS = (
    UsagePlan("free", ("trial",), quota_limit=100, quota_period="DAY"),
    UsagePlan(
        "partners", ("partner-a", "partner-b"), rate=10, burst=20, quota_limit=1000, quota_period="MONTH"
    ),
)


@pytest.fixture
def access_document(tmp_path: Path) -> Path:
    api = load_api(
        ACCESS,
        title="Access API",
        version="1",
        description="Access control fixture.",
        cors=Cors("https://app.example.com", ("Content-Type",)),
        usage_plans=PLANS,
        cache_cluster_size="1.6",
    )
    path = tmp_path / "access.yaml"
    path.write_text(render_yaml(generate_document(api), "test document"))
    return path


def ours(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in items if (item.get("tags") or {}).get("spec-compiler:api")}


def test_dry_run_lists_keys_plans_and_cache(
    access_document: Path, deploy_cli: Any, clients: Any, capsys: Any
) -> None:
    assert deploy_cli(access_document, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "  cache " in out and "cluster 1.6 GB; GET /reviews 300 s, GET /reviews/{movie} 300 s" in out
    assert "rate 10/s, burst 20, quota 1000/MONTH; keys partner-a, partner-b; stage prod" in out
    for name in ("partner-a", "partner-b", "trial"):
        assert f"  apikey {name}" in out
    assert clients["apigateway"].get_api_keys()["items"] == []
    assert clients["apigateway"].get_usage_plans()["items"] == []


def test_deploy_creates_and_wires_keys_plans_and_cache(
    access_document: Path, deploy_cli: Any, clients: Any, capsys: Any
) -> None:
    assert deploy_cli(access_document) == 0
    out = capsys.readouterr().out
    apigateway = clients["apigateway"]
    (rest_api,) = apigateway.get_rest_apis()["items"]

    plans = ours(apigateway.get_usage_plans()["items"])
    assert sorted(plans) == ["free", "partners"]
    partners = plans["partners"]
    assert partners["throttle"] == {"rateLimit": 10.0, "burstLimit": 20}
    assert partners["quota"]["limit"] == 1000 and partners["quota"]["period"] == "MONTH"
    assert plans["free"]["quota"]["limit"] == 100 and "throttle" not in plans["free"]
    for plan in plans.values():
        assert plan["apiStages"] == [{"apiId": rest_api["id"], "stage": "prod"}]

    keys = ours(apigateway.get_api_keys()["items"])
    assert sorted(keys) == ["partner-a", "partner-b", "trial"]
    members = {
        name: {key["name"] for key in apigateway.get_usage_plan_keys(usagePlanId=plan["id"])["items"]}
        for name, plan in plans.items()
    }
    assert members == {"free": {"trial"}, "partners": {"partner-a", "partner-b"}}
    assert "--include-value" in out and keys["trial"]["id"] in out
    assert all(key.get("value") is None or key["value"] not in out for key in keys.values())

    stage = apigateway.get_stage(restApiId=rest_api["id"], stageName="prod")
    assert stage["cacheClusterEnabled"] is True and stage["cacheClusterSize"] == "1.6"
    settings = stage["methodSettings"]
    for key in ("~1reviews/GET", "~1reviews~1{movie}/GET"):
        assert settings[key]["cachingEnabled"] is True and settings[key]["cacheTtlInSeconds"] == 300

    assert deploy_cli(access_document) == 0
    assert "\n0 to change, " in capsys.readouterr().out
    assert len(apigateway.get_api_keys()["items"]) == 3 and len(apigateway.get_usage_plans()["items"]) == 2


def test_changed_limits_are_updated_in_place(
    access_document: Path, deploy_cli: Any, clients: Any, capsys: Any
) -> None:
    assert deploy_cli(access_document) == 0
    text = access_document.read_text().replace("rateLimit: 10", "rateLimit: 5")
    access_document.write_text(text)
    capsys.readouterr()
    assert deploy_cli(access_document) == 0
    assert "plan   partners" in capsys.readouterr().out
    plans = ours(clients["apigateway"].get_usage_plans()["items"])
    assert plans["partners"]["throttle"]["rateLimit"] == 5.0
    assert len(plans) == 2


def test_the_cloudformation_export_has_the_same_keys_plans_and_cache(access_document: Path) -> None:
    document = load_document(access_document)
    assert [str(match) for match in lint(cloudformation_template(document), regions=["eu-west-1"])] == []
    resources = template_dict(document)["Resources"]
    stage = resources["Stage"]["Properties"]
    assert stage["CacheClusterEnabled"] is True and stage["CacheClusterSize"] == "1.6"
    assert {
        (s["ResourcePath"], s["HttpMethod"], s["CacheTtlInSeconds"]) for s in stage["MethodSettings"]
    } == {
        ("/~1reviews", "GET", 300),
        ("/~1reviews~1{movie}", "GET", 300),
    }
    partners = resources["PartnersUsagePlan"]["Properties"]
    assert partners["Throttle"] == {"RateLimit": 10, "BurstLimit": 20}
    assert partners["ApiStages"] == [{"ApiId": {"Ref": "RestApi"}, "Stage": {"Ref": "Stage"}}]
    links = {
        (r["Properties"]["UsagePlanId"]["Ref"], r["Properties"]["KeyId"]["Ref"])
        for r in resources.values()
        if r["Type"] == "AWS::ApiGateway::UsagePlanKey"
    }
    assert links == {
        ("FreeUsagePlan", "TrialApiKey"),
        ("PartnersUsagePlan", "PartnerAApiKey"),
        ("PartnersUsagePlan", "PartnerBApiKey"),
    }

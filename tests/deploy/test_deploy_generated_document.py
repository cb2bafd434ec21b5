"""Deploy and export the project's own generated document, `openapi.generated.yaml`, end to end."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from cfnlint.api import lint as cfn_lint

from spec_compiler.deploy.cloudformation import cloudformation_template
from spec_compiler.document import operations, roles

GENERATED = Path(__file__).resolve().parents[2] / "openapi.generated.yaml"
pytestmark = pytest.mark.skipif(not GENERATED.exists(), reason=f"{GENERATED} not built yet")

# The contract's operations and the DynamoDB action each one calls (notes/compiler-contract.md).
CONTRACT_ACTIONS = {
    "get": "GetItem",
    "list": "Scan",
    "query": "Query",
    "put": "PutItem",
    "create": "PutItem",
    "patch": "UpdateItem",
    "delete": "DeleteItem",
}
READ_OPERATIONS = {"get", "list", "query"}


@pytest.fixture(scope="module")
def generated() -> dict[str, Any]:
    return yaml.safe_load(GENERATED.read_text(encoding="utf-8"))


def expected_grants(document: dict[str, Any]) -> dict[str, list[str]]:
    """Each role's actions worked out from the contract (operationId `<op><Entity>`), not from the uris."""
    tables_by_access = {(role.table, role.access): role.name for role in roles(document)}
    grants: dict[str, set[str]] = {}
    for operation in operations(document):
        op = re.match(r"[a-z]+", operation.spec["operationId"]).group(0)
        access = "read" if op in READ_OPERATIONS else "write"
        table = re.search(r'"TableName"\s*:\s*"([^"]+)"', str(operation.integration["requestTemplates"]))
        role = tables_by_access[(table.group(1), access)]
        grants.setdefault(role, set()).add(f"dynamodb:{CONTRACT_ACTIONS[op]}")
    return {role: sorted(actions) for role, actions in grants.items()}


def test_generated_document_deploys_with_exactly_the_contract_actions(generated, deploy_cli, clients, capsys):
    assert deploy_cli(GENERATED) == 0
    capsys.readouterr()
    assert deploy_cli(GENERATED) == 0
    assert "\n0 to change, " in capsys.readouterr().out

    iam = clients["iam"]
    granted = {}
    for role in roles(generated):
        policy = iam.get_role_policy(RoleName=role.name, PolicyName="spec-compiler-dynamodb")
        [statement] = policy["PolicyDocument"]["Statement"]
        assert statement["Resource"] == [f"arn:aws:dynamodb:eu-west-1:123456789012:table/{role.table}"]
        granted[role.name] = statement["Action"]
    assert granted == expected_grants(generated)
    [api] = clients["apigateway"].get_rest_apis()["items"]
    assert len(clients["apigateway"].get_deployments(restApiId=api["id"])["items"]) == 1


def test_generated_document_exports_a_template_that_passes_cfn_lint(generated):
    assert [str(match) for match in cfn_lint(cloudformation_template(generated), regions=["us-east-1"])] == []

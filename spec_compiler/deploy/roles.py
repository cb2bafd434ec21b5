"""Least-privilege IAM roles for the integrations, derived from the document alone.

Each role may call exactly the DynamoDB actions of the integrations whose `credentials` name it (the
`action/<Action>` at the end of their `uri`), on exactly its table's ARN, and nothing else: so the read
role cannot write. The role trusts only API Gateway. A role that already exists is brought to exactly
this state: its trust policy is reset, its one inline policy replaced, any other inline policy removed
and any managed policy detached.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from spec_compiler.deploy.aws import API_TAG, Aws
from spec_compiler.deploy.changes import Change
from spec_compiler.document import Role, operations, roles, tables
from spec_compiler.errors import DocumentError

STEP = "roles"
POLICY_NAME = "spec-compiler-dynamodb"
TRUST_POLICY: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "apigateway.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
READ_ACTIONS = frozenset({"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"})

# ARNs may hold `${AWS::Partition}`-style variables, whose `::` rules out splitting on colons.
_ROLE_ARN = re.compile(r"^arn:.+:iam::.+:role/(?:.*/)?(?P<name>[^/]+)$")
_DYNAMODB_URI = re.compile(r"^arn:.+:apigateway:.+:dynamodb:action/(?P<action>[A-Za-z]+)$")


@dataclass(frozen=True)
class RoleGrant:
    """A role, and the DynamoDB actions (`dynamodb:<Action>`, sorted) its integrations call."""

    role: Role
    actions: tuple[str, ...]

    def policy(self, table_arn: Any) -> dict[str, Any]:
        """The inline policy: these actions on this table; `table_arn` may be a CloudFormation GetAtt."""
        return {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "TableAccess",
                    "Effect": "Allow",
                    "Action": list(self.actions),
                    "Resource": [table_arn],
                }
            ],
        }

    def summary(self) -> str:
        return f"{', '.join(self.actions)} on table {self.role.table}"


def role_grants(document: dict[str, Any]) -> list[RoleGrant]:
    """Every role of the document with the actions its integrations need, checked for consistency."""
    described = {role.name: role for role in roles(document)}
    table_names = {table.name for table in tables(document)}
    actions: dict[str, set[str]] = {name: set() for name in described}
    for operation in operations(document):
        integration = operation.integration or {}
        uri = _DYNAMODB_URI.match(str(integration.get("uri", "")))
        if uri is None:
            continue
        where = f"{operation.method.upper()} {operation.path}"
        role_arn = _ROLE_ARN.match(str(integration.get("credentials", "")))
        if role_arn is None:
            raise DocumentError(
                f"{where} calls DynamoDB without a role ARN in `credentials`; rebuild the document."
            )
        name = role_arn.group("name")
        if name not in described:
            raise DocumentError(
                f"{where} uses role {name}, which x-spec-compiler.roles does not list; rebuild."
            )
        actions[name].add(uri.group("action"))
    grants = []
    for name, role in described.items():
        if role.table not in table_names:
            raise DocumentError(f"role {name} is for table {role.table}, which x-spec-compiler.tables lacks.")
        if not actions[name]:
            raise DocumentError(f"role {name} is listed but no integration uses it; rebuild the document.")
        if role.access == "read" and not actions[name] <= READ_ACTIONS:
            writes = ", ".join(sorted(actions[name] - READ_ACTIONS))
            raise DocumentError(f"read role {name} is used by integrations that write ({writes}); rebuild.")
        grants.append(RoleGrant(role, tuple(f"dynamodb:{action}" for action in sorted(actions[name]))))
    return grants


def role_description(role: Role) -> str:
    """The role's IAM description, the same from deploy and from the CloudFormation export."""
    return f"API Gateway {role.access} access to DynamoDB table {role.table} (spec-compiler)"


@dataclass(frozen=True)
class RoleChange(Change):
    """A role's change and exactly which calls bring it to the wanted state."""

    grant: RoleGrant | None = None
    policy: dict[str, Any] = field(default_factory=dict)
    reset_trust: bool = False
    put_policy: bool = False
    extra_inline: tuple[str, ...] = ()
    attached: tuple[str, ...] = ()


def read_role(aws: Aws, grant: RoleGrant) -> RoleChange:
    """Compare the role in IAM with the wanted trust and policy; reads only."""
    name = grant.role.name
    policy = grant.policy(aws.table_arn(grant.role.table))
    found = aws.call(STEP, aws.iam.get_role, absent=("NoSuchEntity",), RoleName=name)
    if found is None:
        return RoleChange("role", name, "create", grant.summary(), grant, policy)
    reset_trust = _canonical(found["Role"].get("AssumeRolePolicyDocument")) != _canonical(TRUST_POLICY)
    inline = aws.call(STEP, aws.iam.list_role_policies, RoleName=name, MaxItems=1000)["PolicyNames"]
    current = None
    if POLICY_NAME in inline:
        current = aws.call(STEP, aws.iam.get_role_policy, RoleName=name, PolicyName=POLICY_NAME)[
            "PolicyDocument"
        ]
    put_policy = _canonical(current) != _canonical(policy)
    extra_inline = tuple(sorted(set(inline) - {POLICY_NAME}))
    attached_list = aws.call(STEP, aws.iam.list_attached_role_policies, RoleName=name, MaxItems=1000)
    attached = tuple(sorted(item["PolicyArn"] for item in attached_list["AttachedPolicies"]))
    reasons = [
        *(["trust only apigateway.amazonaws.com"] if reset_trust else []),
        *([f"policy: {grant.summary()}"] if put_policy else []),
        *(f"remove inline policy {extra}" for extra in extra_inline),
        *(f"detach {arn}" for arn in attached),
    ]
    action = "update" if reasons else "unchanged"
    return RoleChange(
        "role",
        name,
        action,
        "; ".join(reasons),
        grant,
        policy,
        reset_trust,
        put_policy,
        extra_inline,
        attached,
    )


def apply_role(aws: Aws, change: RoleChange, api_tag: str) -> None:
    """Create the role, or make exactly the calls `read_role` found necessary."""
    assert change.grant is not None
    name = change.name
    if change.action == "create":
        aws.call(
            STEP,
            aws.iam.create_role,
            RoleName=name,
            AssumeRolePolicyDocument=json.dumps(TRUST_POLICY),
            Description=role_description(change.grant.role),
            Tags=[{"Key": API_TAG, "Value": api_tag}],
        )
    if change.reset_trust:
        aws.call(
            STEP, aws.iam.update_assume_role_policy, RoleName=name, PolicyDocument=json.dumps(TRUST_POLICY)
        )
    if change.action == "create" or change.put_policy:
        aws.call(
            STEP,
            aws.iam.put_role_policy,
            RoleName=name,
            PolicyName=POLICY_NAME,
            PolicyDocument=json.dumps(change.policy),
        )
    for extra in change.extra_inline:
        aws.call(STEP, aws.iam.delete_role_policy, RoleName=name, PolicyName=extra)
    for arn in change.attached:
        aws.call(STEP, aws.iam.detach_role_policy, RoleName=name, PolicyArn=arn)


_LIST_KEYS = frozenset({"Action", "NotAction", "Resource", "NotResource", "Service", "AWS"})


def _canonical(value: Any, key: str = "") -> Any:
    """A policy in a form where equal meaning compares equal (a one-string list is the string)."""
    if isinstance(value, str) and value.startswith("{"):
        value = json.loads(value)
    if key == "Statement" and isinstance(value, dict):
        value = [value]
    if isinstance(value, dict):
        return {item: _canonical(inner, item) for item, inner in sorted(value.items())}
    if isinstance(value, list) or (isinstance(value, str) and key in _LIST_KEYS):
        items = value if isinstance(value, list) else [value]
        return sorted((_canonical(item) for item in items), key=lambda item: json.dumps(item, sort_keys=True))
    return value

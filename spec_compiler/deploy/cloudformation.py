"""`export cloudformation`: the resources `deploy` manages, as one CloudFormation template.

Same tables (retained on stack deletion and replacement), same least-privilege roles (the policies come
from `roles.role_grants`, with the table ARN as a `GetAtt`), the REST API with the public document as its
`Body` (integration `credentials` become the roles' `GetAtt ... Arn`, other `${AWS::...}` strings become
`Fn::Sub`), a deployment named after the document's hash (so a changed document makes a new one), the
stage, and the same documentation parts as deploy publishes: one `DocumentationPart` per part (named after
its location, so a changed text updates it in place), the `DocumentationVersion` that snapshots them once
they all exist, and the stage showing it. Pure: a document in, YAML text out, byte-for-byte deterministic.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import yaml

from spec_compiler.deploy.apigateway import IMPORT_PARAMETERS, STAGE_NAME_PATTERN, Definition, api_tag_value
from spec_compiler.deploy.aws import API_TAG
from spec_compiler.deploy.documentation import Documentation, location_key, properties_text
from spec_compiler.deploy.roles import POLICY_NAME, TRUST_POLICY, RoleGrant, role_description, role_grants
from spec_compiler.document import (
    INTEGRATION,
    StageCache,
    Table,
    UsagePlan,
    stage_cache,
    tables,
    usage_plans,
    without_extension,
)
from spec_compiler.errors import DocumentError

_AWS_VARIABLE = "${AWS::"
MAX_RESOURCES = 500  # CloudFormation's limit per template
_LOCATION_PROPERTIES = {
    "type": "Type",
    "path": "Path",
    "method": "Method",
    "statusCode": "StatusCode",
    "name": "Name",
}


def cloudformation_template(document: dict[str, Any], *, stage: str = "prod", name: str | None = None) -> str:
    """The template as YAML text."""
    return _dump(template_dict(document, stage=stage, name=name))


def template_dict(
    document: dict[str, Any], *, stage: str = "prod", name: str | None = None
) -> dict[str, Any]:
    """The template as a dict: tables, roles, RestApi, Deployment, Stage, documentation parts and their
    version, and the invoke URL as output."""
    api_tag = api_tag_value(document, name)
    tags = [{"Key": API_TAG, "Value": api_tag}]
    grants = role_grants(document)
    documentation = Documentation.of(document)
    definition = Definition.of(document)
    resources: dict[str, Any] = {}
    table_ids: dict[str, str] = {}
    for table in tables(document):
        table_ids[table.name] = _add(resources, _logical_id(table.name, "Table"), _table(table, tags))
    role_ids = {
        grant.role.name: _add(resources, _logical_id(grant.role.name, "Role"), _role(grant, table_ids, tags))
        for grant in grants
    }
    endpoint_types = [IMPORT_PARAMETERS["endpointConfigurationTypes"]]
    resources["RestApi"] = {
        "Type": "AWS::ApiGateway::RestApi",
        "Properties": {
            "Body": _body(without_extension(document), role_ids),
            "EndpointConfiguration": {"Types": endpoint_types},
            "FailOnWarnings": True,
            "Mode": "overwrite",
            "Tags": tags,
        },
    }
    deployment_id = f"Deployment{definition.sha256[:12]}"
    resources[deployment_id] = {
        "Type": "AWS::ApiGateway::Deployment",
        "Properties": {"RestApiId": {"Ref": "RestApi"}, "Description": f"spec-compiler {definition.marker}"},
    }
    part_ids = [_add(resources, _part_id(part), _part(part)) for part in documentation.parts]
    resources["DocumentationVersion"] = {
        "Type": "AWS::ApiGateway::DocumentationVersion",
        "DependsOn": part_ids,  # the snapshot is taken of the parts that exist when it is created
        "Properties": {
            "RestApiId": {"Ref": "RestApi"},
            "DocumentationVersion": documentation.version,
            "Description": f"spec-compiler: {len(part_ids)} documentation parts",
        },
    }
    resources["Stage"] = {
        "Type": "AWS::ApiGateway::Stage",
        "DependsOn": ["DocumentationVersion"],
        "Properties": {
            "RestApiId": {"Ref": "RestApi"},
            "DeploymentId": {"Ref": deployment_id},
            "StageName": {"Ref": "StageName"},
            "DocumentationVersion": documentation.version,
        },
    }
    _add_cache(resources["Stage"]["Properties"], stage_cache(document))
    _add_usage_plans(resources, usage_plans(document), tags)
    if len(resources) > MAX_RESOURCES:
        raise DocumentError(
            f"the CloudFormation template would hold {len(resources)} resources ({len(part_ids)} of them "
            f"documentation parts); CloudFormation allows {MAX_RESOURCES}. Shorten the API's documentation "
            "(fewer described parameters and responses), or use `spec-compiler deploy`, which has no limit."
        )
    info = document.get("info") or {}
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"{info.get('title', api_tag)} {info.get('version', '')}".strip()
        + ": DynamoDB tables, least-privilege roles, REST API and stage (generated by spec-compiler).",
        "Parameters": {
            "StageName": {
                "Type": "String",
                "Default": stage,
                "AllowedPattern": STAGE_NAME_PATTERN,
                "Description": "The stage to deploy the API to.",
            }
        },
        "Resources": resources,
        "Outputs": {
            "InvokeUrl": {
                "Description": "The stage's invoke URL.",
                "Value": {
                    "Fn::Sub": "https://${RestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${StageName}"
                },
            }
        },
    }


def _add_cache(stage: dict[str, Any], cache: StageCache | None) -> None:
    """The stage cache cluster and each cached method's TTL, as the Stage's own properties."""
    if cache is None:
        return
    stage["CacheClusterEnabled"] = True
    stage["CacheClusterSize"] = cache.cluster_size
    stage["MethodSettings"] = [
        {
            "ResourcePath": "/" + method.path.replace("~", "~0").replace("/", "~1"),
            "HttpMethod": method.method,
            "CachingEnabled": True,
            "CacheTtlInSeconds": method.ttl,
        }
        for method in cache.methods
    ]


def _add_usage_plans(resources: dict[str, Any], plans: list[UsagePlan], tags: list[dict[str, str]]) -> None:
    """Each usage plan on the stage, each API key (its value generated by AWS) in its plan."""
    for plan in plans:
        properties: dict[str, Any] = {
            "UsagePlanName": plan.name,
            "ApiStages": [{"ApiId": {"Ref": "RestApi"}, "Stage": {"Ref": "Stage"}}],
            "Tags": tags,
        }
        throttle = {
            **({"RateLimit": plan.rate_limit} if plan.rate_limit is not None else {}),
            **({"BurstLimit": plan.burst_limit} if plan.burst_limit is not None else {}),
        }
        if throttle:
            properties["Throttle"] = throttle
        if plan.quota_limit is not None:
            properties["Quota"] = {"Limit": plan.quota_limit, "Period": plan.quota_period}
        plan_id = _add(
            resources,
            _logical_id(plan.name, "UsagePlan"),
            {
                "Type": "AWS::ApiGateway::UsagePlan",
                "Properties": properties,
            },
        )
        for key in plan.api_keys:
            key_id = _add(
                resources,
                _logical_id(key, "ApiKey"),
                {
                    "Type": "AWS::ApiGateway::ApiKey",
                    "Properties": {"Name": key, "Enabled": True, "Tags": tags},
                },
            )
            _add(
                resources,
                _logical_id(f"{plan.name} {key}", "UsagePlanKey"),
                {
                    "Type": "AWS::ApiGateway::UsagePlanKey",
                    "Properties": {
                        "KeyId": {"Ref": key_id},
                        "KeyType": "API_KEY",
                        "UsagePlanId": {"Ref": plan_id},
                    },
                },
            )


def _table(table: Table, tags: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "Type": "AWS::DynamoDB::Table",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            "TableName": table.name,
            **table.key_schema(),
            "BillingMode": "PAY_PER_REQUEST",
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
            "Tags": tags,
        },
    }


def _role(grant: RoleGrant, table_ids: dict[str, str], tags: list[dict[str, str]]) -> dict[str, Any]:
    role = grant.role
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "RoleName": role.name,
            "Description": role_description(role),
            "AssumeRolePolicyDocument": TRUST_POLICY,
            "Policies": [
                {
                    "PolicyName": POLICY_NAME,
                    "PolicyDocument": grant.policy({"Fn::GetAtt": [table_ids[role.table], "Arn"]}),
                }
            ],
            "Tags": tags,
        },
    }


def _part(part: dict[str, Any]) -> dict[str, Any]:
    location = {_LOCATION_PROPERTIES[key]: value for key, value in part["location"].items()}
    return {
        "Type": "AWS::ApiGateway::DocumentationPart",
        "Properties": {
            "RestApiId": {"Ref": "RestApi"},
            "Location": location,
            "Properties": properties_text(part),
        },
    }


def _part_id(part: dict[str, Any]) -> str:
    """Named after what the part documents (its type and a hash of its location), never its text."""
    digest = hashlib.sha256(json.dumps(location_key(part["location"])).encode("utf-8")).hexdigest()
    return f"Doc{_logical_id(part['location']['type'].lower(), '')}{digest[:10]}"


def _body(value: Any, role_ids: dict[str, str], key: str = "") -> Any:
    """The document with role ARNs as GetAtt and `${AWS::...}` strings as Fn::Sub."""
    if isinstance(value, dict):
        if key == INTEGRATION and isinstance(value.get("credentials"), str):
            role_name = value["credentials"].rsplit("/", 1)[-1]
            if role_name in role_ids:
                value = {**value, "credentials": {"Fn::GetAtt": [role_ids[role_name], "Arn"]}}
        return {item: _body(inner, role_ids, item) for item, inner in value.items()}
    if isinstance(value, list):
        return [_body(item, role_ids) for item in value]
    if isinstance(value, str) and _AWS_VARIABLE in value:
        # In Fn::Sub, a literal `${` is written `${!`; only `${AWS::...}` is substituted.
        return {"Fn::Sub": re.sub(r"\$\{(?!AWS::)", "${!", value)}
    return value


def _logical_id(name: str, suffix: str) -> str:
    words = re.split(r"[^A-Za-z0-9]+", name)
    return "".join(word[:1].upper() + word[1:] for word in words if word) + suffix


def _add(resources: dict[str, Any], logical_id: str, resource: dict[str, Any]) -> str:
    if logical_id in resources:
        raise DocumentError(f"two resources would share the CloudFormation id {logical_id}; rename one.")
    resources[logical_id] = resource
    return logical_id


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (mapping templates) as literal blocks, so the template stays readable; no
    anchors or aliases, which CloudFormation does not accept."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(template: dict[str, Any]) -> str:
    return yaml.dump(template, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)

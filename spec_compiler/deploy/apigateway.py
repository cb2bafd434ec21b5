"""The REST API and its stage: import once, overwrite afterwards, deploy only what is not yet served.

The API is found by a tag deploy sets (`spec-compiler:api`), never by its name, which another API could
share. A second tag records the sha256 of the definition last imported, and every deployment's
description carries the sha256 it serves, so an unchanged document changes nothing. Import and put
use `failOnWarnings=True`, and any warning that still comes back is an error: AWS would otherwise drop
what it cannot import. A failed import or put stops before the stage, which keeps serving what it served.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from spec_compiler.deploy.aws import API_TAG, Aws
from spec_compiler.deploy.changes import Change
from spec_compiler.deploy.errors import DeployError
from spec_compiler.document import INTEGRATION, resolve_aws_variables, without_extension
from spec_compiler.errors import DocumentError

API_STEP = "api"
STAGE_STEP = "stage"
HASH_TAG = "spec-compiler:sha256"
IMPORT_PARAMETERS = {"endpointConfigurationTypes": "REGIONAL"}
_UNTOUCHED = (
    "The stage was not touched and still serves its previous deployment. Fix the document "
    "(`spec-compiler validate`), then deploy again."
)
STAGE_NAME_PATTERN = "^[A-Za-z0-9_-]{1,128}$"  # API Gateway's rule, also the CloudFormation parameter's
_STAGE_NAME = re.compile(STAGE_NAME_PATTERN)


@dataclass(frozen=True)
class Definition:
    """The document as API Gateway receives it (JSON, without the project's extension) and its sha256."""

    body: bytes
    sha256: str

    @classmethod
    def of(cls, document: dict[str, Any]) -> Definition:
        body = json.dumps(without_extension(document), ensure_ascii=False, default=str).encode("utf-8")
        return cls(body, hashlib.sha256(body).hexdigest())

    def body_for(self, aws: Aws) -> bytes:
        """AWS resolves `${AWS::...}` at import; emulators (moto, LocalStack) do not, so we do it for them.

        moto's import also fails on a mock integration (a CORS preflight) without `uri` and `httpMethod`,
        which AWS neither needs nor wants; emulators get empty ones.
        """
        if not aws.emulated:
            return self.body
        resolved = resolve_aws_variables(
            self.body.decode("utf-8"), partition=aws.partition, region=aws.region, account_id=aws.account_id
        )
        document = json.loads(resolved)
        for path_item in (document.get("paths") or {}).values():
            for method, operation in path_item.items():
                integration = operation.get(INTEGRATION) if isinstance(operation, dict) else None
                if integration and integration.get("type") == "mock":
                    integration.setdefault("uri", "")
                    integration.setdefault("httpMethod", method.upper())
        return json.dumps(document, ensure_ascii=False).encode("utf-8")

    @property
    def marker(self) -> str:
        return f"sha256:{self.sha256}"


def api_tag_value(document: dict[str, Any], name: str | None = None) -> str:
    """The stable identity of the API in the account: `--name`, else the document's title, as a slug."""
    source = name if name is not None else str((document.get("info") or {}).get("title", ""))
    slug = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")[:128]
    if not slug:
        raise DocumentError("the API needs a name: give the document an info.title, or pass --name.")
    return slug


def check_stage_name(stage: str) -> str:
    if not _STAGE_NAME.match(stage):
        raise DocumentError(f"stage name {stage!r} is not valid: use 1-128 letters, digits, '-' or '_'.")
    return stage


@dataclass(frozen=True)
class ApiChange(Change):
    """The API's change; `rest_api_id` is set when it exists already."""

    rest_api_id: str | None = None


@dataclass(frozen=True)
class StageChange(Change):
    """The stage's change; `deployment_id` is the deployment it serves now, if any, and
    `documentation_version` the documentation snapshot it shows."""

    deployment_id: str | None = None
    documentation_version: str | None = None
    # The stage as get_stage described it (cache settings are read from it); None when it does not exist.
    found: dict[str, Any] | None = field(default=None, compare=False, repr=False)


def read_api(aws: Aws, api_tag: str, definition: Definition) -> ApiChange:
    """Find the API carrying our tag and say whether its definition is already this one."""
    apis = aws.items(API_STEP, aws.apigateway.get_rest_apis) or []
    tagged = [api for api in apis if (api.get("tags") or {}).get(API_TAG) == api_tag]
    if len(tagged) > 1:
        ids = ", ".join(sorted(api["id"] for api in tagged))
        raise DeployError(
            API_STEP,
            f"more than one REST API carries the tag {API_TAG}={api_tag} ({ids}).",
            "Remove the tag from all but the one to keep, then deploy again.",
        )
    if not tagged:
        return ApiChange("api", api_tag, "create", "import (regional endpoint)")
    api = tagged[0]
    if (api.get("tags") or {}).get(HASH_TAG) == definition.sha256:
        return ApiChange("api", api_tag, "unchanged", f"{api['id']} has {definition.marker[:19]}", api["id"])
    return ApiChange(
        "api", api_tag, "update", f"overwrite {api['id']} with {definition.marker[:19]}", api["id"]
    )


def apply_api(aws: Aws, change: ApiChange, api_tag: str, definition: Definition) -> str:
    """Import or overwrite the API as `change` says; returns its id. Never touches a stage."""
    if change.rest_api_id is not None and change.action == "unchanged":
        return change.rest_api_id
    body = definition.body_for(aws)
    if change.rest_api_id is None:
        imported = aws.call(
            API_STEP,
            aws.apigateway.import_rest_api,
            advice=_UNTOUCHED,
            body=body,
            failOnWarnings=True,
            parameters=IMPORT_PARAMETERS,
        )
        rest_api_id = imported["id"]
        _tag(aws, rest_api_id, {API_TAG: api_tag}, first=True)
        _reject_warnings(imported, "import_rest_api")
    else:
        rest_api_id = change.rest_api_id
        put = aws.call(
            API_STEP,
            aws.apigateway.put_rest_api,
            advice=_UNTOUCHED,
            restApiId=rest_api_id,
            mode="overwrite",
            failOnWarnings=True,
            body=body,
        )
        _reject_warnings(put, "put_rest_api")
    _tag(aws, rest_api_id, {HASH_TAG: definition.sha256})
    return rest_api_id


def read_stage(aws: Aws, api: ApiChange, stage: str, definition: Definition) -> StageChange:
    """Whether the stage already serves a deployment of this definition."""
    deploy = f"deploy {definition.marker[:19]}"
    if api.rest_api_id is None:
        return StageChange("stage", stage, "create", deploy)
    found = aws.call(
        STAGE_STEP,
        aws.apigateway.get_stage,
        absent=("NotFoundException",),
        restApiId=api.rest_api_id,
        stageName=stage,
    )
    if found is None:
        return StageChange("stage", stage, "create", deploy)
    shown = found.get("documentationVersion")
    if not found.get("deploymentId"):
        return StageChange("stage", stage, "create", deploy, documentation_version=shown, found=found)
    deployment = aws.call(
        STAGE_STEP,
        aws.apigateway.get_deployment,
        absent=("NotFoundException",),
        restApiId=api.rest_api_id,
        deploymentId=found["deploymentId"],
    )
    if definition.marker in str((deployment or {}).get("description", "")):
        return StageChange(
            "stage",
            stage,
            "unchanged",
            f"serves {definition.marker[:19]}",
            found["deploymentId"],
            shown,
            found,
        )
    return StageChange("stage", stage, "update", deploy, found["deploymentId"], shown, found)


def apply_stage(aws: Aws, change: StageChange, rest_api_id: str, definition: Definition) -> str | None:
    """Create a deployment on the stage unless it already serves this definition; returns its id."""
    if change.action == "unchanged":
        return None
    created = aws.call(
        STAGE_STEP,
        aws.apigateway.create_deployment,
        restApiId=rest_api_id,
        stageName=change.name,
        description=f"spec-compiler {definition.marker}",
    )
    return created["id"]


def invoke_url(aws: Aws, rest_api_id: str, stage: str) -> str:
    return f"https://{rest_api_id}.execute-api.{aws.region}.{aws.dns_suffix}/{stage}"


def _tag(aws: Aws, rest_api_id: str, tags: dict[str, str], *, first: bool = False) -> None:
    arn = f"arn:{aws.partition}:apigateway:{aws.region}::/restapis/{rest_api_id}"
    try:
        aws.call(API_STEP, aws.apigateway.tag_resource, resourceArn=arn, tags=tags)
    except DeployError as error:
        if not first:
            raise
        raise DeployError(
            API_STEP,
            f"REST API {rest_api_id} was imported but could not be tagged, so the next deploy would not "
            f"find it ({error.problem}).",
            f"Tag it yourself: aws apigateway tag-resource --resource-arn {arn} "
            f"--tags {API_TAG}={tags[API_TAG]} ; then deploy again.",
        ) from None


def _reject_warnings(response: dict[str, Any], operation: str) -> None:
    warnings = response.get("warnings") or []
    if warnings:
        raise DeployError(
            API_STEP,
            f"{operation} returned warnings, so API Gateway dropped part of the document: "
            + "; ".join(warnings),
            _UNTOUCHED,
        )

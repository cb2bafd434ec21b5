"""The deployed API's own documentation: the parts `spec-compiler docs` computes, published on the stage.

API Gateway keeps an API's documentation apart from its definition, as DocumentationPart resources that a
DocumentationVersion snapshots and a stage shows; the stage's export then carries them. Deploy brings the
API's parts to exactly the set `spec_compiler.docs.documentation_parts` computes from the document
(creating what is missing, updating what differs, deleting what is stale), snapshots them as the version
`spec_compiler.docs.documentation_version` names (a hash of every part, so an existing version already
holds these parts and is never re-created) and points the stage at it.

AWS documents what `put_rest_api(mode="overwrite")` does to the API's entities ("items from an existing
API that aren't specifically defined in the imported definition are deleted", developer guide, "Import an
OpenAPI file to update an existing API definition") and what `ImportDocumentationParts` overwrite does to
parts ("the entire DocumentationParts collection is replaced", "Import API documentation"), but not what
an API overwrite does to documentation parts. So deploy relies on neither: after an import or overwrite it
reads the parts again and reconciles against what is really there.

Emulators: moto 5 has no documentation parts, and answers a bare HTTP 404 (no API Gateway error type)
for every such call. Only when deploy talks to an emulator (`--endpoint-url`) is that answer taken to mean
"not implemented": the documentation step is skipped and the output says so. Against AWS the same answer
would be an error like any other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from spec_compiler.deploy.apigateway import ApiChange, StageChange
from spec_compiler.deploy.aws import Aws
from spec_compiler.deploy.changes import Change
from spec_compiler.deploy.errors import DeployError
from spec_compiler.docs import PublicationError, documentation_extension

STEP = "docs"
# What an emulator answers for a route it does not implement: the HTTP status, no API Gateway error type.
UNIMPLEMENTED = "404"
# Which location fields locate each entity type, and the value AWS assumes when one is left out
# (developer guide, "Representation of API documentation in API Gateway": path `/`, method and statusCode
# `*`). Other fields do not apply to the type and are not compared.
_PATH = ("path", "/")
_METHOD = ("method", "*")
_STATUS = ("statusCode", "*")
_NAME = ("name", None)
_LOCATION_FIELDS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "API": (),
    "AUTHORIZER": (_NAME,),
    "MODEL": (_NAME,),
    "RESOURCE": (_PATH,),
    "METHOD": (_PATH, _METHOD),
    "PATH_PARAMETER": (_PATH, _METHOD, _NAME),
    "QUERY_PARAMETER": (_PATH, _METHOD, _NAME),
    "REQUEST_HEADER": (_PATH, _METHOD, _NAME),
    "REQUEST_BODY": (_PATH, _METHOD, _NAME),
    "RESPONSE": (_PATH, _METHOD, _STATUS),
    "RESPONSE_HEADER": (_PATH, _METHOD, _STATUS, _NAME),
    "RESPONSE_BODY": (_PATH, _METHOD, _STATUS),
}


@dataclass(frozen=True)
class Documentation:
    """What the document says the API's documentation is: its version name and every part."""

    version: str
    parts: tuple[dict[str, Any], ...]

    @classmethod
    def of(cls, document: dict[str, Any]) -> Documentation:
        """Raises before any AWS call when the documentation would reveal internals."""
        try:
            extension = documentation_extension(document)
        except PublicationError as error:
            raise DeployError(STEP, str(error), "Nothing was changed.") from None
        return cls(extension["version"], tuple(extension["documentationParts"]))


@dataclass(frozen=True)
class PartsDiff:
    """The calls that bring an API's parts to the wanted set: parts to create, (id, part) to update, ids
    to delete."""

    create: tuple[dict[str, Any], ...] = ()
    update: tuple[tuple[str, dict[str, Any]], ...] = ()
    delete: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.create or self.update or self.delete)

    def summary(self) -> str:
        counts = (("create", self.create), ("update", self.update), ("delete", self.delete))
        return ", ".join(f"{verb} {len(items)}" for verb, items in counts if items)


@dataclass(frozen=True)
class DocsChange(Change):
    """The documentation's change. `diff` is what the plan read (None while the API does not exist yet);
    `skipped` says why the endpoint cannot take documentation parts."""

    documentation: Documentation = field(default_factory=lambda: Documentation("", ()))
    diff: PartsDiff | None = None
    version_exists: bool = False
    stage_version: str | None = None
    skipped: str | None = None

    @classmethod
    def skip(cls, documentation: Documentation, reason: str) -> DocsChange:
        return cls("docs", documentation.version, "skipped", reason, documentation, skipped=reason)


def location_key(location: dict[str, Any]) -> tuple[Any, ...]:
    """A part's identity: its type and the fields that locate that type, AWS's defaults filled in."""
    kind = str(location.get("type"))
    fields = _LOCATION_FIELDS.get(kind, (_PATH, _METHOD, _STATUS, _NAME))
    return (kind, *(location.get(name) or default for name, default in fields))


def properties_text(part: dict[str, Any]) -> str:
    """The properties as API Gateway stores them: a JSON string (sorted, so it is deterministic)."""
    return json.dumps(part["properties"], sort_keys=True, ensure_ascii=False)


def diff_parts(existing: list[dict[str, Any]], wanted: tuple[dict[str, Any], ...]) -> PartsDiff:
    """Compare the API's parts (as GetDocumentationParts returns them) with the wanted ones."""
    found = {location_key(part.get("location") or {}): part for part in existing}
    create, update = [], []
    for part in wanted:
        current = found.pop(location_key(part["location"]), None)
        if current is None:
            create.append(part)
        elif _properties(current) != part["properties"]:
            update.append((current["id"], part))
    delete = sorted(part["id"] for part in found.values())
    return PartsDiff(tuple(create), tuple(update), tuple(delete))


def read_docs(aws: Aws, api: ApiChange, stage: StageChange, documentation: Documentation) -> DocsChange:
    """What publishing the documentation takes; reads only."""
    name, count = documentation.version, len(documentation.parts)
    if api.rest_api_id is None:
        detail = f"{count} parts, snapshot {name} for stage {stage.name}"
        return DocsChange("docs", name, "create", detail, documentation)
    existing = _read_parts(aws, api.rest_api_id)
    if existing is None:
        return DocsChange.skip(documentation, _skip_reason(aws))
    diff = diff_parts(existing, documentation.parts)
    version_exists = _version_exists(aws, api.rest_api_id, name)
    reasons = [
        *([f"parts: {diff.summary()}"] if not diff.empty else []),
        *([] if version_exists else [f"snapshot {name}"]),
        *([] if stage.documentation_version == name else [f"show {name} on stage {stage.name}"]),
    ]
    action = "update" if reasons else "unchanged"
    if not existing and not version_exists:
        action = "create"
    detail = "; ".join(reasons) or f"{count} parts, shown on stage {stage.name}"
    if api.changes_anything:
        detail += " (parts read again once the API is overwritten)"
    return DocsChange(
        "docs",
        name,
        action,
        detail,
        documentation,
        diff,
        version_exists,
        stage.documentation_version,
    )


def apply_parts(aws: Aws, change: DocsChange, rest_api_id: str, *, api_written: bool) -> DocsChange:
    """Bring the API's parts to the wanted set; returns the change as carried out (maybe skipped).

    After the API was imported or overwritten (`api_written`) the parts are read again, whatever the plan
    read before, since AWS does not say what an overwrite does to them."""
    if change.skipped:
        return change
    diff = change.diff
    if diff is None or api_written:
        existing = _read_parts(aws, rest_api_id)
        if existing is None:
            return DocsChange.skip(change.documentation, _skip_reason(aws))
        diff = diff_parts(existing, change.documentation.parts)
    for part in diff.create:
        aws.call(
            STEP,
            aws.apigateway.create_documentation_part,
            restApiId=rest_api_id,
            location=part["location"],
            properties=properties_text(part),
        )
    for part_id, part in diff.update:
        aws.call(
            STEP,
            aws.apigateway.update_documentation_part,
            restApiId=rest_api_id,
            documentationPartId=part_id,
            patchOperations=[{"op": "replace", "path": "/properties", "value": properties_text(part)}],
        )
    for part_id in diff.delete:
        aws.call(
            STEP,
            aws.apigateway.delete_documentation_part,
            restApiId=rest_api_id,
            documentationPartId=part_id,
            absent=("NotFoundException",),
        )
    return replace(change, diff=diff)


def publish_version(aws: Aws, change: DocsChange, rest_api_id: str, stage: str) -> bool:
    """Snapshot the parts as the version (unless it exists) and show it on the stage, which must exist
    by now; returns whether anything was written."""
    if change.skipped:
        return False
    version = change.documentation.version
    if not change.version_exists:
        aws.call(
            STEP,
            aws.apigateway.create_documentation_version,
            restApiId=rest_api_id,
            documentationVersion=version,
            stageName=stage,
            description=f"spec-compiler: {len(change.documentation.parts)} documentation parts",
        )
        return True
    if change.stage_version != version:
        aws.call(
            STEP,
            aws.apigateway.update_stage,
            restApiId=rest_api_id,
            stageName=stage,
            patchOperations=[{"op": "replace", "path": "/documentationVersion", "value": version}],
        )
        return True
    return False


def _read_parts(aws: Aws, rest_api_id: str) -> list[dict[str, Any]] | None:
    """Every documentation part of the API, or None when an emulator does not implement them."""
    unimplemented = (UNIMPLEMENTED,) if aws.emulated else ()
    return aws.items(
        STEP, aws.apigateway.get_documentation_parts, absent=unimplemented, restApiId=rest_api_id
    )


def _version_exists(aws: Aws, rest_api_id: str, version: str) -> bool:
    found = aws.call(
        STEP,
        aws.apigateway.get_documentation_version,
        absent=("NotFoundException",),
        restApiId=rest_api_id,
        documentationVersion=version,
    )
    return found is not None


def _properties(part: dict[str, Any]) -> Any:
    """A part's stored properties as JSON (None when they are not JSON, which then differs from any)."""
    try:
        return json.loads(part.get("properties") or "null")
    except ValueError:
        return None


def _skip_reason(aws: Aws) -> str:
    return (
        f"{aws.apigateway.meta.endpoint_url} has no API Gateway documentation parts (an emulator answering "
        "404, as moto 5 does), so none are published there; against AWS deploy publishes them"
    )

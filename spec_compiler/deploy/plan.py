"""The plan: what deploy will create, update or leave for every table, role, the API, the stage, its
cache, the usage plans and API keys, and the API's documentation.

`read_plan` only reads. It checks every table before anything changes, so a key-schema conflict stops
the deploy with nothing touched, and `--dry-run` prints exactly the plan a real deploy would carry out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spec_compiler.deploy.apigateway import ApiChange, Definition, StageChange, read_api, read_stage
from spec_compiler.deploy.aws import Aws
from spec_compiler.deploy.changes import Change
from spec_compiler.deploy.documentation import DocsChange, Documentation, read_docs
from spec_compiler.deploy.roles import RoleChange, read_role, role_grants
from spec_compiler.deploy.tables import TableChange, read_table
from spec_compiler.deploy.usage import CacheChange, read_cache, read_usage
from spec_compiler.document import tables


@dataclass(frozen=True)
class Plan:
    """Everything one deploy will do, in the order it will do it."""

    account_id: str
    region: str
    api_tag: str
    definition: Definition
    tables: tuple[TableChange, ...]
    roles: tuple[RoleChange, ...]
    api: ApiChange
    stage: StageChange
    docs: DocsChange
    cache: CacheChange | None = None
    usage: tuple[Change, ...] = ()

    @property
    def changes(self) -> tuple[Change, ...]:
        cache = (self.cache,) if self.cache is not None else ()
        return (*self.tables, *self.roles, self.api, self.stage, *cache, *self.usage, self.docs)

    def render(self) -> str:
        """The plan as `--dry-run` prints it: one line per resource, aligned."""
        header = (
            f"Plan for stage {self.stage.name} of API {self.api_tag} "
            f"in account {self.account_id}, region {self.region}:"
        )
        width = max(len(change.name) for change in self.changes)
        lines = [
            f"  {change.kind:<6} {change.name:<{width}}  {change.action:<9}  {change.detail}".rstrip()
            for change in self.changes
        ]
        changed = sum(change.changes_anything for change in self.changes)
        skipped = sum(change.action == "skipped" for change in self.changes)
        summary = f"{changed} to change, {len(self.changes) - changed - skipped} unchanged"
        summary += f", {skipped} skipped." if skipped else "."
        return "\n".join([header, *lines, summary])


def read_plan(aws: Aws, document: dict[str, Any], *, stage: str, api_tag: str) -> Plan:
    """Read the account and work out the plan; changes nothing, raises on a key-schema conflict."""
    grants = role_grants(document)  # document errors before any AWS call
    documentation = Documentation.of(document)  # so is a document whose documentation would leak
    definition = Definition.of(document)
    table_changes = tuple(read_table(aws, table) for table in tables(document))
    role_changes = tuple(read_role(aws, grant) for grant in grants)
    api = read_api(aws, api_tag, definition)
    stage_change = read_stage(aws, api, stage, definition)
    return Plan(
        account_id=aws.account_id,
        region=aws.region,
        api_tag=api_tag,
        definition=definition,
        tables=table_changes,
        roles=role_changes,
        api=api,
        stage=stage_change,
        docs=read_docs(aws, api, stage_change, documentation),
        cache=read_cache(document, stage_change),
        usage=read_usage(aws, document, api_tag, api.rest_api_id, stage),
    )

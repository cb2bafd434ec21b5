"""`deploy`: read the plan, print it, then carry it out in order: tables, roles, the API, its
documentation parts, the stage, its cache settings, usage plans and API keys, the documentation
snapshot the stage shows.

Each step starts only when the one before succeeded, so a failed import or put never reaches the stage,
and nothing is ever deleted to recover (stale documentation parts aside, which are only prose): running
deploy again after fixing the cause is always safe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spec_compiler.deploy.apigateway import (
    api_tag_value,
    apply_api,
    apply_stage,
    check_stage_name,
    invoke_url,
)
from spec_compiler.deploy.aws import Aws
from spec_compiler.deploy.changes import Change
from spec_compiler.deploy.documentation import DocsChange, apply_parts, publish_version
from spec_compiler.deploy.plan import Plan, read_plan
from spec_compiler.deploy.roles import apply_role
from spec_compiler.deploy.tables import apply_table
from spec_compiler.deploy.usage import apply_cache, apply_usage

_DONE = {"create": "created", "update": "updated"}


@dataclass(frozen=True)
class Outcome:
    """What a deploy did: its plan, the API's id, the new deployment (None if none), the invoke URL and
    the documentation as carried out (`docs.skipped` says why when the endpoint cannot take it)."""

    plan: Plan
    rest_api_id: str | None
    deployment_id: str | None
    invoke_url: str | None
    docs: DocsChange | None = None


def deploy(
    aws: Aws,
    document: dict[str, Any],
    *,
    stage: str,
    name: str | None = None,
    dry_run: bool = False,
    out: Callable[[str], None] = print,
) -> Outcome:
    """Bring the account to what the document describes (or, with `dry_run`, only say what that takes)."""
    check_stage_name(stage)
    api_tag = api_tag_value(document, name)
    plan = read_plan(aws, document, stage=stage, api_tag=api_tag)
    out(plan.render())
    if dry_run:
        out("Dry run: nothing was changed.")
        existing = plan.api.rest_api_id
        return Outcome(plan, existing, None, invoke_url(aws, existing, stage) if existing else None)

    for table in plan.tables:
        if table.changes_anything:
            apply_table(aws, table, api_tag)
            _report(out, table)
    for role in plan.roles:
        if role.changes_anything:
            apply_role(aws, role, api_tag)
            _report(out, role)
    rest_api_id = apply_api(aws, plan.api, api_tag, plan.definition)
    if plan.api.changes_anything:
        _report(out, plan.api, rest_api_id)
    docs = apply_parts(aws, plan.docs, rest_api_id, api_written=plan.api.changes_anything)
    deployment_id = apply_stage(aws, plan.stage, rest_api_id, plan.definition)
    if deployment_id is not None:
        _report(out, plan.stage, f"deployment {deployment_id}")
    apply_cache(aws, plan.cache, rest_api_id)
    if plan.cache is not None and plan.cache.changes_anything:
        _report(out, plan.cache)
    key_ids = apply_usage(aws, plan.usage, api_tag, rest_api_id, stage)
    for change in plan.usage:
        if change.changes_anything:
            _report(out, change)
    for name, key_id in sorted(key_ids.items()):
        out(f"apikey {name}: its value: `aws apigateway get-api-key --api-key {key_id} --include-value`")
    published = publish_version(aws, docs, rest_api_id, stage)
    _report_docs(out, plan.docs, docs, published)
    url = invoke_url(aws, rest_api_id, stage)
    out(f"Invoke URL: {url}")
    return Outcome(plan, rest_api_id, deployment_id, url, docs)


def _report(out: Callable[[str], None], change: Change, what: str = "") -> None:
    out(f"{change.kind} {change.name}: {_DONE[change.action]}{f' ({what})' if what else ''}")


def _report_docs(out: Callable[[str], None], planned: DocsChange, docs: DocsChange, published: bool) -> None:
    """Say what was written, or why nothing could be when the plan did not know it yet."""
    if docs.skipped:
        if not planned.skipped:
            out(f"{docs.kind} {docs.name}: skipped ({docs.skipped})")
        return
    parts = docs.diff.summary() if docs.diff is not None else ""
    what = [*([f"parts: {parts}"] if parts else []), *(["shown on the stage"] if published else [])]
    if what:
        done = "created" if docs.action == "create" else "updated"
        out(f"{docs.kind} {docs.name}: {done} ({'; '.join(what)})")

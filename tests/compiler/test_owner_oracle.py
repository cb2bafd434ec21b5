"""The owner-scoped request templates against real Velocity (shared/vtl-oracle, Apache Velocity 1.7 as
API Gateway runs it): with a hostile identity, without one, and with the owner named by the client
everywhere, Velocity and the project's runtime render the same request. Skipped without the oracle."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_owner_safety import NOTE, PROFILE, identity_context

from spec_compiler.compiler.integration import integration_plan
from spec_compiler.vtl import compile_template

ORACLE = Path(__file__).resolve().parents[3] / "shared" / "vtl-oracle" / "vtl-oracle"
IDENTITIES = ('it\'s "me" \\ $x #y ${z} \u2028 😀', "a1b2-c3", "", None)
CLIENT = {
    "path": {"note_id": "n'1\"", "owner": "victim"},
    "querystring": {"owner": "victim", "prefix": "n", "limit": "5"},
    "header": {"owner": "victim"},
}
BODY = json.dumps({"note_id": "n1", "text": "t", "display_name": "d", "owner": "victim", "partner": "victim"})


def cases() -> list[dict[str, Any]]:
    found = []
    for entity in (NOTE, PROFILE):
        for op in entity.operations:
            template = integration_plan(entity, op).extension["requestTemplates"]["application/json"]
            for identity in IDENTITIES:
                context = identity_context(entity, identity)
                found.append({"template": template, "body": BODY, "params": CLIENT, "context": context})
    return found


@pytest.mark.skipif(not ORACLE.exists(), reason=f"the VTL oracle is not installed at {ORACLE}")
def test_velocity_and_the_runtime_render_the_same_owner_requests(tmp_path: Path) -> None:
    batch = cases()
    (tmp_path / "cases.jsonl").write_text("".join(json.dumps(case) + "\n" for case in batch))
    run = subprocess.run(
        [str(ORACLE), "--batch", str(tmp_path / "cases.jsonl")], capture_output=True, text=True, check=True
    )
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(results) == len(batch)
    for case, result in zip(batch, results, strict=True):
        mine = compile_template(case["template"]).render(
            body=case["body"],
            path=case["params"]["path"],
            querystring=case["params"]["querystring"],
            headers=case["params"]["header"],
            context=case["context"],
        )
        assert json.loads(result["output"]) == json.loads(mine.output)
        assert "victim" not in result["output"]

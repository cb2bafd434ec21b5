"""The owner-scoped request templates against real Velocity (shared/vtl-oracle, Apache Velocity 1.7 as
API Gateway runs it): with a hostile identity, without one, and with the owner named by the client
everywhere, Velocity and the project's runtime render the same request.

Velocity's renderings are recorded in `data/owner_oracle.json`, so the test runs without Java; re-record
them after changing a template with `python3 tests/compiler/test_owner_oracle.py --record [ORACLE]`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from test_owner_safety import NOTE, PROFILE, identity_context

from spec_compiler.compiler.integration import integration_plan
from spec_compiler.vtl import compile_template

DEFAULT_ORACLE = Path(__file__).resolve().parents[3] / "shared" / "vtl-oracle" / "vtl-oracle"
RECORDING = Path(__file__).parent / "data" / "owner_oracle.json"
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


def test_velocity_and_the_runtime_render_the_same_owner_requests() -> None:
    recorded = json.loads(RECORDING.read_text())
    batch = cases()
    assert recorded["cases"] == batch, "templates or cases changed: re-record (see the module docstring)"
    for case, output in zip(batch, recorded["outputs"], strict=True):
        mine = compile_template(case["template"]).render(
            body=case["body"],
            path=case["params"]["path"],
            querystring=case["params"]["querystring"],
            headers=case["params"]["header"],
            context=case["context"],
        )
        assert json.loads(output) == json.loads(mine.output)
        assert "victim" not in output


def record(oracle: Path) -> None:
    """Render every case with Velocity and write the recording."""
    batch = cases()
    lines = "".join(json.dumps(case) + "\n" for case in batch)
    run = subprocess.run(
        [str(oracle), "--batch", "-"], input=lines, capture_output=True, text=True, check=True
    )
    outputs = [json.loads(line)["output"] for line in run.stdout.splitlines()]
    assert len(outputs) == len(batch)
    RECORDING.write_text(json.dumps({"cases": batch, "outputs": outputs}, indent=1) + "\n")


if __name__ == "__main__":
    if sys.argv[1:2] != ["--record"]:
        raise SystemExit("usage: python3 tests/compiler/test_owner_oracle.py --record [ORACLE]")
    record(Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_ORACLE)

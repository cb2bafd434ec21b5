"""The generated templates against real Velocity: outputs that shared/vtl-oracle (Apache Velocity 1.7,
as API Gateway runs it) recorded on hostile input, re-recorded by scripts/record_template_oracle.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from template_reference import keys_fit
from template_samples import ENTITIES

from spec_compiler.compiler.integration import integration_plan
from spec_compiler.vtl import compile_template

RECORDED = json.loads((Path(__file__).parent / "data" / "template_oracle.json").read_text())
TEMPLATES: dict[str, str] = RECORDED["templates"]
CASES = RECORDED["cases"]
ENTITY_NAMED = {entity.name: entity for entity in ENTITIES}


def current_templates() -> dict[str, str]:
    templates = {}
    for entity in ENTITIES:
        for operation in entity.operations:
            extension = integration_plan(entity, operation).extension
            templates[f"{entity.name}.{operation}.request"] = extension["requestTemplates"][
                "application/json"
            ]
            for selection, response in extension["responses"].items():
                templates[f"{entity.name}.{operation}.{selection[0]}xx"] = response["responseTemplates"][
                    "application/json"
                ]
    return templates


def test_recordings_are_of_the_templates_the_compiler_generates_now() -> None:
    assert current_templates() == TEMPLATES, "templates changed: run scripts/record_template_oracle.py"


def test_recordings_cover_every_template_and_hostile_input() -> None:
    assert {case["template"] for case in CASES} == set(TEMPLATES)
    assert len(CASES) > 400


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["template"])
def test_velocity_rendered_json_and_the_runtime_renders_exactly_the_same(case: dict) -> None:
    if case["output"].strip():
        json.loads(case["output"])
    params = case.get("params", {})
    result = compile_template(TEMPLATES[case["template"]]).render(
        body=case.get("body", ""),
        path=params.get("path"),
        querystring=params.get("querystring"),
        headers=params.get("header"),
    )
    assert result.output == case["output"]
    assert result.response_override["status"] == case["status"]


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.get("keys")], ids=lambda case: case["template"]
)
def test_velocity_rejects_exactly_the_path_keys_that_break_their_model(case: dict) -> None:
    """Java's regexes (lengths in code points, `\\z`, `\\x{..}` escapes) agree with the model's schema."""
    entity_name, operation, _ = case["template"].split(".")
    entity = ENTITY_NAMED[entity_name]
    keys = (entity.partition_key,) if operation == "query" else entity.keys
    rejected = "#invalid" in json.loads(case["output"]).get("ExpressionAttributeNames", {})
    assert rejected == (not keys_fit(keys, case["params"]["path"])), case["params"]["path"]

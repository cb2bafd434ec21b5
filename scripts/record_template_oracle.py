#!/usr/bin/env python3
"""Re-record tests/compiler/data/template_oracle.json: the generated templates of the test entities
rendered on hostile input by the reference renderer (Apache Velocity 1.7, shared/vtl-oracle).

The test `tests/compiler/test_templates_oracle.py` checks that the templates are still the ones
recorded, that every recorded output is valid JSON and that the project's runtime renders exactly what
Velocity did. Run this after changing a template:

    python3 scripts/record_template_oracle.py [--oracle PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "compiler"))

from template_samples import ENTITIES, FITTING_KEYS, HOSTILE, UNFITTING_KEYS  # noqa: E402

from spec_compiler.compiler.integration import integration_plan  # noqa: E402
from spec_compiler.model.ir import Attribute, AttributeType, Entity  # noqa: E402

OUTPUT = ROOT / "tests" / "compiler" / "data" / "template_oracle.json"
DEFAULT_ORACLE = ROOT.parent / "shared" / "vtl-oracle" / "vtl-oracle"
ERROR_TYPES = (
    "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
    "com.amazon.coral.validate#ValidationException",
    "com.amazonaws.dynamodb.v20120810#ThrottlingException",
    "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
)


def hostile_value(type_: AttributeType, text: str) -> Any:
    """A well-typed JSON value of a type with the hostile text in every string (and map key)."""
    kind = type_.kind
    if kind == "S":
        return text
    if kind == "N":
        return 12.5
    if kind == "B":
        return "AAEC/w=="
    if kind == "BOOL":
        return False
    if kind == "SS":
        return [text, "plain"]
    if kind == "NS":
        return [1, 2.5]
    if kind == "L":
        return [
            hostile_value(type_.items, text),
            None if type_.items.nullable else hostile_value(type_.items, text),
        ]
    if type_.fields is not None:
        return hostile_object(type_.fields, text)
    return {text: hostile_value(type_.values, text), "plain": hostile_value(type_.values, "plain")}


def hostile_object(fields: tuple[Attribute, ...], text: str) -> dict[str, Any]:
    return {attribute.name: hostile_value(attribute.type, text) for attribute in fields}


def stored_value(type_: AttributeType, value: Any) -> dict[str, Any]:
    if value is None:
        return {"NULL": True}
    kind = type_.kind
    if kind == "N":
        return {"N": str(value)}
    if kind == "NS":
        return {"NS": [str(number) for number in value]}
    if kind == "L":
        return {"L": [stored_value(type_.items, element) for element in value]}
    if kind == "M" and type_.fields is not None:
        return {"M": {a.name: stored_value(a.type, value[a.name]) for a in type_.fields if a.name in value}}
    if kind == "M":
        return {"M": {key: stored_value(type_.values, element) for key, element in value.items()}}
    return {kind: value}


def key_text(attribute: Attribute, text: str) -> str:
    return {"N": "42", "B": "AAEC"}.get(attribute.type.kind, text)


def key_paths(entity: Entity) -> list[dict[str, str]]:
    """Paths with keys that fit their model, and with one key at a time that fits or does not."""
    fitting = {key.name: FITTING_KEYS.get(key.name, ("alice",))[0] for key in entity.keys}
    paths = [fitting]
    for key in entity.keys:
        for text in FITTING_KEYS.get(key.name, ()) + UNFITTING_KEYS.get(key.name, ()):
            paths.append({**fitting, key.name: text})
    return paths


def cases_for(entity: Entity) -> tuple[dict[str, str], list[dict[str, Any]]]:
    templates: dict[str, str] = {}
    cases: list[dict[str, Any]] = []
    for operation in entity.operations:
        extension = integration_plan(entity, operation).extension
        name = f"{entity.name}.{operation}"
        templates[f"{name}.request"] = extension["requestTemplates"]["application/json"]
        for selection, response in extension["responses"].items():
            templates[f"{name}.{selection[0]}xx"] = response["responseTemplates"]["application/json"]
        for text in HOSTILE:
            item = {
                **hostile_object(entity.attributes, text),
                **{k.name: key_text(k, text) for k in entity.keys},
            }
            path = {key.name: key_text(key, text) if key.type.kind == "S" else text for key in entity.keys}
            query = {"limit": text, "cursor": text, "prefix": text} if text != " " else {"prefix": text}
            cases.append(
                {
                    "template": f"{name}.request",
                    "body": json.dumps(item),
                    "params": {"path": path, "querystring": query, "header": {"name": text, "cursor": text}},
                }
            )
            stored = {a.name: stored_value(a.type, item[a.name]) for a in entity.attributes}
            last = {key.name: stored[key.name] for key in entity.keys}
            answers = {
                "get": {"Item": stored},
                "patch": {"Attributes": stored},
                "list": {"Items": [stored], "Count": 1, "LastEvaluatedKey": last},
                "query": {"Items": [stored], "Count": 1, "LastEvaluatedKey": last},
            }
            if operation in answers:
                cases.append({"template": f"{name}.2xx", "body": json.dumps(answers[operation])})
        if operation in ("put", "patch", "create"):  # every attribute that may be null, null
            nulls = {
                a.name: None if a.type.nullable else hostile_value(a.type, "plain") for a in entity.attributes
            }
            path = {key.name: key_text(key, "plain") for key in entity.keys}
            params = {"path": path, "querystring": {}, "header": {}}
            cases.append({"template": f"{name}.request", "body": json.dumps(nulls), "params": params})
        if operation not in ("create", "list"):
            body = json.dumps(hostile_object(entity.attributes, "plain"))
            for path in key_paths(entity):
                params = {"path": path, "querystring": {"prefix": "p"}, "header": {}}
                cases.append({"template": f"{name}.request", "body": body, "params": params, "keys": True})
        for answer in ({}, {"Attributes": {key.name: {"S": "x"} for key in entity.keys}}):
            cases.append({"template": f"{name}.2xx", "body": json.dumps(answer)})
        for error_type in ERROR_TYPES:
            cases.append(
                {"template": f"{name}.4xx", "body": json.dumps({"__type": error_type, "message": HOSTILE[3]})}
            )
        cases.append({"template": f"{name}.5xx", "body": json.dumps({"message": "Internal server error"})})
    return templates, cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", default=str(DEFAULT_ORACLE), help="the vtl-oracle wrapper to run")
    args = parser.parse_args()
    templates: dict[str, str] = {}
    cases: list[dict[str, Any]] = []
    for entity in ENTITIES:
        entity_templates, entity_cases = cases_for(entity)
        templates |= entity_templates
        cases += entity_cases
    lines = "".join(json.dumps({**case, "template": templates[case["template"]]}) + "\n" for case in cases)
    rendered = subprocess.run(
        [args.oracle, "--batch", "-"], input=lines, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    if len(rendered) != len(cases):
        print(f"the oracle answered {len(rendered)} lines for {len(cases)} cases", file=sys.stderr)
        return 1
    for case, line in zip(cases, rendered, strict=True):
        result = json.loads(line)
        if result.get("error"):
            print(f"{case['template']}: the oracle failed: {result['error']}", file=sys.stderr)
            return 1
        case["output"] = result["output"]
        case["status"] = (result.get("responseOverride") or {}).get("status")
    OUTPUT.write_text(
        json.dumps({"templates": templates, "cases": cases}, indent=1, ensure_ascii=True) + "\n"
    )
    print(f"recorded {len(cases)} renderings of {len(templates)} templates in {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

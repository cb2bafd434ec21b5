"""Schemas for readers: examples restored and draft-4 nulls spelled the OpenAPI 3.0 way.

API Gateway refuses `example` in its models, so the compiler carries a field's examples in `x-examples`
(a list); a reader wants them back as OpenAPI's `example`. API Gateway's models are JSON Schema draft 4,
where the compiler spells a nullable value `anyOf: [T, {enum: [null]}]`; OpenAPI 3.0 readers (Swagger UI,
client generators) understand `nullable: true` instead.
"""

from __future__ import annotations

from typing import Any

EXAMPLES_EXTENSION = "x-examples"
_NULL_SCHEMAS = ({"enum": [None]}, {"type": "null"})  # the compiler's draft-4 null, and draft 2020's


def readable(value: Any) -> Any:
    """Rewrite every object under `value` in place (depth first) and return it."""
    if isinstance(value, dict):
        for item in value.values():
            readable(item)
        _restore_example(value)
        _spell_nullable(value)
    elif isinstance(value, list):
        for item in value:
            readable(item)
    return value


def _restore_example(node: dict[str, Any]) -> None:
    """`x-examples: [first, ...]` becomes `example: first` (OpenAPI 3.0 has one example per schema)."""
    examples = node.pop(EXAMPLES_EXTENSION, None)
    if isinstance(examples, list) and examples and "example" not in node:
        node["example"] = examples[0]


def _spell_nullable(node: dict[str, Any]) -> None:
    """`anyOf: [T, null]` becomes T with `nullable: true` (T stays in `anyOf` when it cannot merge)."""
    for combinator in ("anyOf", "oneOf"):
        options = node.get(combinator)
        if not isinstance(options, list):
            continue
        concrete = [option for option in options if option not in _NULL_SCHEMAS]
        if len(concrete) == len(options):
            continue
        node["nullable"] = True
        mergeable = len(concrete) == 1 and "$ref" not in concrete[0]
        if mergeable and not set(concrete[0]) & (set(node) - {combinator}):
            del node[combinator]
            node.update(concrete[0])
        else:
            node[combinator] = concrete

"""The fast YAML reader gives what PyYAML's safe loader gives: the same data, or the same error."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from spec_compiler.yaml_reader import load_yaml

ROOT = Path(__file__).parents[1]
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | text | st.dates() | st.binary(max_size=8)
data = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(text | st.integers(), children, max_size=4)
    ),
    max_leaves=20,
)
# YAML that only PyYAML's own constructor handles, or that it refuses.
UNUSUAL = [
    "=: 1",
    "a: =",
    "<<: {a: 1}\nb: 2",
    "base: &base {a: 1, b: [1, 2]}\nc: {<<: *base, b: 3}\nd: *base",
    "a: 2024-01-01\n2024-01-02: b",
    "a: 2024-01-01T10:00:00Z",
    "a: !!binary aGVsbG8=",
    "a: !!set {x, y}",
    "a: !!omap [{x: 1}, {y: 2}]",
    "a: !!pairs [{x: 1}]",
    "a: !!str 12\nb: !!int '12'\nc: !!float '1'",
    "a: !custom x",
    "? [1, 2]\n: x",
    "a: {? {b: 1} : c}",
    "- &a [1]\n- *a\n- &b {x: *a}\n- *b",
    "x: &r [*r]",
    "x: &r {y: *r}",
    "a: &a {<<: {x: 1}, self: *a}",
    "a: &a [*a, {<<: {x: 1}}]",
    "a: &a {<<: {x: 1}, l: [*a]}",
    "- &a !!set {? *a}",
    "a: &x {k: 1}\nb: {<<: *x, m: *x}",
    "[1, 2.5, .inf, -.inf, .NaN, 0x1F, 0o17, 0b101, 1_000, +1, 1e3, yes, No, on, ~, null, '', 12:30:00]",
    "{a: 1, a: 2}",
    "",
    "--- \n...\n",
    "a: 1\n---\nb: 2",
    "a: [1, 2",
    "a: 'unclosed",
]


def _either(load: Any, source: str) -> tuple[str, Any]:
    try:
        return "data", load(source)
    except yaml.YAMLError as error:
        return type(error).__name__, str(error)


def _same(first: Any, second: Any, comparing: set[tuple[int, int]] | None = None) -> bool:
    """Equal, with NaN equal to NaN, each value of the same type, and a value inside itself (an alias in
    its own anchor) equal to one in the same place."""
    if isinstance(first, float) and math.isnan(first):
        return isinstance(second, float) and math.isnan(second)
    if type(first) is not type(second):
        return False
    if not isinstance(first, dict | list | tuple):
        return first == second
    comparing = set() if comparing is None else comparing
    if (id(first), id(second)) in comparing:
        return True
    comparing.add((id(first), id(second)))
    if isinstance(first, dict):
        pairs = [(first[key], second[key]) for key in first] if list(first) == list(second) else None
    else:
        pairs = list(zip(first, second, strict=True)) if len(first) == len(second) else None
    return pairs is not None and all(_same(a, b, comparing) for a, b in pairs)


def _reads_as_pyyaml(source: str) -> None:
    expected, got = _either(lambda s: yaml.load(s, Loader=SAFE_LOADER), source), _either(load_yaml, source)
    assert expected[0] == got[0]
    assert _same(expected[1], got[1]) if expected[0] == "data" else expected[1] == got[1]


@settings(max_examples=300, deadline=None)
@given(data, st.sampled_from([None, True, False]), st.booleans())
def test_any_dumped_data_reads_as_pyyaml_reads_it(value: Any, flow: bool | None, canonical: bool) -> None:
    _reads_as_pyyaml(yaml.safe_dump(value, default_flow_style=flow, canonical=canonical, allow_unicode=True))


@pytest.mark.parametrize("source", UNUSUAL)
def test_unusual_yaml_reads_as_pyyaml_reads_it(source: str) -> None:
    _reads_as_pyyaml(source)


@pytest.mark.parametrize(
    "path",
    [ROOT / "openapi.generated.yaml", *sorted((ROOT / "tests" / "fixtures" / "documents").glob("*.yaml"))],
    ids=lambda path: path.name,
)
def test_documents_read_as_pyyaml_reads_them(path: Path) -> None:
    _reads_as_pyyaml(path.read_text())


def test_an_alias_is_the_same_value_wherever_it_appears() -> None:
    document = load_yaml("a: &shared {b: [1]}\nc: *shared\nd: [*shared]")
    assert document["a"] is document["c"] is document["d"][0]
    loop = load_yaml("x: &r [*r]")
    assert loop["x"][0] is loop["x"]


def test_a_document_nested_deeper_than_python_recurses_is_read() -> None:
    assert load_yaml("[" * 5000 + "]" * 5000) is not None

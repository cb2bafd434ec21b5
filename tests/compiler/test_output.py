"""The YAML emitter: whatever the document holds, `yaml.safe_load` reads back exactly the same data."""

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from spec_compiler.compiler.output import member_lines, render_yaml, written_mapping, yaml_text

# JSON-like data as the generator produces it: string keys, any text, numbers, booleans, null, nesting.
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=25,
)
awkward = [
    "",
    " leading space",
    "trailing space ",
    "yes",
    "No",
    "null",
    "~",
    "<<",
    "=",
    "0x1F",
    "1_000",
    "1e3",
    "2024-01-01",
    "12:30:00",
    "- item",
    "a: b",
    "a #comment",
    "#set($x = 1)",
    "it's",
    "'quoted'",
    '{"a": "$x"}',
    "line\nline",
    "line\n",
    "line\n\n",
    "\nstarts with a break",
    "  indented\nblock",
    "tab\tinside",
    "nel\x85line",
    "separator\u2028line",
    "del\x7f",
    "astral \U0001f3ac",
    "${AWS::Partition}",
    "2\\d{2}",
    '#if($item == "")#set($context.responseOverride.status = 404)#end\n{"message": "it\'s gone"}',
]


@given(st.dictionaries(text, documents, max_size=6))
@settings(max_examples=300, deadline=None)
def test_any_document_round_trips(document: dict) -> None:
    assert yaml.safe_load(render_yaml(document, "header")) == document


@given(
    st.dictionaries(text, documents, max_size=4),
    st.dictionaries(text, scalars | st.dictionaries(text, scalars, max_size=3), min_size=26, max_size=30),
    text,
)
@settings(max_examples=100, deadline=None)
def test_a_document_written_in_parts_is_the_document_written_whole(
    document: dict, inner: dict, key: str
) -> None:
    """The members of a large top-level mapping written apart, in any order, put back sorted."""
    document = {**document, key: dict(sorted(inner.items()))}
    parts = member_lines(document)
    members = member_lines(dict(reversed(inner.items())), depth=1)
    parts[key] = written_mapping(key, [members[name] for name in sorted(members)])
    assert yaml_text("header", parts.values()) == render_yaml(document, "header")


def test_a_mapping_that_may_flow_is_not_put_together_from_parts() -> None:
    members = member_lines({f"/path{number}": {"get": {}} for number in range(25)}, depth=1)
    with pytest.raises(ValueError, match="25 members may be written in flow style"):
        written_mapping("paths", list(members.values()))


@pytest.mark.parametrize("value", awkward)
def test_awkward_strings_round_trip_as_keys_and_values(value: str) -> None:
    document = {value: value, "list": [value, {value: [value]}], "nested": {"deeper": {value: value}}}
    assert yaml.safe_load(render_yaml(document, "")) == document


def test_floats_and_empty_containers_round_trip() -> None:
    document = {
        "a": 1e-05,
        "b": 1e20,
        "c": -0.0,
        "d": float("inf"),
        "e": {},
        "f": [],
        "g": [[], {}],
        "h": 10**30,
    }
    assert yaml.safe_load(render_yaml(document, "")) == document


def test_layout_is_block_style_with_literal_templates_and_short_collections_on_one_line() -> None:
    schema = {"$ref": "#/components/schemas/Error", "x": ["a,b", "c: d", 1, None, {}]}
    long = ["item"] * 30
    document = {"paths": {"/movies/{name}": {"get": {"tags": ["Movie"], "schema": schema, "long": long}}}}
    document["paths"]["/movies/{name}"]["get"]["template"] = "#set($a = 1)\n{}\n"
    assert render_yaml(document, "Generated.\nTwo lines.") == (
        "# Generated.\n"
        "# Two lines.\n"
        "paths:\n"
        "  /movies/{name}:\n"
        "    get:\n"
        "      tags: [Movie]\n"
        '      schema: {$ref: "#/components/schemas/Error", x: ["a,b", "c: d", 1, null, {}]}\n'
        "      long:\n" + "      - item\n" * 30 + "      template: |\n"
        "        #set($a = 1)\n"
        "        {}\n"
    )
    assert yaml.safe_load(render_yaml(document, "")) == document


def test_committed_document_reads_back() -> None:
    text = (Path(__file__).parents[2] / "openapi.generated.yaml").read_text()
    document = yaml.safe_load(text)
    assert render_yaml(document, "") == "".join(line + "\n" for line in text.splitlines()[2:])


@pytest.mark.parametrize("length", [99, 100, 101, 102])
def test_a_mapping_flows_exactly_while_its_line_fits_the_width(length: int) -> None:
    """`k: {...}` is one line up to 100 characters; the key lengths alone decide the longer ones early."""
    flow: dict[str, object] = {f"key{index:02}": 1 for index in range(8)}
    flow["k"] = "x" * (length - 88)  # `k: {`, eight `keyNN: 1, `, `k: ` and `}` take 88
    line = "k: {" + ", ".join(f"{key}: {value}" for key, value in flow.items()) + "}"
    assert len(line) == length
    expected = [line] if length <= 100 else ["k:", *(f"  {key}: {value}" for key, value in flow.items())]
    assert render_yaml({"k": flow}, "").splitlines() == expected


def test_literal_blocks_keep_empty_lines_empty_at_any_depth() -> None:
    template = "#set($a = 1)\n\n\n{}\n  indented\n" + "#set($b = 2)" * 9 + "\n"
    document = {"a": {"b": template}, "c": [{"d": template.rstrip("\n")}]}
    lines = "#set($a = 1)\n\n\n    {}\n      indented\n    " + "#set($b = 2)" * 9
    text = render_yaml(document, "")
    assert text == f"a:\n  b: |\n    {lines}\nc:\n- d: |-\n    {lines}\n"
    assert yaml.safe_load(text) == document

"""Objects written by loops over field tables (spec_compiler/compiler/field_tables.py): whatever mix of
required, optional and nullable fields of whatever types an entity has, in whatever order, the templates
render exactly the intended request and read back exactly what was stored; and a field's code is written
once per type, not once per field."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from template_reference import comparable, expected_item, expected_request, item_fields
from template_samples import MOVIE
from template_strategies import items, objects
from test_safety import parse, success_template, well_typed_body

from spec_compiler.compiler import kinds
from spec_compiler.compiler.field_tables import Scope
from spec_compiler.compiler.integration import integration_plan
from spec_compiler.model.ir import Attribute, AttributeType, Entity
from spec_compiler.vtl import compile_template

SETTINGS = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
NAMES = ("a", "b", "c-d", "e.f", "g", "h_i", "j", "k")
SCALARS = (
    AttributeType("S", format="string"),
    AttributeType("N", format="number"),
    AttributeType("BOOL"),
    AttributeType("SS", items=AttributeType("S", format="string")),
)
KEY = Attribute("id", AttributeType("S", format="string"))


def types(depth: int = 0) -> st.SearchStrategy[AttributeType]:
    scalar = st.sampled_from(SCALARS)
    nullable = st.builds(lambda type_, null: replace(type_, nullable=null), scalar, st.booleans())
    if depth:
        return nullable
    nested = st.builds(
        lambda fields, n: AttributeType("M", fields=fields, nullable=n), field_lists(depth + 1), st.booleans()
    )
    return st.one_of(nullable, nullable, nested)


def field_lists(depth: int = 0) -> st.SearchStrategy[tuple[Attribute, ...]]:
    """Up to eight fields of random types, required or not, nullable or not, in random order, with odd
    names too."""
    return st.lists(st.sampled_from(NAMES), max_size=8, unique=True).flatmap(
        lambda names: st.tuples(
            *(st.builds(Attribute, st.just(name), types(depth), st.booleans()) for name in names)
        )
    )


ENTITIES = field_lists().map(
    lambda fields: Entity(
        name="Random",
        table="random",
        resource="random",
        partition_key=KEY,
        sort_key=None,
        attributes=(KEY, *fields),
        operations=("get", "put", "patch", "create"),
    )
)


def template(entity: Entity, operation: str) -> str:
    return integration_plan(entity, operation).extension["requestTemplates"]["application/json"]


@SETTINGS
@given(entity=ENTITIES, operation=st.sampled_from(("put", "patch", "create")), data=st.data())
def test_any_mix_of_fields_renders_exactly_the_intended_write(entity: Entity, operation: str, data) -> None:
    body = data.draw(well_typed_body(entity, operation), label="body")
    path = {} if operation == "create" else {"id": "k'1\""}
    rendered = compile_template(template(entity, operation)).render(body=json.dumps(body), path=path)
    intended = expected_request(entity, operation, path, {}, body)
    assert comparable(parse(rendered.output)) == comparable(intended)


@SETTINGS
@given(entity=ENTITIES, data=st.data())
def test_any_mix_of_fields_reads_back_exactly_what_was_stored(entity: Entity, data) -> None:
    item = data.draw(items(entity), label="item")
    stored = item_fields(entity.attributes, item, top_level=True)
    result = success_template(entity, "get").render(body=json.dumps({"Item": stored}))
    assert comparable(parse(result.output)) == comparable(expected_item(entity.attributes, stored))


@SETTINGS
@given(fields=field_lists(), data=st.data())
def test_nested_objects_of_any_mix_round_trip(fields: tuple[Attribute, ...], data) -> None:
    """A nested model written by PUT reads back as what was sent (nulls included, where allowed)."""
    nested = Attribute("n", AttributeType("M", fields=fields))
    entity = Entity("Nest", "nest", "nest", KEY, None, (KEY, nested), ("get", "put"))
    body: dict[str, Any] = {"n": data.draw(objects(fields), label="n")}
    request = parse(
        compile_template(template(entity, "put")).render(body=json.dumps(body), path={"id": "k"}).output
    )
    read = success_template(entity, "get").render(body=json.dumps({"Item": request["Item"]}))
    assert comparable(parse(read.output)["n"]) == comparable(expected_item(fields, request["Item"]["n"]["M"]))


def strings(count: int) -> Entity:
    fields = tuple(Attribute(f"field_{index}", AttributeType("S", format="string")) for index in range(count))
    return Entity("Wide", "wide", "wide", KEY, None, (KEY, *fields), ("get", "put", "patch"))


def test_fields_of_one_type_share_their_code() -> None:
    """Thirty more string fields cost about their names in the table, not thirty copies of the code."""
    for operation in ("put", "patch"):
        narrow, wide = template(strings(10), operation), template(strings(40), operation)
        assert wide.count("$util.escapeJavaScript(") == narrow.count("$util.escapeJavaScript(")
        assert (len(wide) - len(narrow)) / 30 < len("'field_10', ") + 1
    narrow, wide = (success_template_text(strings(n)) for n in (10, 40))
    assert wide.count("$util.escapeJavaScript(") == narrow.count("$util.escapeJavaScript(")


def success_template_text(entity: Entity) -> str:
    return integration_plan(entity, "get").extension["responses"]["2\\d{2}"]["responseTemplates"][
        "application/json"
    ]


def test_a_few_fields_are_written_one_by_one_with_their_names() -> None:
    """No loop where it would be longer: the favorite movie's templates name its field as it is."""
    put = integration_plan(MOVIE, "put").extension["requestTemplates"]["application/json"]
    for text in (put, success_template_text(MOVIE)):
        assert "#foreach" not in text
        assert '"favorite_movie": ' in text


@SETTINGS
@given(type_=types(), counter=st.integers(0, 50))
def test_remembered_container_code_is_the_code_generated_afresh(type_: AttributeType, counter: int) -> None:
    """Container code is remembered by (type, value, counter): it must be exactly what generating it
    again gives, with the scope left at the same counter, as if nothing were remembered."""
    value, stored = kinds.Value("$body", "$"), "$item"
    remembered = [
        (kinds.marshal(type_, value, scope), kinds.unmarshal(type_, stored, scope), scope.counter)
        for scope in (Scope(counter), Scope(counter))
    ]
    kinds._marshal_from.cache_clear()
    kinds._unmarshal_from.cache_clear()
    scope = Scope(counter)
    fresh = (kinds._marshal(type_, value, scope), kinds._unmarshal(type_, stored, scope), scope.counter)
    assert remembered == [fresh, fresh]

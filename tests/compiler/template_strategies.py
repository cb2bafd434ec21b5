"""Hypothesis strategies for client input and stored data, biased towards what breaks templates."""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any

from hypothesis import strategies as st
from template_samples import HOSTILE

from spec_compiler.model.ir import Attribute, AttributeType, Entity

# Any Unicode a client can send over HTTP (no lone surrogates), with the troublemakers made likely.
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    st.text(st.sampled_from("\"'\\/#$!{}()*\n\t\x00\x7f\u2028😀é'"), max_size=12),
)
KEY_TEXT = TEXT.filter(bool)
BASE64 = st.binary(min_size=1, max_size=12).map(lambda data: base64.b64encode(data).decode())
INTEGERS = st.integers(min_value=-(10**15), max_value=10**15)
NUMBERS = st.one_of(INTEGERS, st.floats(allow_nan=False, allow_infinity=False, width=64))


def values(type_: AttributeType, depth: int = 0) -> st.SearchStrategy[Any]:
    """Well-typed JSON values of an IR type (None too when it is nullable)."""
    strategy = _values(type_, depth)
    return st.one_of(st.none(), strategy) if type_.nullable else strategy


def _values(type_: AttributeType, depth: int) -> st.SearchStrategy[Any]:
    kind = type_.kind
    if kind == "S":
        return TEXT
    if kind == "N":
        return INTEGERS if type_.format == "integer" else NUMBERS
    if kind == "B":
        return BASE64
    if kind == "BOOL":
        return st.booleans()
    if kind == "SS":
        return st.lists(TEXT, min_size=1, max_size=3, unique=True)
    if kind == "NS":
        return st.lists(NUMBERS, min_size=1, max_size=3, unique_by=float)
    if kind == "L":
        return st.lists(values(type_.items, depth + 1), max_size=3)
    if type_.fields is not None:
        return objects(type_.fields, depth + 1)
    return st.dictionaries(TEXT, values(type_.values, depth + 1), max_size=3)


def objects(fields: tuple[Attribute, ...], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """JSON objects with every required field and any of the optional ones (nullable ones may be null)."""
    required = {attribute.name: values(attribute.type, depth) for attribute in fields if attribute.required}
    optional = {
        attribute.name: st.one_of(st.none(), values(attribute.type, depth))
        for attribute in fields
        if not attribute.required
    }
    return st.fixed_dictionaries(required, optional=optional)


def key_text(attribute: Attribute) -> st.SearchStrategy[str]:
    """What a client can put in a key's path segment: any text (the template must stay intact)."""
    return st.one_of(fitting_key_text(attribute), KEY_TEXT)


def fitting_key_text(attribute: Attribute) -> st.SearchStrategy[str]:
    """Key texts that fit the key's model, as items stored through the API have them."""
    type_, schema = attribute.type, attribute.schema
    if type_.kind == "N":
        return INTEGERS.map(str) if type_.format == "integer" else NUMBERS.map(json.dumps)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if type_.format == "date-time":
        moments = st.datetimes(timezones=st.just(datetime.UTC))
        return moments.map(lambda moment: moment.isoformat().replace("+00:00", "Z"))
    if "pattern" in schema:
        low, high = schema.get("minLength", 0), schema.get("maxLength", 100)
        return st.from_regex(schema["pattern"], fullmatch=True).filter(
            lambda text: max(low, 1) <= len(text) <= high  # DynamoDB keys are never empty
        )
    if type_.kind == "B":
        return BASE64
    return KEY_TEXT.filter(lambda text: len(text) <= schema.get("maxLength", 100))


def path_parameters(
    entity: Entity, keys: tuple[Attribute, ...] | None = None
) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({key.name: key_text(key) for key in (entity.keys if keys is None else keys)})


def limits() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(min_value=-5, max_value=120).map(str), TEXT)


def cursors(parts: int) -> st.SearchStrategy[str]:
    """Well-formed cursors (of any key texts) and hostile ones."""
    good = st.lists(KEY_TEXT, min_size=parts, max_size=parts).map(
        lambda texts: ".".join(base64.urlsafe_b64encode(t.encode()).decode().rstrip("=") for t in texts)
    )
    return st.one_of(good, TEXT, st.text(st.sampled_from("AZaz09-_.=+/"), max_size=10))


def items(entity: Entity) -> st.SearchStrategy[dict[str, Any]]:
    """Whole items as a client sends them to POST: keys are never empty, as DynamoDB requires."""
    keys = {
        key.name: fitting_key_text(key) if key.type.kind in ("S", "B") else values(key.type)
        for key in entity.keys
    }
    return st.tuples(st.fixed_dictionaries(keys), objects(entity.attributes)).map(
        lambda pair: {**pair[1], **pair[0]}
    )

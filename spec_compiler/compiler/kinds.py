"""One object per DynamoDB kind, knowing the VTL that marshals a JSON value into an AttributeValue and
the VTL that unmarshals a stored AttributeValue back into plain JSON with its real type.

VTL has no recursion, so nested types are handled by generating code per node of the IR's type tree
(which is finite): a list of maps of numbers becomes three nested blocks, each with its own loop
variables. Values are read as the Java objects `$input.path(...)` gives (maps, lists, strings, numbers,
booleans) and leave only through the constructs of `constructs.py`, whatever their actual type.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, replace

from spec_compiler.compiler.constructs import (
    body_json,
    checked_name,
    is_present,
    json_boolean,
    json_number,
    json_string,
    member_path,
    quiet,
    text_of,
)
from spec_compiler.model.ir import Attribute, AttributeType

NULL_VALUE = '{"NULL": true}'


@dataclass
class Scope:
    """Hands out unique VTL variable names within one template."""

    counter: int = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"${prefix}{self.counter}"


@dataclass(frozen=True)
class Value:
    """A JSON value of the request body: a VTL expression for its Java object, and its static JSONPath
    when it has one (so a typed string can go through `$input.json`)."""

    expression: str
    path: str | None = None

    def member(self, name: str) -> Value:
        return Value(f"{self.expression}.get('{name}')", member_path(self.path, name))


class Kind(ABC):
    """A DynamoDB kind: how its values are written into a request and read back from a response."""

    code: str

    @abstractmethod
    def marshal(self, type_: AttributeType, value: Value, scope: Scope) -> str:
        """VTL rendering the AttributeValue (`{"S": ...}`) of a JSON value."""

    @abstractmethod
    def unmarshal(self, type_: AttributeType, stored: str, scope: Scope) -> str:
        """VTL rendering the plain JSON of the AttributeValue a VTL expression holds."""


class StringKind(Kind):
    code = "S"

    def marshal(self, type_: AttributeType, value: Value, scope: Scope) -> str:
        text = body_json(value.path) if value.path else json_string(value.expression)
        return f'{{"S": {text}}}'

    def unmarshal(self, type_: AttributeType, stored: str, scope: Scope) -> str:
        return json_string(f"{stored}.S")


class NumberKind(Kind):
    code = "N"

    def marshal(self, type_: AttributeType, value: Value, scope: Scope) -> str:
        return f'{{"N": {json_string(text_of(value.expression))}}}'

    def unmarshal(self, type_: AttributeType, stored: str, scope: Scope) -> str:
        return json_number(f"{stored}.N")


class BinaryKind(Kind):
    """Bytes travel as base64 text on both sides, as DynamoDB's JSON protocol carries them."""

    code = "B"

    def marshal(self, type_: AttributeType, value: Value, scope: Scope) -> str:
        return f'{{"B": {json_string(value.expression)}}}'

    def unmarshal(self, type_: AttributeType, stored: str, scope: Scope) -> str:
        return json_string(f"{stored}.B")


class BooleanKind(Kind):
    code = "BOOL"

    def marshal(self, type_: AttributeType, value: Value, scope: Scope) -> str:
        return f'{{"BOOL": {json_boolean(value.expression)}}}'

    def unmarshal(self, type_: AttributeType, stored: str, scope: Scope) -> str:
        return json_boolean(f"{stored}.BOOL")


def _each(items: str, variable: str, body: str) -> str:
    """A comma-separated rendering of `body` for each element of a list expression."""
    return f"#foreach({variable} in {items}){body}#if($foreach.hasNext),#end#end"


class StringSetKind(Kind):
    code = "SS"

    def marshal(self, type_: AttributeType, value: Value, scope: Scope) -> str:
        element = scope.fresh("e")
        return f'{{"SS": [{_each(value.expression, element, json_string(element))}]}}'

    def unmarshal(self, type_: AttributeType, stored: str, scope: Scope) -> str:
        element = scope.fresh("e")
        return f"[{_each(f'{stored}.SS', element, json_string(element))}]"


class NumberSetKind(Kind):
    code = "NS"

    def marshal(self, type_: AttributeType, value: Value, scope: Scope) -> str:
        element = scope.fresh("e")
        return f'{{"NS": [{_each(value.expression, element, json_string(text_of(element)))}]}}'

    def unmarshal(self, type_: AttributeType, stored: str, scope: Scope) -> str:
        element = scope.fresh("e")
        return f"[{_each(f'{stored}.NS', element, json_number(element))}]"


class ListKind(Kind):
    code = "L"

    def marshal(self, type_: AttributeType, value: Value, scope: Scope) -> str:
        element = scope.fresh("e")
        inner = marshal(_items(type_), Value(element), scope)
        return f'{{"L": [{_each(value.expression, element, inner)}]}}'

    def unmarshal(self, type_: AttributeType, stored: str, scope: Scope) -> str:
        element = scope.fresh("e")
        return f"[{_each(f'{stored}.L', element, unmarshal(_items(type_), element, scope))}]"


class MapKind(Kind):
    """A nested model (named fields, each with its own type) or a `dict[str, T]` (any keys, one type)."""

    code = "M"

    def marshal(self, type_: AttributeType, value: Value, scope: Scope) -> str:
        if type_.fields is not None:
            return f'{{"M": {marshal_fields(type_.fields, value, scope, top_level=False)}}}'
        key = scope.fresh("k")
        inner = marshal(_values(type_), Value(f"{value.expression}.get({key})"), scope)
        entries = _each(f"{value.expression}.keySet()", key, f"{json_string(key)}: {inner}")
        return f'{{"M": {{{entries}}}}}'

    def unmarshal(self, type_: AttributeType, stored: str, scope: Scope) -> str:
        if type_.fields is not None:
            return unmarshal_fields(type_.fields, f"{stored}.M", scope)
        key = scope.fresh("k")
        inner = unmarshal(_values(type_), f"{stored}.M.get({key})", scope)
        return "{" + _each(f"{stored}.M.keySet()", key, f"{json_string(key)}: {inner}") + "}"


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        StringKind(),
        NumberKind(),
        BinaryKind(),
        BooleanKind(),
        StringSetKind(),
        NumberSetKind(),
        ListKind(),
        MapKind(),
    )
}


def marshal(type_: AttributeType, value: Value, scope: Scope) -> str:
    """VTL rendering the AttributeValue of a JSON value of this type; JSON null is NULL if allowed."""
    rendered = KINDS[type_.kind].marshal(type_, value, scope)
    if type_.nullable:
        return f"#if({is_present(value.expression)}){rendered}#{{else}}{NULL_VALUE}#end"
    return rendered


def unmarshal(type_: AttributeType, stored: str, scope: Scope) -> str:
    """VTL rendering the plain JSON of a stored AttributeValue of this type; NULL is null."""
    rendered = KINDS[type_.kind].unmarshal(type_, stored, scope)
    if type_.nullable:
        return f'#if("{quiet(stored)}.NULL" == "true")null#{{else}}{rendered}#end'
    return rendered


def marshal_fields(
    fields: tuple[Attribute, ...],
    parent: Value,
    scope: Scope,
    *,
    top_level: bool,
    fixed: tuple[str, ...] = (),
) -> str:
    """A JSON object of AttributeValues, one member per field the body holds (after `fixed` members).

    A required field is always written. An optional one is written when present and not null; a
    nullable field of a nested model sent as null is stored as NULL so that it reads back as null
    (at the top level null means "no value", as PATCH's REMOVE does).
    """
    members = list(fixed)
    optional: list[tuple[str, str]] = []
    for attribute in fields:
        name = checked_name(attribute.name, "attribute")
        value = parent.member(name)
        if attribute.required:
            members.append(f'"{name}": {marshal(attribute.type, value, scope)}')
        elif attribute.type.nullable and not top_level:
            condition = f"{parent.expression}.containsKey('{name}')"
            optional.append((condition, f'"{name}": {marshal(attribute.type, value, scope)}'))
        else:
            present = replace(attribute.type, nullable=False)
            optional.append((is_present(value.expression), f'"{name}": {marshal(present, value, scope)}'))
    return json_object(members, optional, scope)


def unmarshal_fields(
    fields: tuple[Attribute, ...], stored: str, scope: Scope, *, always: tuple[str, ...] = ()
) -> str:
    """A plain JSON object of the fields a stored map (item or nested model) holds; others are left out.

    Fields named in `always` (an item's keys, which DynamoDB guarantees) are written unconditionally.
    """
    members: list[str] = []
    optional: list[tuple[str, str]] = []
    for attribute in fields:
        name = checked_name(attribute.name, "attribute")
        member = f"{stored}.get('{name}')"
        rendered = f'"{name}": {unmarshal(attribute.type, member, scope)}'
        if name in always:
            members.append(rendered)
        else:
            optional.append((member, rendered))
    return json_object(members, optional, scope)


def json_object(members: list[str], optional: list[tuple[str, str]], scope: Scope) -> str:
    """`{...}` of members always written, then of (condition, member) pairs written when true."""
    if members:
        body = ", ".join(members) + "".join(
            f"#if({condition}), {member}#end" for condition, member in optional
        )
        return "{" + body + "}"
    separator = scope.fresh("s")
    written = "".join(
        f'#if({condition}){separator}{member}#set({separator} = ", ")#end' for condition, member in optional
    )
    return f'#set({separator} = ""){{{written}}}'


def _items(type_: AttributeType) -> AttributeType:
    if type_.items is None:
        raise ValueError(f"a {type_.kind} type needs its item type")
    return type_.items


def _values(type_: AttributeType) -> AttributeType:
    if type_.values is None:
        raise ValueError("a dict type needs its value type")
    return type_.values

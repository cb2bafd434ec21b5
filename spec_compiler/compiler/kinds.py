"""One object per DynamoDB kind, knowing the VTL that marshals a JSON value into an AttributeValue and
the VTL that unmarshals a stored AttributeValue back into plain JSON with its real type.

VTL has no recursion, so nested types are handled by generating code per node of the IR's type tree
(which is finite): a list of maps of numbers becomes three nested blocks, each with its own loop
variables. Values are read as the Java objects `$input.path(...)` gives (maps, lists, strings, numbers,
booleans) and leave only through the constructs of `constructs.py`, whatever their actual type.

Some well-typed values are still ones DynamoDB cannot store: a number that is not finite (json-smart
reads `1e400` as a Double infinity, whose text is `Infinity`) or outside N's range and precision, a map
key that is empty. DynamoDB rejects such an item with a ValidationException, but an embedded store may
keep it and later read it back as something the response schema forbids. So the marshal code sets
`$unstorable` when it meets one (`#set` is global in VTL), and each write request reads the flag after
its values with `UNSTORABLE_MARK`: an `ExpressionAttributeNames` entry no expression uses, which every
DynamoDB (AWS, DynamoDB Local, moto) rejects with a ValidationException that the `4\\d{2}` template
answers as 400, as `paging.py` and `key_checks.py` do for a bad cursor or key.

The fields of an object are written by `field_tables.py`, from the code of each field's kind given
here. The two long number regexes are declared once per template (`declare_patterns`), not at each
number.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace

from spec_compiler.compiler.constructs import (
    JSON_NUMBER,
    NUMBER_PATTERN,
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
from spec_compiler.compiler.field_tables import FieldName, Group, Member, Scope, json_object
from spec_compiler.compiler.paging import INVALID_MARK
from spec_compiler.model.ir import Attribute, AttributeType

NULL_VALUE = '{"NULL": true}'
UNSTORABLE = "$unstorable"
START_UNSTORABLE = f"#set({UNSTORABLE} = false)"
_FLAG = f"#set({UNSTORABLE} = true)"
# Inside a request's `ExpressionAttributeNames`, after the values: the unused name when one is unstorable.
UNSTORABLE_MARK = f"#if({UNSTORABLE}), {INVALID_MARK}#end"
# The same as a whole member, for a request that has no `ExpressionAttributeNames` (PutItem).
UNSTORABLE_MEMBER = f'#if({UNSTORABLE}),\n"ExpressionAttributeNames": {{{INVALID_MARK}}}#end'

# The text of a number DynamoDB's N cannot hold, as Java writes the numbers json-smart gives (Integer,
# Long, BigInteger, Double, BigDecimal): more than 38 significant digits, or a magnitude from 1E126 or
# below 1E-130 in the plain form or in the one-digit-mantissa E form. (Anything not a JSON number, such
# as `Infinity` or `NaN`, is caught by `JSON_NUMBER` first.)
# Exponents from 126 up (or 131 down), written once for what both share: 200 and more either way.
_EXPONENT_OUT_OF_RANGE = (
    "[eE](?:\\+?0*(?:12[6-9]|1[3-9][0-9])|-0*(?:13[1-9]|1[4-9][0-9])|[-+]?0*(?:[2-9][0-9]{2}|[1-9][0-9]{3,}))"
)
_UNSTORABLE_FORMS = (
    "[0.]*[1-9](?:\\.?[0-9]){37,}\\.?[1-9][0.]*(?:[eE].*)?",  # 39 or more significant digits
    "[1-9][0-9]{126,}(?:\\.[0-9]*)?",  # 127 or more whole digits
    "0\\.0{130,}[1-9][0-9]*",  # 130 or more zeros after the point
    f"[1-9](?:\\.[0-9]*)?{_EXPONENT_OUT_OF_RANGE}",
)
UNSTORABLE_NUMBER = "-?(?:" + "|".join(_UNSTORABLE_FORMS) + ")"
# The text of a number N can hold: a JSON number (`JSON_NUMBER`) that is not an unstorable one.
STORABLE_NUMBER = f"(?!{UNSTORABLE_NUMBER}\\z){JSON_NUMBER}"
STORABLE_PATTERN = "$storableNumber"
# Each pattern variable and the regex it holds; single-quoted VTL literals are not interpolated.
_PATTERNS = {NUMBER_PATTERN: JSON_NUMBER, STORABLE_PATTERN: STORABLE_NUMBER}


def declare_patterns(template: str) -> str:
    """The template with its pattern variables declared by a `#set` before it (they render nothing),
    or, for one used only once, with its regex in place of the variable."""
    declared = ""
    for variable, regex in _PATTERNS.items():
        uses = template.count(variable)
        if uses == 1:
            template = template.replace(variable, f"'{regex}'")
        elif uses > 1:
            declared += f"#set({variable} = '{regex}')"
    return declared + template


@dataclass(frozen=True)
class Value:
    """A JSON value of the request body: a VTL expression for its Java object, and its static JSONPath
    when it has one (so a typed string can go through `$input.json`)."""

    expression: str
    path: str | None = None

    def member(self, field: FieldName, name: str) -> Value:
        """The member a field name stands for (`name`: the field's own, or one of those it stands for)."""
        return Value(f"{self.expression}.get({field.expression})", member_path(self.path, field.step, name))


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
        """The text of the number, once `_flag_unstorable_number` has put it in `$ntext`."""
        return _flag_unstorable_number(value.expression) + f'{{"N": {json_string("$ntext")}}}'

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


def _flag_unstorable_number(expression: str) -> str:
    """VTL setting `$unstorable` when the text of a number is one DynamoDB's N cannot hold."""
    text = "$ntext"  # Velocity 1.7 calls no method on a string literal: the text goes in a variable first
    return f"#set({text} = {text_of(expression)})#if(!{text}.matches({STORABLE_PATTERN})){_FLAG}#end"


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
        each = _flag_unstorable_number(element) + json_string("$ntext")
        return f'{{"NS": [{_each(value.expression, element, each)}]}}'

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
        empty = f'#if({key} == ""){_FLAG}#end'
        entries = _each(f"{value.expression}.keySet()", key, f"{empty}{json_string(key)}: {inner}")
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
    if type_.kind in _CONTAINERS:
        text, scope.counter = _marshal_from(type_, value, scope.counter)
        return text
    return _marshal(type_, value, scope)


def unmarshal(type_: AttributeType, stored: str, scope: Scope) -> str:
    """VTL rendering the plain JSON of a stored AttributeValue of this type; NULL is null."""
    if type_.kind in _CONTAINERS:
        text, scope.counter = _unmarshal_from(type_, stored, scope.counter)
        return text
    return _unmarshal(type_, stored, scope)


# The code of a container type is a function of the type, the value and the scope's counter alone:
# remembered, as entities, nested models and templates repeat the same ones.
_CONTAINERS = frozenset({"L", "M"})


@functools.lru_cache(maxsize=4096)
def _marshal_from(type_: AttributeType, value: Value, counter: int) -> tuple[str, int]:
    scope = Scope(counter)
    return _marshal(type_, value, scope), scope.counter


@functools.lru_cache(maxsize=4096)
def _unmarshal_from(type_: AttributeType, stored: str, counter: int) -> tuple[str, int]:
    scope = Scope(counter)
    return _unmarshal(type_, stored, scope), scope.counter


def _marshal(type_: AttributeType, value: Value, scope: Scope) -> str:
    rendered = KINDS[type_.kind].marshal(type_, value, scope)
    if type_.nullable:
        return f"#if({is_present(value.expression)}){rendered}#{{else}}{NULL_VALUE}#end"
    return rendered


def _unmarshal(type_: AttributeType, stored: str, scope: Scope) -> str:
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
    separator = scope.fresh("s")

    def member(attribute: Attribute, field: FieldName) -> Member:
        value = parent.member(field, attribute.name)
        if attribute.required:
            return Member(None, marshal(attribute.type, value, scope))
        if attribute.type.nullable and not top_level:
            condition = f"{parent.expression}.containsKey({field.expression})"
            return Member(condition, marshal(attribute.type, value, scope))
        present = replace(attribute.type, nullable=False) if attribute.type.nullable else attribute.type
        return Member(is_present(value.expression), marshal(present, value, scope))

    required = tuple(attribute for attribute in fields if attribute.required)
    optional = tuple(attribute for attribute in fields if not attribute.required)
    groups = (Group(required, member, always=True), Group(optional, member, always=False))
    return json_object(separator, fixed, groups, scope)


def unmarshal_fields(
    fields: tuple[Attribute, ...], stored: str, scope: Scope, *, always: tuple[str, ...] = ()
) -> str:
    """A plain JSON object of the fields a stored map (item or nested model) holds; others are left out.

    Fields named in `always` (an item's keys, which DynamoDB guarantees) are written unconditionally.
    """
    separator = scope.fresh("s")

    def member(attribute: Attribute, field: FieldName) -> Member:
        value = f"{stored}.get({field.expression})"
        return Member(value, unmarshal(attribute.type, field.bound or value, scope))

    fixed = tuple(
        _always_written(attribute, stored, scope) for attribute in fields if attribute.name in always
    )
    rest = tuple(attribute for attribute in fields if attribute.name not in always)
    return json_object(separator, fixed, (Group(rest, member, always=False, bound=True),), scope)


def _always_written(attribute: Attribute, stored: str, scope: Scope) -> str:
    """The member of a field an item always has (a key), named as it is."""
    field = FieldName.literal(checked_name(attribute.name, "attribute"))
    return f'"{field.text}": {unmarshal(attribute.type, f"{stored}.get({field.expression})", scope)}'


def _items(type_: AttributeType) -> AttributeType:
    if type_.items is None:
        raise ValueError(f"a {type_.kind} type needs its item type")
    return type_.items


def _values(type_: AttributeType) -> AttributeType:
    if type_.values is None:
        raise ValueError("a dict type needs its value type")
    return type_.values

"""The checks a request template makes on the key values it takes from the path.

API Gateway's request validator only checks that a path parameter is present, never its schema, so a
template that used `PUT /movies/<101 characters>` as it came would store an item whose key breaks the
model. Each path key is therefore read into `$keyN` and tested with `String.matches` (a Java regex that
must match the whole text) against what the model declares and VTL can test: its length (in code
points, as JSON Schema counts), its pattern (translated from JSON Schema's ECMA-262 dialect), its enum
values, the number syntax of an N key, the bounds of an integer key (as a regex of the range,
`integer_ranges.py`), and the date-time format (date and UUID keys carry a pattern in their schema, which
the body validator checks too). The bounds of a key that is not an integer are not checked.

A template cannot abort, so a failed check sets `$invalid`, as a bad `limit` or `cursor` does (see
`paging.py`): the template then renders a fixed request with placeholder keys and an
`ExpressionAttributeNames` entry no expression uses, which DynamoDB rejects with a ValidationException
that the `4\\d{2}` response answers as 400. Nothing the client sent is in that request.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from spec_compiler.compiler.constructs import JSON_NUMBER, checked_name, literal
from spec_compiler.compiler.integer_ranges import integer_range
from spec_compiler.compiler.paging import INVALID_MARK
from spec_compiler.model.ir import Attribute

# Key values of a rejected request: valid AttributeValues, so every DynamoDB rejects it for the mark alone.
PLACEHOLDERS = {"S": "-", "N": "0", "B": "AA=="}
NUMBER_SYNTAX = {"integer": "-?(0|[1-9][0-9]*)", "number": JSON_NUMBER}
# What API Gateway's validator accepts as `format: date-time` (java-json-tools), so that a key stored
# through POST can always be addressed in a path.
DATE_TIME = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,12})?(Z|[+-][0-9]{2}:[0-9]{2})"
# JSON Schema's `.` (ECMA-262): anything but a line terminator; written so it means the same under `(?s)`.
_ECMA_DOT = "[^\\n\\r\\x{2028}\\x{2029}]"
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
# Characters that would end or disturb the single-quoted VTL literal holding a regex; written as escapes.
_VTL_UNSAFE = frozenset("'\"#$")


def key_variable(index: int) -> str:
    """The VTL variable holding the text of the key at this index of the entity's keys."""
    return f"$key{index}"


def read_path_keys(
    keys: tuple[tuple[int, Attribute], ...], *, initialize: bool, owner: str | None = None
) -> str:
    """VTL that reads each (index, key) path parameter into `$keyN` and sets `$invalid` when one breaks
    its model (`initialize`: also start `$invalid` as false, when paging has not already).

    With `owner` (a `$context.authorizer` reference, see `owner.owner_source`), the partition key (index
    0) is the caller's identity instead: never a request parameter, and `$invalid` when it is empty.
    """
    lines = ["#set($invalid = false)"] if initialize else []
    for index, key in keys:
        name = checked_name(key.name, "key")
        variable = key_variable(index)
        if owner is not None and index == 0:
            identity = f'"$!{owner.removeprefix("$")}"'  # quiet: empty, never the reference's text
            lines.append(f'#set({variable} = {identity})#if({variable} == "")#set($invalid = true)#end')
            continue
        lines.append(f"""#set({variable} = "$!input.params('{name}')")""")
        if regexes := key_regexes(key):
            failed = " || ".join(f"!{variable}.matches('{regex}')" for regex in regexes)
            lines.append(f"#if({failed})#set($invalid = true)#end")
    return "\n".join(lines) + "\n"


def has_checks(keys: tuple[Attribute, ...]) -> bool:
    """Whether any of these keys has a constraint the template checks."""
    return any(key_regexes(key) for key in keys)


def rejected_request(table: str, member: str, keys: tuple[Attribute, ...]) -> str:
    """The fixed request sent instead when a key is invalid: placeholder keys and the unused name."""
    values = ", ".join(
        f'"{checked_name(key.name, "key")}": {{"{key.type.kind}": "{PLACEHOLDERS[key.type.kind]}"}}'
        for key in keys
    )
    return (
        f'{{"TableName": {literal(table)}, "{member}": {{{values}}}, '
        f'"ExpressionAttributeNames": {{{INVALID_MARK}}}}}'
    )


def placeholders(keys: tuple[tuple[int, Attribute], ...]) -> str:
    """VTL that puts placeholders in `$keyN` when the request is invalid (for templates that keep
    their structure when rejected)."""
    sets = "".join(f'#set({key_variable(i)} = "{PLACEHOLDERS[key.type.kind]}")' for i, key in keys)
    return f"#if($invalid){sets}#end\n"


def key_regexes(key: Attribute) -> list[str]:
    """The Java regexes (for `String.matches`, written for a single-quoted VTL literal) the text of a
    path key must match, from its kind, format and schema."""
    schema = key.schema
    regexes = []
    if key.type.kind == "N":
        regexes.append(NUMBER_SYNTAX["integer" if key.type.format == "integer" else "number"])
    if key.type.kind == "N" and key.type.format == "integer" and (bounds := _integer_bounds(schema)):
        regexes.append(integer_range(*bounds))
    if key.type.kind == "S" and key.type.format == "date-time":
        regexes.append(DATE_TIME)
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if key.type.kind == "S" and (low or high is not None):
        regexes.append(f"(?s).{{{low},{'' if high is None else high}}}")
    if enum := _enum(schema):
        regexes.append("(?:" + "|".join(_literal_regex(str(value)) for value in enum) + ")")
    if isinstance(schema.get("pattern"), str):
        regexes.append(java_regex(schema["pattern"]))
    return regexes


def _integer_bounds(schema: dict[str, Any]) -> tuple[int | None, int | None] | None:
    """The least and greatest integer an integer key's schema allows (None: no bound), or None when it
    sets neither (JSON Schema 2020-12's numeric `exclusiveMinimum`, or draft 4's boolean one)."""
    low = _bound(schema, "minimum", "exclusiveMinimum", 1)
    high = _bound(schema, "maximum", "exclusiveMaximum", -1)
    return None if low is None and high is None else (low, high)


def _bound(schema: dict[str, Any], inclusive: str, exclusive: str, step: int) -> int | None:
    """The integer bound on one side: the tighter of the inclusive and exclusive ones."""
    candidates = []
    rounded = math.ceil if step > 0 else math.floor
    if _is_number(schema.get(inclusive)):
        candidates.append(rounded(Fraction(schema[inclusive])))
        if schema.get(exclusive) is True and candidates[-1] == Fraction(schema[inclusive]):
            candidates[-1] += step
    if _is_number(schema.get(exclusive)):
        value = Fraction(schema[exclusive])
        candidates.append(rounded(value) + (step if rounded(value) == value else 0))
    if not candidates:
        return None
    return max(candidates) if step > 0 else min(candidates)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _enum(schema: dict[str, Any]) -> list[Any]:
    if "const" in schema:
        return [schema["const"]]
    return list(schema.get("enum") or [])


def _literal_regex(text: str) -> str:
    """A regex matching exactly this text, every character but letters and digits escaped."""
    return "".join(char if char in _PLAIN else f"\\x{{{ord(char):x}}}" for char in text)


def java_regex(pattern: str) -> str:
    """A JSON Schema `pattern` (ECMA-262, found anywhere in the text) as a Java regex that
    `String.matches` (whole text) accepts exactly when the pattern is found.

    `.` keeps ECMA's meaning, `$` means the end of the text (`\\z`), Python's `(?P<name>`, `(?P=name)`
    and `\\Z` become Java's; non-ASCII characters and those a VTL literal cannot hold become `\\x{..}`.
    """
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            if escaped == "Z":
                out.append("\\z")
            elif escaped in _VTL_UNSAFE or not escaped.isascii() or not escaped.isprintable():
                out.append(f"\\x{{{ord(escaped):x}}}")
            else:
                out.append(char + escaped)
            index += 2
            continue
        if pattern.startswith("(?P<", index):
            out.append("(?<")
            index += 4
            continue
        if pattern.startswith("(?P=", index) and (close := pattern.find(")", index)) > 0:
            out.append(f"\\k<{pattern[index + 4 : close]}>")
            index = close + 1
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        if char == "." and not in_class:
            out.append(_ECMA_DOT)
        elif char == "$" and not in_class:
            out.append("\\z")
        elif char in _VTL_UNSAFE or not char.isascii() or not char.isprintable():
            out.append(f"\\x{{{ord(char):x}}}")
        else:
            out.append(char)
        index += 1
    return "(?s).*(?:" + "".join(out) + ").*"

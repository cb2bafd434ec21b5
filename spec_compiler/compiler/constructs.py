"""The only constructs through which a generated template lets a value into the JSON it renders.

Each function emits one construct; every template is assembled from these, so a template is safe by
construction and `spec-compiler validate` can recognise what is allowed:

- `json_string`: any value (client input, stored data) as a JSON string, through
  `$util.escapeJavaScript(x).replaceAll("\\'","'")` (commons-lang escapes `'` as `\\'`, not valid JSON);
- `body_json`: a value the body model has typed, through `$input.json(...)`;
- `json_number` / `json_boolean`: a number or boolean, emitted only when it is one;
- `literal`: a value the compiler chose (a table, an attribute name, a message), checked to hold nothing
  VTL or JSON would interpret.
"""

from __future__ import annotations

import json
import re

from spec_compiler.errors import ModelError

# Why `replaceAll` follows `escapeJavaScript`: see the module docstring.
UNESCAPE_APOSTROPHE = """.replaceAll("\\\\'","'")"""
# A JSON number, as DynamoDB stores the N kind; anything else is rendered as null.
JSON_NUMBER = r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?"
# The variable a template declares `JSON_NUMBER` in once (see `kinds.declare_patterns`), so that each
# number it reads or writes costs a reference instead of the whole regex.
NUMBER_PATTERN = "$jsonNumber"

_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TEXT = re.compile(r"[A-Za-z0-9_.,:;()/ -]*")


def json_string(expression: str) -> str:
    """A JSON string (quotes included) holding the text of any VTL expression, escaped."""
    return f'"$util.escapeJavaScript({expression}){UNESCAPE_APOSTROPHE}"'


def text_of(expression: str) -> str:
    """A VTL string literal holding the text of an expression (a number's digits, say)."""
    return f'"{expression}"'


def body_json(path: str) -> str:
    """The JSON of the body value at a JSONPath the body model has typed: static, or built from the
    compiler's own attribute names in loop variables (`$.${a3}`, see `member_path`)."""
    quote = '"' if "${" in path else "'"
    return f"$input.json({quote}{path}{quote})"


def json_number(expression: str) -> str:
    """The number an expression holds (DynamoDB's N text) as a JSON number, or null if it is not one.

    The text is escaped like any other even though the pattern admits only digits, signs, `.` and `e`:
    one idiom for every value that leaves, so `validate` can insist on it.
    """
    escaped = f"$util.escapeJavaScript({expression}){UNESCAPE_APOSTROPHE}"
    return f"#if({expression}.matches({NUMBER_PATTERN})){escaped}#{{else}}null#end"


def json_boolean(expression: str) -> str:
    """`true` when an expression is true (a boolean or its text), else `false`."""
    return f'#if("{quiet(expression)}" == "true")true#{{else}}false#end'


def is_present(expression: str) -> str:
    """A VTL condition: the expression is neither missing nor JSON null (false and "" are present)."""
    return f'{expression} || "{quiet(expression)}" == "false"'


def quiet(expression: str) -> str:
    """The quiet form of a reference (`$!x`), which renders nothing for null."""
    return "$!" + expression.removeprefix("$")


def literal(value: str | int | bool) -> str:
    """A JSON literal of a value the compiler chose; text must hold nothing VTL or JSON interprets."""
    if isinstance(value, str) and not _TEXT.fullmatch(value):
        raise ModelError(f"internal: {value!r} cannot be written into a mapping template as it is")
    return json.dumps(value)


def checked_name(name: str, what: str) -> str:
    """A table or attribute name, checked to be safe in JSON keys, JSONPaths and VTL string literals."""
    if not _NAME.fullmatch(name):
        raise ModelError(
            f"{what} {name!r} cannot be used in a mapping template: "
            "use only letters, digits, '_', '.' and '-'."
        )
    return name


def is_identifier(name: str) -> bool:
    """Whether a JSONPath can step to a member of this name with `.name`."""
    return _IDENTIFIER.fullmatch(name) is not None


def member_path(parent: str | None, step: str, name: str) -> str | None:
    """The JSONPath of a member: `step` is its name, or a reference to a loop variable holding `name`
    (`${a3}`, inside a VTL string); None when it has none (inside a list or map, or a name JSONPath
    cannot step to)."""
    if parent is None or not is_identifier(name):
        return None
    return f"{parent}.{step}"

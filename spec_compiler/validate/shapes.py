"""Reading a document that may be malformed, without tripping over it.

The OpenAPI pass reports every node of the wrong type (a list where a mapping belongs, a string where a
number does) with its pointer; the other passes then read such a node as empty rather than fail, so one
malformed part never hides the problems of the rest.
"""

from __future__ import annotations

from typing import Any


def mapping(value: Any) -> dict[Any, Any]:
    """The value when it is a mapping, else an empty one."""
    return value if isinstance(value, dict) else {}


def sequence(value: Any) -> list[Any]:
    """The value when it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def number(value: Any, default: float) -> float:
    """The value when it is a number (not a boolean), else the default."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def kind(value: Any) -> str:
    """What a YAML value is, in the words of its reader: 'a list', 'a string', 'null'..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


# Deeper than any document the compiler or a person writes (a schema nested 40 deep inline is still
# well inside). The walks stop there, so a document built in memory that contains itself is reported, not
# walked forever (`load_document` refuses one read from a file).
MAX_NESTING = 100

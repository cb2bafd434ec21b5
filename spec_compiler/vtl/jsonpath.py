"""The JSONPath subset templates use, evaluated as Jayway JsonPath 2.0 does.

Supported: `$`, `.name`, `['name']` (and several names), `[n]` (and several), `[a:b]`, `[*]`, `.*`, `..name`,
`..*`. A definite path (names and single indexes only) gives one value or MISSING; any other gives a list
of what it found, possibly empty, as Jayway's JSONArray.
"""

from __future__ import annotations

import contextlib
import re
from functools import lru_cache
from typing import Any

from spec_compiler.vtl.javaregex import JavaException

MISSING = object()

_NAME = re.compile(r"[^.\[\] ]+")
_INDEX = re.compile(r"\s*(-?\d+)\s*")
_SLICE = re.compile(r"\s*(-?\d*)\s*:\s*(-?\d*)\s*$")


class _Path:
    __slots__ = ("definite", "steps")

    def __init__(self, steps: list[tuple], definite: bool) -> None:
        self.steps = steps
        self.definite = definite


def _invalid(path: str, why: str) -> JavaException:
    return JavaException(f"InvalidPathException: {why} in path {path!r}")


@lru_cache(maxsize=1024)
def compile_path(path: str) -> _Path:
    """Parse a path once; an invalid one raises JavaException (Velocity reports it as a render error)."""
    text = path.strip()
    if text.startswith("@"):
        text = "$" + text[1:]
    if not text.startswith("$"):
        text = "$." + text
    steps: list[tuple] = []
    i = 1
    size = len(text)
    while i < size:
        c = text[i]
        if text.startswith("..", i):
            i += 2
            steps.append(("scan",))
            if i >= size:
                raise _invalid(path, "Path must not end with a '.' or '..'")
            if text[i] == "[":
                continue
            step, i = _member(text, i, path)
            steps.append(step)
        elif c == ".":
            i += 1
            if i >= size:
                raise _invalid(path, "Path must not end with a '.' or '..'")
            step, i = _member(text, i, path)
            steps.append(step)
        elif c == "[":
            end = _bracket_end(text, i)
            if end < 0:
                raise _invalid(path, "Could not analyze path component: " + text[i:])
            steps.append(_bracket(text[i + 1 : end], path))
            i = end + 1
        else:
            raise _invalid(path, "Could not analyze path component: " + text[i:])
    definite = all((s[0] == "prop" and len(s[1]) == 1) or (s[0] == "index" and len(s[1]) == 1) for s in steps)
    return _Path(steps, definite)


def _member(text: str, i: int, path: str) -> tuple[tuple[Any, ...], int]:
    """The step a `.` or `..` introduces (`*` or a property name) and where the path goes on."""
    if text[i] == "*":
        return ("wild",), i + 1
    m = _NAME.match(text, i)
    if m is None:
        raise _invalid(path, "Could not analyze path component")
    return ("prop", (m.group(),)), m.end()


def _bracket_end(text: str, start: int) -> int:
    i = start + 1
    quote = None
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "]":
            return i
        i += 1
    return -1


def _bracket(inner: str, path: str) -> tuple:
    body = inner.strip()
    if body == "*":
        return ("wild",)
    if body.startswith("?(") and body.endswith(")"):
        return ("filter", _filter(body[2:-1], path))
    if body.startswith("'"):
        names = []
        for part in _split_quoted(body, path):
            names.append(part)
        return ("prop", tuple(names))
    if ":" in body:
        m = _SLICE.match(body)
        if m is None:
            raise _invalid(path, "Could not analyze path component: [" + inner + "]")
        start = int(m.group(1)) if m.group(1) not in ("", "-") else None
        end = int(m.group(2)) if m.group(2) not in ("", "-") else None
        return ("slice", start, end)
    indexes = []
    for part in body.split(","):
        m = _INDEX.fullmatch(part)
        if m is None:
            raise _invalid(path, "Could not analyze path component: [" + inner + "]")
        indexes.append(int(m.group(1)))
    return ("index", tuple(indexes))


_TERM = re.compile(
    r"\s*@((?:\.[^.\s=!<>&|)\[]+|\[\d+\])*)\s*(?:(==|!=|<=|>=|<|>)\s*"
    r"('(?:[^'])*'|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null))?\s*"
)


def _filter(expression: str, path: str) -> tuple:
    """`?(@.a.b op literal && ...)`: the filter forms templates use, as (connective, terms) pairs."""
    terms = []
    i = 0
    connective = "&&"
    while i < len(expression):
        m = _TERM.match(expression, i)
        if m is None or m.end() == i:
            raise _invalid(path, "Could not parse filter: " + expression)
        steps = tuple(
            ("index", int(part[1:-1])) if part.startswith("[") else ("prop", part)
            for part in re.findall(r"\.[^.\[]+|\[\d+\]", m.group(1))
        )
        steps = tuple((kind, value[1:] if kind == "prop" else value) for kind, value in steps)
        terms.append((connective, steps, m.group(2), _filter_literal(m.group(3))))
        i = m.end()
        if expression.startswith(("&&", "||"), i):
            connective = expression[i : i + 2]
            i += 2
        elif i < len(expression):
            raise _invalid(path, "Could not parse filter: " + expression)
    return tuple(terms)


def _filter_literal(text: str | None) -> Any:
    if text is None:
        return None
    if text.startswith("'"):
        return text[1:-1]
    if text in ("true", "false", "null"):
        return {"true": True, "false": False, "null": None}[text]
    return float(text) if any(c in text for c in ".eE") else int(text)


def _matches(terms: tuple, node: Any) -> bool:
    result = False
    for connective, steps, op, literal in terms:
        value = node
        exists = True
        for kind, key in steps:
            if (kind == "prop" and type(value) is dict and key in value) or (
                kind == "index" and type(value) is list and 0 <= key < len(value)
            ):
                value = value[key]
            else:
                exists = False
                break
        if op is None:
            outcome = exists
        elif not exists:
            outcome = False
        else:
            outcome = _compare(value, op, literal)
        result = (
            (result and outcome)
            if connective == "&&" and terms[0][1] is not steps
            else ((result or outcome) if connective == "||" else outcome)
        )
    return result


def _compare(value: Any, op: str, literal: Any) -> bool:
    numeric = type(value) in (int, float) and type(literal) in (int, float)
    if op in ("==", "!="):
        equal = value == literal if numeric or type(value) is type(literal) else False
        return equal if op == "==" else not equal
    if not numeric and not (type(value) is str and type(literal) is str):
        return False
    return {"<": value < literal, "<=": value <= literal, ">": value > literal, ">=": value >= literal}[op]


def _split_quoted(body: str, path: str) -> list[str]:
    names = []
    i = 0
    while i < len(body):
        quote = body[i]
        if quote != "'":
            raise _invalid(path, "Could not analyze path component: [" + body + "]")
        end = body.find(quote, i + 1)
        if end < 0:
            raise _invalid(path, "Property has not been closed - missing closing " + quote)
        names.append(body[i + 1 : end])
        i = end + 1
        while i < len(body) and body[i] in " ,":
            i += 1
    return names


class _NotFound(Exception):
    """Jayway's PathNotFoundException: the whole read yields MISSING."""


def read(document: Any, path: str) -> Any:
    """The value at `path`: MISSING when the path does not resolve, a list for an indefinite path.

    Jayway 2.0 rules: a missing property, a property of a non-object, an index out of range or a
    negative single index make the whole path not found, except inside `[*]` over an array, which skips
    such elements; `[n]` or a slice on something that is neither an array nor null is an invalid path.
    """
    compiled = compile_path(path)
    found: list[Any] = []
    try:
        _walk(compiled.steps, 0, document, found)
    except _NotFound:
        return MISSING
    if compiled.definite:
        return found[0] if found else MISSING
    return found


def _walk(steps: list[tuple], i: int, node: Any, out: list[Any]) -> None:
    if i == len(steps):
        out.append(node)
        return
    step = steps[i]
    kind = step[0]
    if kind == "prop":
        if type(node) is not dict:
            raise _NotFound
        names = step[1]
        if len(names) == 1:
            if names[0] not in node:
                if i + 1 == len(steps):
                    raise _NotFound  # a missing leaf fails the read; a missing branch yields nothing
                return
            _walk(steps, i + 1, node[names[0]], out)
        else:
            _walk(steps, i + 1, {k: node[k] for k in names if k in node}, out)
    elif kind == "wild":
        if type(node) is dict:
            for value in node.values():
                _walk(steps, i + 1, value, out)
        elif type(node) is list:
            for value in node:
                with contextlib.suppress(_NotFound):
                    _walk(steps, i + 1, value, out)
    elif kind == "scan":
        _scan(steps, i + 1, node, out)
    elif kind == "filter":
        if type(node) is list:
            for value in node:
                if _matches(step[1], value):
                    _walk(steps, i + 1, value, out)
        elif type(node) is dict and _matches(step[1], node):
            _walk(steps, i + 1, node, out)
    else:
        if type(node) is not list:
            if node is None:
                raise _NotFound
            raise JavaException(
                f"InvalidPathException: Filter: {_describe(step)} can only be applied to arrays"
            )
        if kind == "index":
            for index in step[1]:
                if not 0 <= index < len(node):
                    raise _NotFound
                _walk(steps, i + 1, node[index], out)
        else:
            for value in node[slice(step[1], step[2])]:
                _walk(steps, i + 1, value, out)


def _scan(steps: list[tuple], i: int, node: Any, out: list[Any]) -> None:
    """`..`: apply the next step to every object (or array) below, in document order."""
    step = steps[i]
    if type(node) is dict:
        if step[0] == "wild" or (step[0] == "prop" and all(k in node for k in step[1])):
            _walk(steps, i, node, out)
        for value in node.values():
            _scan(steps, i, value, out)
    elif type(node) is list:
        if step[0] in ("wild", "index", "slice"):
            _walk(steps, i, node, out)
        for value in node:
            _scan(steps, i, value, out)


def _describe(step: tuple) -> str:
    if step[0] == "index":
        return "[" + ",".join(str(k) for k in step[1]) + "]"
    return f"[{'' if step[1] is None else step[1]}:{'' if step[2] is None else step[2]}]"

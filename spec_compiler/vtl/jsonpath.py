"""The JSONPath subset templates use, evaluated as Jayway JsonPath 2.0 does.

Supported: `$`, `.name`, `['name']` (and several names), `[n]` (and several), `[a:b]`, `[*]`, `.*`, `..name`,
`..*`. A definite path (names and single indexes only) gives one value or MISSING; any other gives a list
of what it found, possibly empty, as Jayway's JSONArray.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spec_compiler.vtl.javaregex import JavaException

MISSING = object()

_NAME = re.compile(r"[^.\[\]]+")
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
            if text[i] == "*":
                steps.append(("wild",))
                i += 1
                continue
            m = _NAME.match(text, i)
            if m is None:
                raise _invalid(path, "Could not analyze path component")
            steps.append(("prop", (m.group(),)))
            i = m.end()
        elif c == ".":
            i += 1
            if i >= size:
                raise _invalid(path, "Path must not end with a '.' or '..'")
            if text[i] == "*":
                steps.append(("wild",))
                i += 1
                continue
            m = _NAME.match(text, i)
            if m is None:
                raise _invalid(path, "Could not analyze path component")
            steps.append(("prop", (m.group(),)))
            i = m.end()
        elif c == "[":
            end = _bracket_end(text, i)
            if end < 0:
                raise _invalid(path, "Could not analyze path component: " + text[i:])
            steps.append(_bracket(text[i + 1 : end], path))
            i = end + 1
        else:
            raise _invalid(path, "Could not analyze path component: " + text[i:])
    definite = all(
        s[0] == "prop" and len(s[1]) == 1 or s[0] == "index" and len(s[1]) == 1 for s in steps
    )
    return _Path(steps, definite)


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
    if body.startswith(("'", '"')):
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


def _split_quoted(body: str, path: str) -> list[str]:
    names = []
    i = 0
    while i < len(body):
        quote = body[i]
        if quote not in "'\"":
            raise _invalid(path, "Could not analyze path component: [" + body + "]")
        end = body.find(quote, i + 1)
        if end < 0:
            raise _invalid(path, "Property has not been closed - missing closing " + quote)
        names.append(body[i + 1 : end])
        i = end + 1
        while i < len(body) and body[i] in " ,":
            i += 1
    return names


def read(document: Any, path: str) -> Any:
    """The value at `path`, MISSING when a definite path does not resolve."""
    compiled = compile_path(path)
    if compiled.definite:
        node = document
        for step in compiled.steps:
            if step[0] == "prop":
                if type(node) is not dict:
                    return MISSING
                node = node.get(step[1][0], MISSING)
                if node is MISSING:
                    return MISSING
            else:
                if type(node) is not list:
                    return MISSING
                index = step[1][0]
                if index < 0 or index >= len(node):
                    return MISSING
                node = node[index]
        return node
    nodes = [document]
    steps = compiled.steps
    i = 0
    while i < len(steps):
        step = steps[i]
        if step[0] == "scan":
            step = steps[i + 1]
            i += 1
            walked: list[Any] = []
            for node in nodes:
                _preorder(node, walked)
            nodes = walked
        nodes = [found for node in nodes for found in _apply(step, node)]
        i += 1
    return nodes


def _preorder(node: Any, out: list[Any]) -> None:
    out.append(node)
    if type(node) is dict:
        for v in node.values():
            _preorder(v, out)
    elif type(node) is list:
        for v in node:
            _preorder(v, out)


def _apply(step: tuple, node: Any) -> list[Any]:
    kind = step[0]
    if kind == "prop":
        if type(node) is not dict:
            return []
        names = step[1]
        if len(names) == 1:
            return [node[names[0]]] if names[0] in node else []
        return [{k: node[k] for k in names if k in node}]
    if kind == "wild":
        if type(node) is dict:
            return list(node.values())
        if type(node) is list:
            return list(node)
        return []
    if type(node) is not list:
        return []
    if kind == "index":
        size = len(node)
        return [node[k if k >= 0 else size + k] for k in step[1] if -size <= k < size]
    start, end = step[1], step[2]
    return node[slice(start, end)]

"""A lexical reading of VTL: enough structure to check how values flow, without rendering.

It finds the directives (`#set`, `#if`, `#elseif`, `#else`, `#end`, `#foreach`) with the span of their
arguments, and the calls whose argument spans matter (`$util.escapeJavaScript(...)`). String literals
inside arguments are skipped as units, so a `)` or `#` inside one does not confuse it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_DIRECTIVE = re.compile(r"#\{?(set|if|elseif|foreach|else|end|break|stop)\b\}?")
_COMMENT = re.compile(r"##[^\n]*|#\*.*?\*#", re.DOTALL)
_WITH_ARGUMENTS = {"set", "if", "elseif", "foreach"}
_SIGNIFICANT = re.compile(r"[\"'()]")


@dataclass(frozen=True)
class Directive:
    name: str
    start: int
    end: int  # index just after the directive (after `)` for those with arguments)
    arguments: tuple[int, int] | None  # span inside the parentheses

    def text(self, source: str) -> str:
        return "" if self.arguments is None else source[self.arguments[0] : self.arguments[1]]


def closing_parenthesis(source: str, start: int) -> int:
    """Index of the `)` matching the `(` just before `start`; string literals are skipped whole."""
    depth, index = 1, start
    while (match := _SIGNIFICANT.search(source, index)) is not None:
        char, index = match.group(), match.end()
        if char in "\"'":
            closing = source.find(char, index)
            index = len(source) if closing < 0 else closing + 1
        elif char == "(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.start()
    return len(source)


@lru_cache(maxsize=64)
def directives(source: str) -> tuple[Directive, ...]:
    """Every directive, in order, with comments ignored."""
    comments = [match.span() for match in _COMMENT.finditer(source)]
    found: list[Directive] = []
    position = 0
    while (match := _DIRECTIVE.search(source, position)) is not None:
        if comments and any(start <= match.start() < end for start, end in comments):
            position = match.end()
            continue
        name, end, arguments = match.group(1), match.end(), None
        if name in _WITH_ARGUMENTS:
            opening = _skip_spaces(source, end)
            if opening < len(source) and source[opening] == "(":
                close = closing_parenthesis(source, opening + 1)
                arguments, end = (opening + 1, close), close + 1
        found.append(Directive(name, match.start(), end, arguments))
        position = end
    return tuple(found)


def call_arguments(source: str, call: str) -> list[tuple[int, int]]:
    """The argument spans of every call of a method such as `$util.escapeJavaScript(`."""
    spans = []
    position = 0
    while (start := source.find(call, position)) >= 0:
        opening = start + len(call)
        close = closing_parenthesis(source, opening)
        spans.append((opening, close))
        position = opening
    return spans


def _skip_spaces(source: str, index: int) -> int:
    while index < len(source) and source[index] in " \t":
        index += 1
    return index

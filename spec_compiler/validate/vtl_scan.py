"""A lexical reading of VTL: enough structure to check how values flow, without rendering.

It finds the directives (`#set`, `#if`, `#elseif`, `#else`, `#end`, `#foreach`) with the span of their
arguments, and the calls whose argument spans matter (`$util.escapeJavaScript(...)`). String literals
inside arguments are skipped as units, so a `)` or `#` inside one does not confuse it.

The reading is done by regexes, not by a loop over characters: `_DIRECTIVE` consumes a directive and,
when its string literals are closed and its parentheses nest at most `_NESTING` deep, its whole argument
list (group 3, `arguments`). Other argument lists (an unclosed quote, deeper nesting, no `)`) are walked
by `closing_parenthesis`, which the regex mirrors exactly where it applies.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

_COMMENT = re.compile(r"##[^\n]*|#\*.*?\*#", re.DOTALL)
_SIGNIFICANT = re.compile(r"[\"'()]")
_NESTING = 8


def _balanced(depth: int) -> str:
    """A regex for text whose parentheses nest at most `depth` deep and whose string literals close;
    every alternative starts with its own character and is possessive, so it never backtracks."""
    plain = r"""[^"'()]++|"[^"]*+"|'[^']*+'"""
    inner = f"(?:{plain})*+"
    for _ in range(depth):
        inner = rf"(?:{plain}|\({inner}\))*+"
    return inner


_ARGUMENTS = _balanced(_NESTING)
# The names of `#\{?(set|if|elseif|foreach|else|end|break|stop)\b\}?`, split by whether arguments follow.
_DIRECTIVE = re.compile(
    r"#\{?(?:(set|if|elseif|foreach)\b\}?(?P<call>[ \t]*\((?P<arguments>" + _ARGUMENTS + r")\))?"
    r"|(else|end|break|stop)\b\}?)"
)
_WITH_ARGUMENTS = frozenset(("set", "if", "elseif", "foreach"))
_OPENING = re.compile(r"[ \t]*\(")
_new_tuple = tuple.__new__  # makes a Directive without the Python-level __new__ of NamedTuple


class Directive(NamedTuple):
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


def directives(source: str) -> list[Directive]:
    """Every directive, in order, with comments ignored (a directive starting inside one is skipped).

    Without comments, one `finditer` reads them all, unless it meets a directive whose argument list
    the regex could not consume (an unclosed quote, deeper nesting, no `)`): up to that directive the
    two readings agree, so checking the finditer's directives for one is enough."""
    comments = [match.span() for match in _COMMENT.finditer(source)]
    if not comments:
        found = [
            _new_tuple(
                Directive,
                (
                    match[1] or match[4],
                    match.start(),
                    match.end(),
                    None if (span := match.span(3))[0] < 0 else span,
                ),
            )
            for match in _DIRECTIVE.finditer(source)
        ]
        if not any(
            _OPENING.match(source, directive.end)
            for directive in found
            if directive.arguments is None and directive.name in _WITH_ARGUMENTS
        ):
            return found
    return _directives_one_by_one(source, comments)


def _directives_one_by_one(source: str, comments: list[tuple[int, int]]) -> list[Directive]:
    """`directives`, one search at a time: after a directive in a comment the search goes on just
    after its name, and an argument list the regex could not consume is walked."""
    comment_count, comment = len(comments), 0
    found: list[Directive] = []
    search = _DIRECTIVE.search
    position = 0
    while (match := search(source, position)) is not None:
        start = match.start()
        while comment < comment_count and comments[comment][1] <= start:
            comment += 1
        if comment < comment_count and comments[comment][0] <= start:
            position = match.end() if match.start("call") < 0 else match.start("call")
            continue
        name = match.group(1)
        if name is None:
            found.append(Directive(match.group(4), start, match.end(), None))
            position = match.end()
            continue
        if match.start("call") >= 0:
            arguments = match.span("arguments")
            end = arguments[1] + 1
        elif opening := _OPENING.match(source, match.end()):
            close = closing_parenthesis(source, opening.end())
            arguments, end = (opening.end(), close), close + 1
        else:
            arguments, end = None, match.end()
        found.append(Directive(name, start, end, arguments))
        position = end
    return found


def call_arguments(source: str, call: str) -> list[tuple[int, int]]:
    """The argument spans of every call of a method such as `$util.escapeJavaScript(`, calls inside
    the arguments of another included."""
    spans = []
    for match in _call_pattern(call).finditer(source):
        opening = match.end()
        close = match.start(1) if match.start(1) >= 0 else closing_parenthesis(source, opening)
        spans.append((opening, close))
    return spans


@cache
def _call_pattern(call: str) -> re.Pattern[str]:
    """The call's name, then (looked at, not consumed, so calls inside are found too) its arguments."""
    return re.compile(re.escape(call) + r"(?:(?=" + _ARGUMENTS + r"(\))))?")

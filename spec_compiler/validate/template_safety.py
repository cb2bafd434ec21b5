"""Static checks of a mapping template: no raw splicing of input, at most one status override.

A value is *raw* when it comes from the client or the backend: `$input.params(...)`, `$input.path(...)`,
`$input.body`, `$context.authorizer...`, `$context.identity...`, what `$util.parseJson`,
`base64Decode` or `urlDecode` return, and every variable a `#set` or `#foreach` fills from one of those.
A raw value may be used in a directive (a condition, an assignment, a loop) or as the argument of
`$util.escapeJavaScript(...)`; anywhere else it is spliced into the output as it is, which lets a quote
change the structure of the JSON. `$input.json(...)` serializes and is safe. `escapeJavaScript` must be
followed by `.replaceAll("\\'","'")`: commons-lang escapes `'` as `\\'`, which JSON rejects.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spec_compiler.validate.vtl_scan import Directive, call_arguments, directives

RAW_SOURCE = re.compile(
    r"\$!?\{?(?:input\.(?:params|path|body)|context\.(?:authorizer|identity)"
    r"|util\.(?:parseJson|base64Decode|urlDecode))\b"
)
REFERENCE = re.compile(r"\$!?\{?([A-Za-z][A-Za-z0-9_-]*)")
ESCAPE_CALL = "$util.escapeJavaScript("
UNESCAPE_APOSTROPHE = """.replaceAll("\\\\'","'")"""
_END = 2**63
STATUS_OVERRIDE = re.compile(r"^\s*\$!?\{?context\.responseOverride\.status\b")
_ASSIGNED = re.compile(r"\s*\$!?\{?([A-Za-z][A-Za-z0-9_-]*)\}?\s*(?:=|\s+in\s+)(.*)", re.DOTALL)


def splice_problems(source: str) -> list[str]:
    """What in a template lets a raw value into its output, or escapes it without the apostrophe fix."""
    found = directives(source)
    in_directives = _merged([directive.arguments for directive in found if directive.arguments])
    escaped = call_arguments(source, ESCAPE_CALL)
    in_escapes = _merged(escaped)
    raw = _raw_variables(source, found)
    problems: list[str] = []
    uses = [(match.start(), match.group(0)) for match in RAW_SOURCE.finditer(source)]
    uses += [(match.start(), match.group(0)) for match in REFERENCE.finditer(source) if match.group(1) in raw]
    for start, text in sorted(uses):
        if not _inside(start, in_directives) and not _inside(start, in_escapes):
            problems.append(
                f"line {_line(source, start)}: {text} reaches the output raw; pass it through "
                f"$util.escapeJavaScript(...){UNESCAPE_APOSTROPHE} inside a JSON string, or $input.json(...)"
            )
    for opening, closing in escaped:
        if not _inside(opening, in_directives) and not source.startswith(UNESCAPE_APOSTROPHE, closing + 1):
            problems.append(
                f"line {_line(source, opening)}: $util.escapeJavaScript(...) is not followed by "
                f"{UNESCAPE_APOSTROPHE}, so an apostrophe becomes \\' and breaks the JSON"
            )
    return list(dict.fromkeys(problems))


def _raw_variables(source: str, found: tuple[Directive, ...]) -> set[str]:
    assignments = []
    for directive in found:
        if directive.name in ("set", "foreach") and (match := _ASSIGNED.match(directive.text(source))):
            assignments.append((match.group(1), match.group(2)))
    raw: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, value in assignments:
            if name not in raw and (
                RAW_SOURCE.search(value) or any(ref in raw for ref in REFERENCE.findall(value))
            ):
                raw.add(name)
                changed = True
    return raw


@dataclass
class _Branches:
    loop: bool
    done: list[int] = field(default_factory=list)
    current: int = 0


def status_override_problems(source: str) -> list[str]:
    """A template may set `$context.responseOverride.status` once per rendering: never twice on one
    path through its branches, never inside a loop."""
    stack = [_Branches(loop=False)]
    in_loop = False
    for directive in directives(source):
        top = stack[-1]
        if directive.name == "set" and STATUS_OVERRIDE.match(directive.text(source)):
            top.current += 1
            in_loop = in_loop or any(frame.loop for frame in stack)
        elif directive.name in ("if", "foreach"):
            stack.append(_Branches(loop=directive.name == "foreach"))
        elif directive.name in ("elseif", "else") and len(stack) > 1:
            top.done.append(top.current)
            top.current = 0
        elif directive.name == "end" and len(stack) > 1:
            stack.pop()
            stack[-1].current += max([*top.done, top.current])
    problems = []
    if in_loop:
        problems.append("sets $context.responseOverride.status inside a #foreach loop")
    if stack[0].current > 1:
        problems.append(
            "can set $context.responseOverride.status more than once in one rendering, which API Gateway "
            "answers with a 5XX"
        )
    return problems


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans sorted, with overlapping ones (a call inside a call) merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a position falls in one of the spans (as `_merged` returns them)."""
    index = bisect_right(spans, (position, _END)) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _line(source: str, position: int) -> int:
    return source.count("\n", 0, position) + 1

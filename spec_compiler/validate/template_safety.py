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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from spec_compiler.document import INTEGRATION, operations
from spec_compiler.validate.shapes import mapping
from spec_compiler.validate.vtl_scan import Directive, call_arguments, directives

RAW_SOURCE = re.compile(
    r"\$!?\{?(?:input\.(?:params|path|body)|context\.(?:authorizer|identity)"
    r"|util\.(?:parseJson|base64Decode|urlDecode))\b"
)
REFERENCE = re.compile(r"\$!?\{?([A-Za-z][A-Za-z0-9_-]*)")
ESCAPE_CALL = "$util.escapeJavaScript("
UNESCAPE_APOSTROPHE = """.replaceAll("\\\\'","'")"""
_END = 2**63
STATUS_OVERRIDE_NAME = "context.responseOverride.status"
STATUS_OVERRIDE = re.compile(r"^\s*\$!?\{?context\.responseOverride\.status\b")
_ASSIGNING = ("set", "foreach")
_ASSIGNED = re.compile(r"\s*\$!?\{?([A-Za-z][A-Za-z0-9_-]*)\}?\s*(?:=|\s+in\s+)(.*)", re.DOTALL)


def safety_problems(source: str) -> list[str]:
    """`splice_problems` and then `status_override_problems`, reading the directives once."""
    found = directives(source)
    return splice_problems(source, found) + status_override_problems(source, found)


def splice_problems(source: str, found: list[Directive] | None = None) -> list[str]:
    """What in a template lets a raw value into its output, or escapes it without the apostrophe fix.
    `found` is the template's `directives`, when already read."""
    if found is None:
        found = directives(source)
    in_directives = [directive.arguments for directive in found if directive.arguments is not None]
    escaped = call_arguments(source, ESCAPE_CALL)
    raw = _raw_variables(source, found)
    outside = _masked(source, in_directives + escaped)
    uses = [(match.start(), match.group(0)) for match in RAW_SOURCE.finditer(outside)]
    if raw:
        uses += [(match.start(), match.group(0)) for match in REFERENCE.finditer(outside) if match[1] in raw]
    problems = [
        f"line {_line(source, start)}: {text} reaches the output raw; pass it through "
        f"$util.escapeJavaScript(...){UNESCAPE_APOSTROPHE} inside a JSON string, or $input.json(...)"
        for start, text in sorted(uses)
    ]
    for opening, closing in escaped:
        if not source.startswith(UNESCAPE_APOSTROPHE, closing + 1) and not _inside(opening, in_directives):
            problems.append(
                f"line {_line(source, opening)}: $util.escapeJavaScript(...) is not followed by "
                f"{UNESCAPE_APOSTROPHE}, so an apostrophe becomes \\' and breaks the JSON"
            )
    return list(dict.fromkeys(problems))


def _masked(source: str, spans: list[tuple[int, int]]) -> str:
    """The source with every span blanked out, so a search of it finds only what starts outside them.
    A span starts just after a `(`, which no raw value or reference contains, so nothing that starts
    outside a span reaches into one (nor is the character after it blanked): what the search finds is
    exactly what it finds in the source, less what starts inside a span."""
    pieces = []
    cursor = 0
    for start, end in sorted(spans):
        if end > cursor:
            if start < cursor:
                start = cursor
            pieces += (source[cursor:start], " " * (end - start))
            cursor = end
    pieces.append(source[cursor:])
    return "".join(pieces)


def _raw_variables(source: str, found: list[Directive]) -> set[str]:
    """The variables a `#set` or `#foreach` fills from a raw value, directly or through another."""
    raw: set[str] = set()
    derived = []
    assignments = [
        arguments for name, _, _, arguments in found if name in _ASSIGNING and arguments is not None
    ]
    for arguments in assignments:
        if match := _ASSIGNED.match(source, *arguments):
            variable, value = match.groups()
            if "$" not in value:  # neither a raw source nor a reference
                continue
            if RAW_SOURCE.search(value):
                raw.add(variable)
            else:
                derived.append((variable, REFERENCE.findall(value)))
    changed = bool(raw)
    while changed:
        changed = False
        for variable, references in derived:
            if variable not in raw and not raw.isdisjoint(references):
                raw.add(variable)
                changed = True
    return raw


@dataclass
class _Branches:
    loop: bool
    done: list[int] = field(default_factory=list)
    current: int = 0


def status_override_problems(source: str, found: list[Directive] | None = None) -> list[str]:
    """A template may set `$context.responseOverride.status` once per rendering: never twice on one
    path through its branches, never inside a loop. `found` is the template's `directives`, when read."""
    if STATUS_OVERRIDE_NAME not in source:
        return []
    stack = [_Branches(loop=False)]
    in_loop = False
    for directive in directives(source) if found is None else found:
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


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a position falls in one of the spans, sorted and disjoint as directive arguments are
    (each directive is read from where the one before it ends)."""
    index = bisect_right(spans, (position, _END)) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _line(source: str, position: int) -> int:
    return source.count("\n", 0, position) + 1


def document_templates(document: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every request and response template of the document, with where it is (what is not a mapping
    where one belongs holds none: `gateway_rules` reports it)."""
    for operation in operations(document):
        integration = operation.integration
        if not isinstance(integration, dict):
            continue
        where = ("paths", operation.path, operation.method, INTEGRATION)
        for content_type, template in mapping(integration.get("requestTemplates")).items():
            yield (*where, "requestTemplates", content_type), str(template)
        for selection, response in mapping(integration.get("responses")).items():
            for content_type, template in mapping(mapping(response).get("responseTemplates")).items():
                yield (*where, "responses", selection, "responseTemplates", content_type), str(template)

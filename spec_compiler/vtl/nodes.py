"""The syntax tree of a mapping template, as the parser builds it and the compiler consumes it.

Every node keeps `offset`, its first character in the template, so errors can name a line and column,
and every expression keeps `source`, its text, which Velocity prints in place of a null operand.
A tree may share subtrees (the parser reuses the body of an interpolated string repeated in a template),
so a node is never changed once the parser has returned it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Text:
    text: str


@dataclass(slots=True)
class Property:
    name: str


@dataclass(slots=True)
class Call:
    name: str
    args: list[Any]
    offset: int


@dataclass(slots=True)
class Index:
    key: Any
    offset: int


@dataclass(slots=True)
class Reference:
    """`$root.a.b(...)[i]`; as a statement it renders, with `escapes` backslashes in front of it."""

    root: str
    steps: list[Property | Call | Index]
    source: str
    offset: int
    escapes: int = 0


@dataclass(slots=True)
class Literal:
    value: Any
    source: str
    offset: int


@dataclass(slots=True)
class Interpolated:
    """A double-quoted string containing `$` or `#`: a small template rendered to a String."""

    body: list[Any]
    source: str
    offset: int


@dataclass(slots=True)
class ListLiteral:
    items: list[Any]
    source: str
    offset: int


@dataclass(slots=True)
class MapLiteral:
    pairs: list[tuple[Any, Any]]
    source: str
    offset: int


@dataclass(slots=True)
class Range:
    start: Any
    end: Any
    source: str
    offset: int


@dataclass(slots=True)
class Binary:
    op: str
    left: Any
    right: Any
    source: str
    offset: int


@dataclass(slots=True)
class Not:
    operand: Any
    source: str
    offset: int


@dataclass(slots=True)
class Set:
    target: Reference
    value: Any
    offset: int


@dataclass(slots=True)
class If:
    branches: list[tuple[Any, list[Any]]]
    otherwise: list[Any] | None
    offset: int


@dataclass(slots=True)
class Foreach:
    var: str
    iterable: Any
    body: list[Any]
    offset: int


@dataclass(slots=True)
class Break:
    offset: int


@dataclass(slots=True)
class Stop:
    offset: int


@dataclass(slots=True)
class Macro:
    name: str
    params: list[str]
    body: list[Any]
    offset: int


@dataclass(slots=True)
class MacroCall:
    name: str
    args: list[Any]
    offset: int


@dataclass(slots=True)
class Evaluate:
    expr: Any
    offset: int


@dataclass(slots=True)
class Parsed:
    """A parsed template: its nodes and the macros it defines."""

    nodes: list[Any]
    macros: dict[str, Macro] = field(default_factory=dict)

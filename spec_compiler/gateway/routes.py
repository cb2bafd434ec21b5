"""Routing a request path to the document's path templates, the way API Gateway's resource tree does.

A path template is a list of segments; a `{name}` segment captures one whole segment, a greedy
`{name+}` everything that follows. Literal segments win over captures at the same depth (API Gateway
prefers `/movies/top` to `/movies/{name}`), so the router is a tree walked literal-first with
backtracking rather than a list of regular expressions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar
from urllib.parse import unquote

Target = TypeVar("Target")


@dataclass
class _Node(Generic[Target]):
    literals: dict[str, _Node[Target]] = field(default_factory=dict)
    capture: tuple[str, _Node[Target]] | None = None
    greedy: bool = False
    methods: dict[str, Target] = field(default_factory=dict)
    template: str | None = None


@dataclass(frozen=True)
class Match(Generic[Target]):
    """A routed request: the resource path template, its decoded path parameters and the method's target."""

    resource_path: str
    parameters: dict[str, str]
    target: Target


class Router(Generic[Target]):
    """Maps (method, path) to whatever the caller registered for that path template and method."""

    def __init__(self) -> None:
        self._root: _Node[Target] = _Node()

    def add(self, template: str, method: str, target: Target) -> None:
        node = self._root
        for segment in _segments(template):
            if segment.startswith("{") and segment.endswith("}"):
                name = segment[1:-1].rstrip("+")
                if node.capture is None:
                    node.capture = (name, _Node())
                    node.greedy = segment.endswith("+}")
                elif node.capture[0] != name:
                    raise ValueError(
                        f"{template}: {{{name}}} conflicts with {{{node.capture[0]}}} at one level"
                    )
                node = node.capture[1]
            else:
                node = node.literals.setdefault(segment, _Node())
        node.template = template
        node.methods[method.upper()] = target

    def match(self, method: str, raw_path: str) -> Match[Target] | None:
        """The target for this method and raw (still percent-encoded) path, or None (API Gateway's 403)."""
        found = self._walk(self._root, _segments(raw_path), 0, {})
        if found is None:
            return None
        node, parameters = found
        target = node.methods.get(method.upper())
        if target is None or node.template is None:
            return None
        return Match(node.template, parameters, target)

    def _walk(
        self, node: _Node[Target], segments: list[str], depth: int, captured: dict[str, str]
    ) -> tuple[_Node[Target], dict[str, str]] | None:
        if depth == len(segments):
            return (node, captured) if node.template is not None else None
        segment = segments[depth]
        literal = node.literals.get(unquote(segment))
        if literal is not None:
            found = self._walk(literal, segments, depth + 1, captured)
            if found is not None:
                return found
        if node.capture is not None and segment:
            name, child = node.capture
            if node.greedy:
                rest = "/".join(unquote(part) for part in segments[depth:])
                return (child, {**captured, name: rest}) if child.template is not None else None
            return self._walk(child, segments, depth + 1, {**captured, name: unquote(segment)})
        return None


def _segments(path: str) -> list[str]:
    stripped = path.strip("/")
    return stripped.split("/") if stripped else []

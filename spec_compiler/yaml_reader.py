"""YAML as PyYAML's safe loader reads it, in about half the time for a large JSON-like document.

libyaml parses and composes the nodes in C, but PyYAML then resolves each scalar's type and builds each
value in Python, one generator per collection: 0.75 s for a 6 MB document. This loader remembers the
type of each distinct scalar text (a document repeats its keys and short values thousands of times) and
builds plain mappings, lists, strings, numbers, booleans and nulls in one loop. Anything else (merge keys
`<<`, timestamps, binary, sets, explicit tags, keys that are collections) goes to PyYAML's own
constructor, so the result, and every error, is the safe loader's. An alias is the same value wherever it
appears, as with PyYAML, except that one inside a part PyYAML's constructor builds is a copy equal to it.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where it is installed

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# Keys a mapping may have to be built here: those of plain data (not a merge key `<<`, nor `=`, which
# PyYAML reads as a string only while it flattens a mapping; nor a date or a collection).
_PLAIN_KEYS = frozenset((_STR, _NULL, _BOOL, _INT, _FLOAT))


def load_yaml(text: str) -> Any:
    """The data of a YAML (or JSON) text with one document, as `yaml.safe_load` gives it."""
    return yaml.load(text, Loader=_Loader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[tuple[str, tuple[bool, bool]], str] = {}
        self._scalars = {
            _NULL: self.construct_yaml_null,
            _BOOL: self.construct_yaml_bool,
            _INT: self.construct_yaml_int,
            _FLOAT: self.construct_yaml_float,
        }

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        """The tag of a node; a scalar's depends on its text alone here (no path resolvers)."""
        if kind is not ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = self._tags[key] = super().resolve(kind, value, implicit)
        return tag

    def construct_document(self, node: Node) -> Any:
        """The document's value: collections are made empty, then filled from a list of those still to
        fill (no recursion, however deep the document)."""
        made: dict[int, Any] = {}  # collections by node, so an alias gives the same value
        unfilled: list[tuple[Node, Any]] = []
        document = self._value(node, made, unfilled)
        while unfilled:
            node, value = unfilled.pop()
            if isinstance(value, dict):
                for key, member in node.value:
                    value[self._value(key, made, unfilled)] = self._value(member, made, unfilled)
            else:
                value.extend([self._value(item, made, unfilled) for item in node.value])
        while self.state_generators:  # what PyYAML's constructor left to fill, as its own loop does
            generators, self.state_generators = self.state_generators, []
            for generator in generators:
                for _ in generator:
                    pass
        self.constructed_objects, self.recursive_objects = {}, {}
        return document

    def _value(self, node: Node, made: dict[int, Any], unfilled: list[tuple[Node, Any]]) -> Any:
        if type(node) is ScalarNode:
            if node.tag == _STR:
                return node.value
            construct = self._scalars.get(node.tag)
            return construct(node) if construct else self.construct_object(node)
        known = made.get(id(node))
        if known is not None:
            return known
        if type(node) is SequenceNode and node.tag == _SEQ:
            value: Any = []
        elif type(node) is MappingNode and node.tag == _MAP and _plain_keys(node):
            value = {}
        else:
            value = made[id(node)] = self.construct_object(node)
            return value
        made[id(node)] = value
        unfilled.append((node, value))
        return value


def _plain_keys(node: MappingNode) -> bool:
    return all(type(key) is ScalarNode and key.tag in _PLAIN_KEYS for key, _ in node.value)

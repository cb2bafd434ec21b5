"""Writing the document: deterministic YAML under a header that says it is generated, written atomically.

The document is plain JSON data (dicts, lists, strings, numbers, booleans, null), so a small emitter
writes it directly, ten times faster than PyYAML's representer, which matters at API Gateway's 300
resources. Keys keep the generator's (sorted or fixed) order; no anchors, no line folding; a string is
plain when YAML reads it back as that same string, a literal block when it has several lines (the
templates), and double-quoted otherwise. A mapping or list that fits on its key's line (`WIDTH`) is
written there in flow style (`schema: {$ref: "#/components/schemas/Error"}`): at 300 resources the
indentation of one-line blocks is a large part of API Gateway's 6 MB. Tests check that `yaml.safe_load`
gives the document back.

The file is replaced with `os.replace` from a temporary file in the same folder, so readers see the old or
the new document, never half of one.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml.resolver

INDENT = "  "
WIDTH = 100  # the longest line a flow-style collection is written on
_MOST_MEMBERS = WIDTH // 4  # a collection with more cannot fit (each member takes `x, ` at least)
BLOCK_MEMBERS = _MOST_MEMBERS + 1  # a mapping of this many members or more is always written as a block
_STR_TAG = "tag:yaml.org,2002:str"
# Characters YAML cannot hold raw in a quoted scalar (non-printable ones, and line breaks JSON leaves raw).
_NEEDS_ESCAPE = re.compile("[^\x09\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PLAIN = re.compile(r"(?![-?:,\[\]{}#&*!|>'\"%@`])[\x21-\x7e][\x20-\x7e]*")
_FLOW_UNSAFE = re.compile(r"[,?\[\]{}:#]")  # what could end a plain scalar inside a flow collection
_BLOCK_TEXT = re.compile("[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")
_LINE_START = re.compile("\n(?=[^\n])")


class _Scalars:
    """How each string is written; the YAML resolver decides which plain strings would change type.

    Every decision is remembered: a document of 300 resources repeats its keys and short values
    thousands of times, and its collections are looked at once each (by id(): the document outlives
    the emitter)."""

    def __init__(self) -> None:
        self._resolver = yaml.resolver.Resolver()
        self.keys: dict[str, str] = {}
        self.strings: dict[str, str | None] = {}  # a string value's text; None: a literal block
        self.flows: dict[int, str | None] = {}
        self.flow_scalars: dict[str, str] = {}

    def key(self, value: str) -> str:
        if not isinstance(value, str):
            raise TypeError(f"document keys are strings, not {value!r}")
        text = self.keys[value] = value if self.is_plain(value) else self.quoted(value)
        return text

    def value(self, value: Any, indent: str) -> str:
        if isinstance(value, str):
            text = self.strings.get(value, False)
            if text is None:
                return self.literal(value, indent)  # type: ignore[return-value]
            if text is False:
                if self.is_plain(value):
                    text = value
                else:
                    block = self.literal(value, indent)
                    if block is not None:
                        self.strings[value] = None
                        return block
                    text = self.quoted(value)
                self.strings[value] = text
            return text  # type: ignore[return-value]
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return _float(value)
        raise TypeError(f"cannot write {type(value).__name__} into the document")

    def flow_text(self, value: dict[str, Any] | list[Any]) -> str | None:
        """A non-empty collection in flow style when it fits in `WIDTH`, else None; a large one is
        looked at only until it is too long. Callers look in `flows` first and remember the answer."""
        count = len(value)
        if count > _MOST_MEMBERS:
            return None
        if isinstance(value, dict):
            # Each member takes at least its key's length and `: x, `.
            if count > 2 and sum(map(len, value)) + 5 * count > WIDTH:
                return None
            members = value.items()
        else:
            members = ((None, member) for member in value)
        scalars = self.flow_scalars
        flows = self.flows
        parts = []
        length = 0  # of the text so far with a `, ` after each part: the brackets take the last one's place
        for key, member in members:
            if isinstance(member, str):
                text = scalars.get(member)
                if text is None:
                    if len(member) > WIDTH:
                        return None
                    text = self.flow_scalar(member)
            elif isinstance(member, dict | list):
                if member:
                    text = flows.get(id(member), False)
                    if text is False:
                        text = flows[id(member)] = self.flow_text(member)
                    if text is None:
                        return None
                else:
                    text = "{}" if isinstance(member, dict) else "[]"
            else:
                text = self.value(member, "")
            if key is not None:
                text = f"{scalars.get(key) or self.flow_scalar(key)}: {text}"
            length += len(text) + 2
            if length > WIDTH:
                return None
            parts.append(text)
        joined = ", ".join(parts)
        return f"{{{joined}}}" if isinstance(value, dict) else f"[{joined}]"

    def flow_scalar(self, value: str) -> str:
        """A string inside a flow collection: plain without flow indicators or `:`, else quoted."""
        if not isinstance(value, str):
            raise TypeError(f"document keys are strings, not {value!r}")
        known = self.flow_scalars.get(value)
        if known is None:
            plain = self.is_plain(value) and not _FLOW_UNSAFE.search(value)
            known = self.flow_scalars[value] = value if plain else self.quoted(value)
        return known

    def is_plain(self, value: str) -> bool:
        return bool(
            _PLAIN.fullmatch(value)
            and not value.endswith((" ", ":"))
            and ": " not in value
            and " #" not in value
            and self._resolver.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG
        )

    @staticmethod
    def quoted(value: str) -> str:
        escaped = json.dumps(value, ensure_ascii=False)
        return _NEEDS_ESCAPE.sub(lambda match: _escape(match.group()), escaped)

    @staticmethod
    def literal(value: str, indent: str) -> str | None:
        """`|` block for multi-line text, or None when a block could not carry it exactly."""
        if "\n" not in value and not ("'" in value and '"' in value):
            return None
        body, chomp = (value[:-1], "|") if value.endswith("\n") else (value, "|-")
        if not body or body[0] in " \n" or body.endswith(("\n", " ")) or " \n" in body:
            return None  # a first line that is empty or indented, an empty last line, trailing spaces
        if not _BLOCK_TEXT.fullmatch(body):
            return None
        return chomp + _LINE_START.sub("\n" + indent, "\n" + body)  # empty lines stay empty


def render_yaml(document: dict[str, Any], header: str) -> str:
    """The document as YAML text, preceded by `header` as `#` comment lines."""
    return yaml_text(header, member_lines(document).values() if document else [["{}"]])


def member_lines(mapping: dict[str, Any], depth: int = 0) -> dict[str, list[str]]:
    """The lines of each member of a mapping at `depth` (0: the document's own members), by key. Each
    member's lines depend on it alone, so a document may be written in parts, even by several processes,
    and put together with `written_mapping` and `yaml_text`."""
    scalars = _Scalars()
    indent = INDENT * depth
    written = {}
    for key, value in mapping.items():
        written[key] = lines = []
        _mapping({key: value}, indent, lines, scalars)
    return written


def written_mapping(key: str, members: list[list[str]]) -> list[str]:
    """The lines of a top-level member whose value is a mapping with these members (from `member_lines`
    at depth 1). Only a mapping too large for flow style can be put together from its members' lines."""
    if len(members) < BLOCK_MEMBERS:
        raise ValueError(f"a mapping of {len(members)} members may be written in flow style: write it whole")
    return [f"{_Scalars().key(key)}:", *(line for member in members for line in member)]


def yaml_text(header: str, parts: Iterable[list[str]]) -> str:
    """The document's text: `header` as `#` comment lines, then the lines of its parts."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += (line for part in parts for line in part)
    return "\n".join(lines) + "\n"


def _mapping(mapping: dict[str, Any], indent: str, lines: list[str], scalars: _Scalars) -> None:
    keys, strings, flows = scalars.keys, scalars.strings, scalars.flows
    inner = indent + INDENT
    for key, value in mapping.items():
        prefix = f"{indent}{keys.get(key) or scalars.key(key)}:"
        if isinstance(value, str):
            text = strings.get(value)
            lines.append(f"{prefix} {text or scalars.value(value, inner)}")
        elif isinstance(value, dict | list) and value:
            flow = flows.get(id(value), False)
            if flow is False:
                flow = flows[id(value)] = scalars.flow_text(value)
            if flow is not None and len(prefix) + 1 + len(flow) <= WIDTH:
                lines.append(f"{prefix} {flow}")
            else:
                lines.append(prefix)
                if isinstance(value, dict):
                    _mapping(value, inner, lines, scalars)
                else:
                    _sequence(value, indent, lines, scalars)
        else:
            lines.append(f"{prefix} {_inline(value, inner, scalars)}")


def _sequence(items: list[Any], indent: str, lines: list[str], scalars: _Scalars) -> None:
    """Items as `- ` lines at the parent's indentation, as PyYAML writes them."""
    for item in items:
        if isinstance(item, dict | list) and item:
            start = len(lines)
            inner = indent + INDENT
            if isinstance(item, dict):
                _mapping(item, inner, lines, scalars)
            else:
                _sequence(item, inner, lines, scalars)
            lines[start] = f"{indent}- {lines[start][len(inner) :]}"
        else:
            lines.append(f"{indent}- {_inline(item, indent + INDENT, scalars)}")


def _inline(value: Any, indent: str, scalars: _Scalars) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalars.value(value, indent)


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _float(value: float) -> str:
    """A float YAML 1.1 reads back as the same float (it needs a dot before an exponent)."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step; on any failure the previous file is left as it was."""
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    """What `open(path, "w")` would give: 0o666 minus the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask

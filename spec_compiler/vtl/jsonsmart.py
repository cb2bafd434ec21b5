"""JSON parsing as json-smart 2.2 does it in Jayway's permissive mode (what `$input` and `parseJson` see).

Strict JSON goes through Python's parser with json-smart's number types: whole numbers are ints, decimals
are doubles unless the literal is longer than 18 characters (then BigDecimal). Anything else goes
through a small permissive parser: single quotes, unquoted keys and words, trailing commas.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any


class JsonParseError(Exception):
    """The text is not even permissive JSON."""


def _float(text: str) -> Any:
    if len(text) > 18:
        return Decimal(text)
    return float(text)


_CONSTANTS = {"NaN": float("nan"), "Infinity": "Infinity", "-Infinity": "-Infinity"}
_DECODER = json.JSONDecoder(parse_float=_float, parse_constant=_CONSTANTS.__getitem__)


MAX_DEPTH = 400  # json-smart refuses documents nested deeper than this
_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    for m in _NESTING.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif token in "]}":
            depth -= 1
    return False


def parse(text: str) -> Any:
    """Parse a body or a parseJson argument; raises JsonParseError when json-smart would."""
    if _too_deep(text):
        raise JsonParseError(f"Malicious payload, having non natural depths, over {MAX_DEPTH}")
    if "\x7f" not in text:
        try:
            return _DECODER.decode(text)
        except ValueError:
            pass
    try:
        return _Permissive(text).document()
    except (IndexError, ValueError) as exc:
        raise JsonParseError(str(exc)) from None


_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "\\": "\\", "/": "/", '"': '"', "'": "'"}
_NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?$")
_STOP_VALUE = ",]}"
_WS = " \t\r\n"


class _Permissive:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def fail(self, what: str) -> JsonParseError:
        return JsonParseError(f"{what} at position {self.i}")

    def skip(self) -> None:
        s = self.s
        while self.i < len(s) and s[self.i] in _WS:
            self.i += 1

    def document(self) -> Any:
        """The first value; json-smart ignores whatever follows a complete object, array or string."""
        self.skip()
        if self.i >= len(self.s):
            raise self.fail("Unexpected End Of File")
        return self.value(top=True)

    def value(self, top: bool = False) -> Any:
        self.skip()
        if self.i >= len(self.s):
            raise self.fail("Unexpected End Of File")
        c = self.s[self.i]
        if c == "{":
            return self.obj()
        if c == "[":
            return self.array()
        if c in "\"'":
            return self.string(c)
        return self.word(top)

    def word(self, top: bool) -> Any:
        s = self.s
        start = self.i
        stops = "" if top else _STOP_VALUE
        while self.i < len(s) and s[self.i] not in stops:
            if not top and s[self.i] in "{[":
                break
            self.i += 1
        text = s[start : self.i].strip(_WS)
        if not text:
            raise self.fail("Unexpected character")
        if text == "true":
            return True
        if text == "false":
            return False
        if text == "null":
            return None
        if text == "NaN":
            return float("nan")
        if text == "-":
            return 0
        if _NUMBER.match(text):
            if "." in text or "e" in text or "E" in text:
                return _float(text)
            return int(text)
        return text

    def string(self, quote: str) -> str:
        """json-smart keeps a string without backslashes as it is; in one with backslashes it drops raw
        control characters (U+0000-001F, U+007F) and unknown escapes."""
        s = self.s
        close = s.find(quote, self.i + 1)
        if close < 0:
            raise self.fail("Unexpected End Of File")
        plain = s[self.i + 1 : close]
        if "\\" not in plain:
            self.i = close + 1
            return plain
        self.i += 1
        out = []
        while True:
            if self.i >= len(s):
                raise self.fail("Unexpected End Of File")
            c = s[self.i]
            self.i += 1
            if c == quote:
                return "".join(out)
            if c == "\\":
                if self.i >= len(s):
                    raise self.fail("Unexpected End Of File")
                e = s[self.i]
                self.i += 1
                if e in "ux":
                    digits = 4 if e == "u" else 2
                    code = s[self.i : self.i + digits]
                    if len(code) < digits or not all(ch in "0123456789abcdefABCDEF" for ch in code):
                        raise self.fail("Invalid escape")
                    out.append(chr(int(code, 16)))
                    self.i += digits
                else:
                    out.append(_ESCAPES.get(e, ""))
            elif c > "\x1f" and c != "\x7f":
                out.append(c)

    def key(self) -> str:
        self.skip()
        s = self.s
        if self.i < len(s) and s[self.i] in "\"'":
            return self.string(s[self.i])
        start = self.i
        while self.i < len(s) and s[self.i] not in ":,}":
            self.i += 1
        return s[start : self.i].strip(_WS)

    def obj(self) -> dict:
        result: dict = {}
        self.i += 1
        while True:
            self.skip()
            if self.i >= len(self.s):
                raise self.fail("Unexpected End Of File")
            if self.s[self.i] == "}":
                self.i += 1
                return result
            if self.s[self.i] == ",":
                self.i += 1
                continue
            k = self.key()
            self.skip()
            if self.i >= len(self.s) or self.s[self.i] != ":":
                raise self.fail("Unexpected character")
            self.i += 1
            result[k] = self.value()

    def array(self) -> list:
        result: list = []
        self.i += 1
        while True:
            self.skip()
            if self.i >= len(self.s):
                raise self.fail("Unexpected End Of File")
            if self.s[self.i] == "]":
                self.i += 1
                return result
            if self.s[self.i] == ",":
                self.i += 1
                continue
            result.append(self.value())

"""`$input` and `$util`: the objects API Gateway puts in every mapping template's context."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from typing import Any, ClassVar

from spec_compiler.vtl import jsonpath, jsonsmart
from spec_compiler.vtl.javaregex import JavaException
from spec_compiler.vtl.javatypes import to_java_string, to_json
from spec_compiler.vtl.methods import NoMethod

_NOT_PARSED = object()


def _copy(value: Any) -> Any:
    """A fresh copy of parsed JSON, as Jayway parses the body anew on every call."""
    t = type(value)
    if t is dict:
        copied = {}
        for k, v in value.items():  # a loop, not a comprehension: one stack frame per nesting level
            copied[k] = _copy(v)
        return copied
    if t is list:
        items = []
        for v in value:
            items.append(_copy(v))
        return items
    return value


class Input:
    """`$input`: the request (or integration response) body and the request parameters."""

    __slots__ = ("_doc", "body", "copies", "params_map")

    def __init__(self, body: str, params: dict, copies: bool = True) -> None:
        self.body = body
        self.params_map = params
        self.copies = copies  # False when the template cannot change what it reads
        self._doc: Any = _NOT_PARSED

    def java_string(self) -> str:
        return "$input"

    def java_property(self, name: str) -> Any:
        if name in ("body", "Body"):
            return self.body or "{}"
        return None

    def _lookup(self, path: Any) -> Any:
        if path is None or not self.body:
            return jsonpath.MISSING
        doc = self._doc
        if doc is _NOT_PARSED:
            try:
                doc = jsonsmart.parse(self.body)
            except jsonsmart.JsonParseError:
                doc = jsonpath.MISSING
            self._doc = doc
        if doc is jsonpath.MISSING:
            jsonpath.compile_path(path)
            return jsonpath.MISSING
        if doc is None:
            jsonpath.compile_path(path)
            raise JavaException("IllegalArgumentException: root can not be null (the body is JSON null)")
        return jsonpath.read(doc, path)

    def path(self, path: Any) -> Any:
        if path is not None and type(path) is not str:
            raise NoMethod
        found = self._lookup(path)
        if found is jsonpath.MISSING or found is None:
            return ""
        return _copy(found) if self.copies else found

    def json(self, path: Any) -> str:
        if path is not None and type(path) is not str:
            raise NoMethod
        found = self._lookup(path)
        return to_json("" if found is jsonpath.MISSING else found, escape_slash=False)

    def params(self, *name: Any) -> Any:
        if not name:
            return self.params_map
        key = name[0]
        if key is not None and type(key) is not str:
            raise NoMethod
        for kind in ("path", "querystring", "header"):
            group = self.params_map.get(kind)
            if isinstance(group, dict):
                value = group.get(key)
                if value is not None:
                    return value
        return ""

    java_methods: ClassVar[dict[str, Callable]] = {
        "path": lambda self, args: _one(args) and self.path(args[0]),
        "json": lambda self, args: _one(args) and self.json(args[0]),
        "params": lambda self, args: _at_most_one(args) and self.params(*args),
        "getBody": lambda self, args: _none(args) and self.java_property("body"),
        "toString": lambda self, args: _none(args) and "$input",
    }


def _one(args: list[Any]) -> bool:
    if len(args) != 1:
        raise NoMethod
    return True


def _none(args: list[Any]) -> bool:
    if args:
        raise NoMethod
    return True


def _at_most_one(args: list[Any]) -> bool:
    if len(args) > 1:
        raise NoMethod
    return True


# ------------------------------------------------------------------ $util


def _escape_char(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04X}\\u{0xDC00 + (code & 0x3FF):04X}"
    if code > 0xFFF:
        return f"\\u{code:X}"
    if code > 0xFF:
        return f"\\u0{code:X}"
    return f"\\u00{code:X}"


_ESCAPE_TABLE = {i: f"\\u{i:04X}" for i in range(32)}
_ESCAPE_TABLE.update(
    {
        ord("\b"): "\\b",
        ord("\n"): "\\n",
        ord("\t"): "\\t",
        ord("\f"): "\\f",
        ord("\r"): "\\r",
        ord("'"): "\\'",
        ord('"'): '\\"',
        ord("\\"): "\\\\",
        ord("/"): "\\/",
    }
)
_NON_ASCII = re.compile("[^\x00-\x7f]")


def escape_javascript(s: str) -> str:
    """commons-lang 2.6 StringEscapeUtils.escapeJavaScript, char for char (UTF-16, uppercase hex)."""
    out = s.translate(_ESCAPE_TABLE)
    if not out.isascii():
        out = _NON_ASCII.sub(_escape_char, out)
    return out


_URL_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_")


def url_encode(s: str) -> str:
    """java.net.URLEncoder.encode(s, "UTF-8"): form encoding, space as `+`."""
    out = []
    for byte in s.encode("utf-8", "replace"):
        if byte in _URL_SAFE:
            out.append(chr(byte))
        elif byte == 0x20:
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def url_decode(s: str) -> str:
    """java.net.URLDecoder.decode(s, "UTF-8"), including its errors for a malformed `%`."""
    out: list[str] = []
    i = 0
    size = len(s)
    while i < size:
        c = s[i]
        if c == "+":
            out.append(" ")
            i += 1
        elif c == "%":
            data = bytearray()
            while i + 2 < size and s[i] == "%":
                data.append(_hex_byte(s[i + 1 : i + 3]))
                i += 3
            if i < size and s[i] == "%":
                raise JavaException(
                    "IllegalArgumentException: URLDecoder: Incomplete trailing escape (%) pattern"
                )
            out.append(data.decode("utf-8", "replace"))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _hex_byte(pair: str) -> int:
    """Integer.parseInt(pair, 16) as URLDecoder uses it (a sign is accepted, a negative value is not)."""
    body = pair[1:] if pair[0] in "+-" else pair
    if not body or not all(ch in "0123456789abcdefABCDEF" for ch in body) or pair[0] == "-":
        raise JavaException(
            "IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%) pattern"
        )
    return int(body, 16)


_B64_STD = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_B64_URL = re.compile(r"[A-Za-z0-9\-_]*={0,2}")


def _strict_b64(s: str, alphabet: re.Pattern, altchars: bytes | None) -> bytes | None:
    if not alphabet.fullmatch(s):
        return None
    data = s.rstrip("=")
    pad = len(s) - len(data)
    if len(data) % 4 == 1 or (pad and (len(data) + pad) % 4):
        return None
    try:
        return base64.b64decode(data + "=" * (-len(data) % 4), altchars=altchars, validate=True)
    except binascii.Error:
        return None


def base64_decode(s: str) -> str:
    """Basic, then URL-safe, then MIME (lenient) decoding, as the oracle's $util.base64Decode."""
    data = _strict_b64(s, _B64_STD, None)
    if data is None:
        data = _strict_b64(s, _B64_URL, b"-_")
    if data is None:
        kept = "".join(c for c in s.split("=", 1)[0] if c.isascii() and (c.isalnum() or c in "+/"))
        if len(kept) % 4 == 1:
            raise JavaException("IllegalArgumentException: Last unit does not have enough valid bits")
        data = base64.b64decode(kept + "=" * (-len(kept) % 4))
    return data.decode("utf-8", "replace")


def _string_arg(args: list[Any]) -> Any:
    if len(args) != 1:
        raise NoMethod
    value = args[0]
    if value is not None and type(value) is not str:
        raise NoMethod
    return value


def _parse_json(s: str) -> Any:
    if not s:
        return None
    try:
        return jsonsmart.parse(s)
    except jsonsmart.JsonParseError as exc:
        raise JavaException(f"InvalidJsonException: {exc}") from None


def _util_method(fn):
    def call(_util: Any, args: list[Any]) -> Any:
        value = _string_arg(args)
        return None if value is None else fn(value)

    return call


def _escape_any(_util: Any, args: list[Any]) -> Any:
    if len(args) != 1:
        raise NoMethod
    return None if args[0] is None else escape_javascript(to_java_string(args[0]))


class Util:
    """`$util`: escaping, JSON parsing, URL and base64 helpers."""

    __slots__ = ()

    def java_string(self) -> str:
        return "$util"

    def java_property(self, name: str) -> Any:
        return None

    java_methods: ClassVar[dict[str, Callable]] = {
        "escapeJavaScript": _escape_any,
        "parseJson": _util_method(_parse_json),
        "urlEncode": _util_method(url_encode),
        "urlDecode": _util_method(url_decode),
        "base64Encode": _util_method(
            lambda s: base64.b64encode(s.encode("utf-8", "replace")).decode("ascii")
        ),
        "base64Decode": _util_method(base64_decode),
        "toString": lambda self, args: _none(args) and "$util",
    }


UTIL = Util()

"""Java value semantics the templates observe: how values print, compare and serialize as JSON.

Python values stand in for the Java objects Velocity sees:
  str -> String, bool -> Boolean, int -> Integer/Long/BigInteger, float -> Double, Decimal -> BigDecimal,
  dict -> LinkedHashMap (prints `{k=v}`), list -> json-smart JSONArray (prints as JSON),
  JavaList -> java.util.ArrayList (prints `[a, b]`), JavaArray -> String[], Entry -> Map.Entry.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any


class JavaList(list):
    """A java.util.ArrayList (list literals, ranges, key sets): prints as `[a, b]`."""

    __slots__ = ()


class JavaArray(list):
    """A Java String[] (from `split`): prints as Java prints an array, an identity-hash name."""

    __slots__ = ()


class Entry:
    """A Map.Entry from `entrySet()`: a live view of one key of its map, printing as `key=value`."""

    __slots__ = ("key", "owner")

    def __init__(self, owner: dict, key: Any) -> None:
        self.owner = owner
        self.key = key

    @property
    def value(self) -> Any:
        return self.owner.get(self.key)

    @value.setter
    def value(self, new: Any) -> None:
        self.owner[self.key] = new

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Entry)
            and java_equals(self.key, other.key)
            and java_equals(self.value, other.value)
        )

    __hash__ = None  # type: ignore[assignment]


def is_number(value: Any) -> bool:
    """True for a Java Number (never for a Boolean)."""
    t = type(value)
    return t is int or t is float or t is Decimal


def is_int32(value: Any) -> bool:
    """True for a value Java would pass to an `int` parameter."""
    return type(value) is int and -(2**31) <= value < 2**31


def double_to_string(d: float) -> str:
    """Java's Double.toString: plain between 1e-3 and 1e7, otherwise `d.dddE±n`."""
    if d != d:
        return "NaN"
    if d == math.inf:
        return "Infinity"
    if d == -math.inf:
        return "-Infinity"
    if d == 0.0:
        return "-0.0" if math.copysign(1.0, d) < 0 else "0.0"
    if abs(d) == 5e-324:
        return "-4.9E-324" if d < 0 else "4.9E-324"  # Java prints Double.MIN_VALUE with two digits
    text = repr(d)
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    mantissa, _, exp = text.partition("e")
    whole, _, frac = mantissa.partition(".")
    raw = whole + frac
    stripped = raw.lstrip("0")
    point = len(whole) + (int(exp) if exp else 0) - (len(raw) - len(stripped))
    digits = stripped.rstrip("0") or "0"
    magnitude = abs(d)
    if 1e-3 <= magnitude < 1e7:
        if point <= 0:
            return f"{sign}0.{'0' * -point}{digits}"
        if point >= len(digits):
            return f"{sign}{digits}{'0' * (point - len(digits))}.0"
        return f"{sign}{digits[:point]}.{digits[point:]}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{point - 1}"


def decimal_to_string(d: Decimal) -> str:
    """Java's BigDecimal.toString, which follows the same rule as Python's Decimal."""
    return str(d)


def to_java_string(value: Any) -> str:
    """String.valueOf(value): what Java's toString gives (None is "null")."""
    fn = _TO_STRING.get(type(value))
    if fn is not None:
        return fn(value)
    if value is None:
        return "null"
    to_java = getattr(value, "java_string", None)
    if to_java is not None:
        return to_java()
    if isinstance(value, dict):
        return _map_string(value)
    if isinstance(value, list):
        return _collection_string(value)
    return str(value)


def _map_string(m: dict) -> str:
    parts = []
    for k, v in m.items():
        ks = "(this Map)" if k is m else to_java_string(k)
        vs = "(this Map)" if v is m else to_java_string(v)
        parts.append(f"{ks}={vs}")
    return "{" + ", ".join(parts) + "}"


def _collection_string(items: list) -> str:
    parts = []
    for e in items:  # a loop, not a generator: one stack frame per nesting level
        parts.append("(this Collection)" if e is items else to_java_string(e))
    return "[" + ", ".join(parts) + "]"


def _array_string(items: list) -> str:
    # Java prints an array's class and identity hash, which differs per run; this is a stable stand-in.
    return "[Ljava.lang.String;@" + format(id(items) & 0x7FFFFFFF, "x")


_TO_STRING: dict[type, Any] = {
    str: lambda v: v,
    bool: lambda v: "true" if v else "false",
    int: str,
    float: double_to_string,
    Decimal: decimal_to_string,
    dict: _map_string,
    list: lambda v: to_json(v, escape_slash=True),
    JavaList: _collection_string,
    JavaArray: _array_string,
    Entry: lambda e: f"{to_java_string(e.key)}={to_java_string(e.value)}",
}


# ------------------------------------------------------------------ json-smart serialization

_JSON_SPECIAL = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_ESCAPE_WEB = re.compile('["\\\\/\x00-\x1f\x7f-\x9f\u2000-\u20ff]')
_JSON_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f-\x9f\u2000-\u20ff]')


def _json_char(m: re.Match) -> str:
    ch = m.group()
    special = _JSON_SPECIAL.get(ch)
    if special is not None:
        return special
    if ch == "/":
        return "\\/"
    return f"\\u{ord(ch):04X}"


def json_string(s: str, escape_slash: bool) -> str:
    """A quoted JSON string as json-smart writes it (`/` escaped only in the default style)."""
    pattern = _JSON_ESCAPE_WEB if escape_slash else _JSON_ESCAPE
    return '"' + pattern.sub(_json_char, s) + '"'


def to_json(value: Any, escape_slash: bool) -> str:
    """json-smart's JSONValue.toJSONString: NO_COMPRESS (escape_slash) or LT_COMPRESS."""
    t = type(value)
    if t is str:
        return json_string(value, escape_slash)
    if value is None:
        return "null"
    if t is bool:
        return "true" if value else "false"
    if t is int:
        return str(value)
    if t is float:
        return "null" if value in (math.inf, -math.inf) else double_to_string(value)
    if t is Decimal:
        return decimal_to_string(value)
    parts = []
    if isinstance(value, dict):
        for k, v in value.items():  # loops, not generators: one stack frame per nesting level
            parts.append(f"{json_string(to_java_string(k), escape_slash)}:{to_json(v, escape_slash)}")
        return "{" + ",".join(parts) + "}"
    if isinstance(value, list):
        for v in value:
            parts.append(to_json(v, escape_slash))
        return "[" + ",".join(parts) + "]"
    return json_string(to_java_string(value), escape_slash)


# ------------------------------------------------------------------ equality and comparison


def java_equals(a: Any, b: Any) -> bool:
    """Object.equals as the Java classes behind the values implement it."""
    ta, tb = type(a), type(b)
    if a is None or b is None:
        return a is None and b is None
    if is_number(a) or is_number(b):
        if ta is not tb:
            return False
        if ta is int:
            return a == b and _int_width(a) == _int_width(b)
        return a == b or (ta is float and a != a and b != b)
    if isinstance(a, dict):
        if not isinstance(b, dict) or len(a) != len(b):
            return False
        return all(k in b and java_equals(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        if not isinstance(b, list) or isinstance(a, JavaArray) or isinstance(b, JavaArray):
            return a is b
        return len(a) == len(b) and all(java_equals(x, y) for x, y in zip(a, b, strict=True))
    if ta is not tb:
        return False
    return a == b


def _int_width(n: int) -> int:
    if -(2**31) <= n < 2**31:
        return 32
    if -(2**63) <= n < 2**63:
        return 64
    return 128


def _same_class_family(a: Any, b: Any) -> bool:
    """Velocity uses equals() when one class is assignable from the other."""
    if isinstance(a, dict) and isinstance(b, dict):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return not (isinstance(a, JavaArray) or isinstance(b, JavaArray)) or type(a) is type(b)
    return type(a) is type(b)


def velocity_equals(a: Any, b: Any) -> bool:
    """Velocity 1.7's `==`: numbers by value, same classes by equals(), anything else by toString()."""
    if is_number(a) and is_number(b):
        return compare_numbers(a, b) == 0
    if a is not None and b is not None and _same_class_family(a, b):
        return java_equals(a, b)
    if a is None or b is None:
        return a is None and b is None
    if (type(b) is str and not _could_print_as(a, b)) or (type(a) is str and not _could_print_as(b, a)):
        return False
    return to_java_string(a) == to_java_string(b)


def _could_print_as(value: Any, text: str) -> bool:
    """A cheap test that spares printing a whole map or list to compare it with a string."""
    if isinstance(value, dict):
        return text.startswith("{")
    if isinstance(value, list) and not isinstance(value, JavaArray):
        return text.startswith("[")
    return True


def compare_numbers(a: Any, b: Any) -> int:
    """MathUtils.compare: -1, 0 or 1."""
    if type(a) is Decimal or type(b) is Decimal:
        a, b = _to_decimal(a), _to_decimal(b)
    return (a > b) - (a < b)


def _to_decimal(n: Any) -> Decimal:
    return n if type(n) is Decimal else Decimal(n)

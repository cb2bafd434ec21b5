"""The Java methods and bean properties templates call on strings, maps, lists and numbers.

Velocity resolves `$x.name(args)` by reflection; here each Java class has a table from method name to a
Python function. A function raises NoMethod when the arguments fit no overload (Velocity then yields
null) and JavaException for what the Java method would throw (a render error).
"""

from __future__ import annotations

import re
import struct
from decimal import Decimal
from typing import Any

from spec_compiler.vtl import javaregex
from spec_compiler.vtl.javaregex import JavaException
from spec_compiler.vtl.javatypes import (
    Entry,
    JavaArray,
    JavaList,
    is_int32,
    java_equals,
    to_java_string,
)


class NoMethod(Exception):
    """No overload accepts these arguments: Velocity renders the call as null."""


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _units(s: str) -> bytes:
    return s.encode("utf-16-le", "surrogatepass")


def _from_units(b: bytes) -> str:
    return b.decode("utf-16-le", "surrogatepass")


def java_length(s: str) -> int:
    """String.length(): UTF-16 code units, so an emoji counts 2."""
    if s.isascii():
        return len(s)
    return len(s) + len(_ASTRAL.findall(s))


def _substring(s: str, begin: int, end: int | None = None) -> str:
    size = java_length(s)
    stop = size if end is None else end
    if begin < 0 or stop > size or begin > stop:
        raise JavaException(f"StringIndexOutOfBoundsException: begin {begin}, end {stop}, length {size}")
    if size == len(s):
        return s[begin:stop]
    return _from_units(_units(s)[2 * begin : 2 * stop])


def _index_of(s: str, sub: str, start: int = 0, last: bool = False) -> int:
    if size_differs := (java_length(s) != len(s) or java_length(sub) != len(sub)):
        hay, needle = _units(s), _units(sub)
    else:
        hay, needle = s, sub  # type: ignore[assignment]
    scale = 2 if size_differs else 1
    if last:
        pos = hay.rfind(needle, 0, max(0, start * scale + len(needle)))  # type: ignore[arg-type]
        while pos > 0 and pos % scale:
            pos = hay.rfind(needle, 0, pos + len(needle) - 1)  # type: ignore[arg-type]
    else:
        pos = hay.find(needle, max(0, start) * scale)  # type: ignore[arg-type]
        while pos > 0 and pos % scale:
            pos = hay.find(needle, pos + 1)  # type: ignore[arg-type]
    return pos if pos < 0 else pos // scale


def _str_arg(value: Any) -> str:
    """A String (or CharSequence) parameter; null passes through Velocity and Java throws on use."""
    if value is None:
        raise JavaException("NullPointerException")
    if type(value) is not str:
        raise NoMethod
    return value


def _int_arg(value: Any) -> int:
    if not is_int32(value):
        raise NoMethod
    return value


def _java_trim(s: str) -> str:
    start, end = 0, len(s)
    while start < end and s[start] <= " ":
        start += 1
    while end > start and s[end - 1] <= " ":
        end -= 1
    return s[start:end]


def _char_at(s: str, i: Any) -> str:
    i = _int_arg(i)
    size = java_length(s)
    if not 0 <= i < size:
        raise JavaException(f"StringIndexOutOfBoundsException: index {i}, length {size}")
    return _substring(s, i, i + 1)


def _index_of_any(s: str, args: list[Any], last: bool) -> int:
    if len(args) == 2 and not is_int32(args[1]):
        raise NoMethod  # no overload takes a non-int start, whatever the first argument
    target = args[0]
    if is_int32(target):
        target = chr(target) if 0 <= target <= 0x10FFFF else None
        if target is None:
            return -1
    else:
        target = _str_arg(target)
    if len(args) == 1:
        return _index_of(s, target, java_length(s) if last else 0, last)
    return _index_of(s, target, _int_arg(args[1]), last)


def _split(s: str, args: list[Any]) -> JavaArray:
    limit = _int_arg(args[1]) if len(args) == 2 else 0
    return JavaArray(javaregex.split(s, _str_arg(args[0]), limit))


def _compare(a: str, b: str) -> int:
    ua, ub = _units(a), _units(b)
    for i in range(0, min(len(ua), len(ub)), 2):
        ca = ua[i] | ua[i + 1] << 8
        cb = ub[i] | ub[i + 1] << 8
        if ca != cb:
            return ca - cb
    return (len(ua) - len(ub)) // 2


def _string_hash(s: str) -> int:
    h = 0
    for i in range(0, len(units := _units(s)), 2):
        h = (31 * h + (units[i] | units[i + 1] << 8)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


def _comparable(this: Any, other: Any) -> Any:
    """Comparable.compareTo(Object): the other value must be of the same Java class."""
    if other is None:
        raise JavaException("NullPointerException")
    same = type(other) is type(this) and (type(this) is not int or _int_width(this) == _int_width(other))
    if not same:
        raise JavaException("ClassCastException: the values are of different classes")
    return other


def java_hash(value: Any) -> int:
    """hashCode() of the Java object behind a value."""
    t = type(value)
    if value is None:
        return 0
    if t is str:
        return _string_hash(value)
    if t is bool:
        return 1231 if value else 1237
    if t is int:
        if _int_width(value) == 32:
            return value
        if _int_width(value) == 64:
            return _wrap_int(value ^ ((value & 0xFFFFFFFFFFFFFFFF) >> 32), 32)
        return _wrap_int(hash(value), 32)
    if t is float:
        bits = struct.unpack(">q", struct.pack(">d", value))[0]
        return _wrap_int(bits ^ ((bits & 0xFFFFFFFFFFFFFFFF) >> 32), 32)
    if isinstance(value, dict):
        return _wrap_int(sum(java_hash(k) ^ java_hash(v) for k, v in value.items()), 32)
    if isinstance(value, list) and not isinstance(value, JavaArray):
        h = 1
        for item in value:
            h = _wrap_int(31 * h + java_hash(item), 32)
        return h
    if t is Entry:
        return java_hash(value.key) ^ java_hash(value.value)
    return _wrap_int(id(value), 32)


def _int_width(n: int) -> int:
    if -(2**31) <= n < 2**31:
        return 32
    return 64 if -(2**63) <= n < 2**63 else 128


def _arity(*counts: int):
    def check(args: list[Any]) -> None:
        if len(args) not in counts:
            raise NoMethod

    return check


def _m(counts: tuple[int, ...], fn):
    check = _arity(*counts)

    def call(obj: Any, args: list[Any]) -> Any:
        check(args)
        return fn(obj, *args)

    return call


STRING_METHODS = {
    "length": _m((0,), java_length),
    "isEmpty": _m((0,), lambda s: s == ""),
    "isBlank": _m((0,), lambda s: s.strip(" \t\n\x0b\f\r\x1c\x1d\x1e\x1f") == "" or not s.strip()),
    "charAt": _m((1,), _char_at),
    "contains": _m((1,), lambda s, x: _str_arg(x) in s),
    "startsWith": _m(
        (1, 2),
        lambda s, p, off=0: _int_arg(off) >= 0 and _units(s)[2 * off :].startswith(_units(_str_arg(p))),
    ),
    "endsWith": _m((1,), lambda s, p: s.endswith(_str_arg(p))),
    "equals": _m((1,), lambda s, o: type(o) is str and s == o),
    "equalsIgnoreCase": _m((1,), lambda s, o: o is not None and _str_arg(o).lower() == s.lower()),
    "indexOf": lambda s, args: _arity(1, 2)(args) or _index_of_any(s, args, last=False),
    "lastIndexOf": lambda s, args: _arity(1, 2)(args) or _index_of_any(s, args, last=True),
    "substring": _m(
        (1, 2), lambda s, b, e=None: _substring(s, _int_arg(b), None if e is None else _int_arg(e))
    ),
    "replace": _m((2,), lambda s, a, b: s.replace(_str_arg(a), _str_arg(b))),
    "replaceAll": _m((2,), lambda s, p, r: javaregex.replace(s, _str_arg(p), _str_arg(r))),
    "replaceFirst": _m((2,), lambda s, p, r: javaregex.replace(s, _str_arg(p), _str_arg(r), count=1)),
    "matches": _m((1,), lambda s, p: javaregex.matches(s, _str_arg(p))),
    "split": lambda s, args: _arity(1, 2)(args) or _split(s, args),
    "toLowerCase": _m((0,), str.lower),
    "toUpperCase": _m((0,), str.upper),
    "trim": _m((0,), _java_trim),
    "strip": _m((0,), str.strip),
    "concat": _m((1,), lambda s, o: s + _str_arg(o)),
    "toString": _m((0,), lambda s: s),
    "hashCode": _m((0,), _string_hash),
    "compareTo": _m((1,), lambda s, o: _compare(s, _comparable(s, o))),
    "compareToIgnoreCase": _m((1,), lambda s, o: _compare(s.upper().lower(), _str_arg(o).upper().lower())),
    "repeat": _m((1,), lambda s, k: s * _int_arg(k) if k >= 0 else _raise("IllegalArgumentException")),
}


def _raise(message: str) -> Any:
    raise JavaException(message)


def _list_index(items: list, i: Any) -> int:
    i = _int_arg(i)
    if not 0 <= i < len(items):
        raise JavaException(f"IndexOutOfBoundsException: Index {i} out of bounds for length {len(items)}")
    return i


def _list_add(items: list, args: list[Any]) -> Any:
    if isinstance(items, JavaArray):
        raise JavaException("UnsupportedOperationException")
    if len(args) == 1:
        items.append(args[0])
        return True
    if len(args) == 2 and is_int32(args[0]):
        if not 0 <= args[0] <= len(items):
            raise JavaException(f"IndexOutOfBoundsException: Index: {args[0]}, Size: {len(items)}")
        items.insert(args[0], args[1])
        return None
    raise NoMethod


def _list_set(items: list, i: Any, value: Any) -> Any:
    i = _list_index(items, i)
    old = items[i]
    items[i] = value
    return old


def _list_remove(items: list, o: Any) -> Any:
    if is_int32(o):
        return items.pop(_list_index(items, o))
    for k, v in enumerate(items):
        if java_equals(v, o):
            del items[k]
            return True
    return False


def _list_find_last(items: list, o: Any) -> int:
    return max((k for k, v in enumerate(items) if java_equals(v, o)), default=-1)


def _list_find(items: list, o: Any) -> int:
    for k, v in enumerate(items):
        if java_equals(v, o):
            return k
    return -1


LIST_METHODS = {
    "size": _m((0,), len),
    "isEmpty": _m((0,), lambda xs: not xs),
    "get": _m((1,), lambda xs, i: xs[_list_index(xs, i)]),
    "contains": _m((1,), lambda xs, o: _list_find(xs, o) >= 0),
    "indexOf": _m((1,), _list_find),
    "lastIndexOf": _m(
        (1,), lambda xs, o: max((k for k, v in enumerate(xs) if java_equals(v, o)), default=-1)
    ),
    "hashCode": _m((0,), java_hash),
    "add": lambda xs, args: _list_add(xs, args),
    "set": _m((2,), _list_set),
    "remove": _m((1,), _list_remove),
    "toString": _m((0,), to_java_string),
    "equals": _m((1,), java_equals),
    "clear": _m((0,), lambda xs: xs.clear()),
    "addAll": _m((1,), lambda xs, o: xs.extend(o) or True if isinstance(o, list) else _raise("NoMethod")),
    "subList": _m((2,), lambda xs, a, b: JavaList(xs[_int_arg(a) : _int_arg(b)])),
}


def _map_put(m: dict, k: Any, v: Any) -> Any:
    old = m.get(k)
    m[k] = v
    return old


def _map_put_all(m: dict, other: Any) -> None:
    if not isinstance(other, dict):
        raise NoMethod
    m.update(other)


MAP_METHODS = {
    "get": _m((1,), lambda m, k: m.get(k) if _hashable(k) else None),
    "put": _m((2,), _map_put),
    "containsKey": _m((1,), lambda m, k: _hashable(k) and k in m),
    "containsValue": _m((1,), lambda m, v: any(java_equals(x, v) for x in m.values())),
    "hashCode": _m((0,), java_hash),
    "size": _m((0,), len),
    "isEmpty": _m((0,), lambda m: not m),
    "keySet": _m((0,), lambda m: JavaList(m.keys())),
    "values": _m((0,), lambda m: JavaList(m.values())),
    "entrySet": _m((0,), lambda m: JavaList(Entry(m, k) for k in m)),
    "remove": _m((1,), lambda m, k: m.pop(k, None) if _hashable(k) else None),
    "putAll": _m((1,), _map_put_all),
    "putIfAbsent": _m((2,), lambda m, k, v: m.get(k) if k in m else m.__setitem__(k, v)),
    "getOrDefault": _m((2,), lambda m, k, d: m.get(k, d) if _hashable(k) else d),
    "clear": _m((0,), lambda m: m.clear()),
    "toString": _m((0,), to_java_string),
    "equals": _m((1,), java_equals),
}


def _hashable(k: Any) -> bool:
    return not isinstance(k, (dict, list, Entry))


def _set_entry_value(entry: Entry, value: Any) -> Any:
    old = entry.value
    entry.value = value
    return old


ENTRY_METHODS = {
    "getKey": _m((0,), lambda e: e.key),
    "getValue": _m((0,), lambda e: e.value),
    "setValue": _m((1,), _set_entry_value),
    "toString": _m((0,), to_java_string),
}

NUMBER_METHODS = {
    "toString": _m((0,), to_java_string),
    "hashCode": _m((0,), java_hash),
    "compareTo": _m((1,), lambda x, o: (x > _comparable(x, o)) - (x < o)),
    "intValue": _m((0,), lambda x: _wrap_int(int(x), 32)),
    "longValue": _m((0,), lambda x: _wrap_int(int(x), 64)),
    "doubleValue": _m((0,), float),
    "equals": _m((1,), java_equals),
}

BOOLEAN_METHODS = {
    "toString": _m((0,), to_java_string),
    "hashCode": _m((0,), java_hash),
    "compareTo": _m((1,), lambda b, o: int(b) - int(_comparable(b, o))),
    "booleanValue": _m((0,), lambda b: b),
    "equals": _m((1,), java_equals),
}


def _wrap_int(value: int, bits: int) -> int:
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >= 1 << (bits - 1) else value


_TABLES: dict[type, dict[str, Any]] = {
    str: STRING_METHODS,
    dict: MAP_METHODS,
    list: LIST_METHODS,
    JavaList: LIST_METHODS,
    JavaArray: LIST_METHODS,
    Entry: ENTRY_METHODS,
    int: NUMBER_METHODS,
    float: NUMBER_METHODS,
    Decimal: NUMBER_METHODS,
    bool: BOOLEAN_METHODS,
}


class JavaClass:
    """What `$x.class` / `$x.getClass()` gives; prints as Java prints a Class."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def java_string(self) -> str:
        return "class " + self.name

    def java_property(self, name: str) -> Any:
        if name in ("name", "Name"):
            return self.name
        if name in ("simpleName", "SimpleName"):
            return self.name.rsplit(".", 1)[-1]
        return None


_CLASS_NAMES = {
    str: "java.lang.String",
    bool: "java.lang.Boolean",
    float: "java.lang.Double",
    Decimal: "java.math.BigDecimal",
    dict: "java.util.LinkedHashMap",
    list: "net.minidev.json.JSONArray",
    JavaList: "java.util.ArrayList",
    JavaArray: "[Ljava.lang.String;",
    Entry: "java.util.LinkedHashMap$Entry",
}


def java_class(obj: Any) -> JavaClass | None:
    if type(obj) is int:
        width = "java.lang.Integer" if is_int32(obj) else "java.lang.Long"
        return JavaClass(width if -(2**63) <= obj < 2**63 else "java.math.BigInteger")
    name = _CLASS_NAMES.get(type(obj))
    return JavaClass(name) if name else None


def call_method(obj: Any, name: str, args: list[Any]) -> Any:
    """Invoke `obj.name(args)`; None when no such method fits (Velocity renders null)."""
    if name == "getClass" and not args:
        return java_class(obj)
    table = _TABLES.get(type(obj))
    if table is None:
        table = getattr(obj, "java_methods", None)
        if table is None:
            return None
        _TABLES[type(obj)] = table
    fn = table.get(name)
    if fn is None:
        return None
    try:
        return fn(obj, args)
    except NoMethod:
        return None


def get_property(obj: Any, name: str) -> Any:
    """`$obj.name`: a getter, a map key, or an `is` getter, in Velocity's order."""
    t = type(obj)
    if name == "class":
        return java_class(obj)
    if t is dict:
        return obj.get(name)
    if t is str:
        if name in ("empty", "Empty"):
            return obj == ""
        if name in ("blank", "Blank"):
            return STRING_METHODS["isBlank"](obj, [])
        if name in ("bytes", "Bytes"):
            return JavaArray(obj.encode("utf-8"))
        return None
    if t is list or t is JavaList or t is JavaArray:
        if name in ("empty", "Empty"):
            return not obj
        return None
    if t is Entry:
        if name in ("key", "Key"):
            return obj.key
        if name in ("value", "Value"):
            return obj.value
        return None
    getter = getattr(obj, "java_property", None)
    if getter is not None:
        return getter(name)
    return None


def get_index(obj: Any, key: Any) -> Any:
    """`$obj[key]`: Velocity 1.7 calls get(key), counting negative list indexes from the end."""
    if isinstance(obj, list):
        if is_int32(key):
            index = key + len(obj) if key < 0 else key
            if not 0 <= index < len(obj):
                raise JavaException(
                    f"IndexOutOfBoundsException: Index {index} out of bounds for length {len(obj)}"
                )
            return obj[index]
        return None
    if isinstance(obj, dict):
        return obj.get(key) if _hashable(key) else None
    return None


def set_property(obj: Any, name: str, value: Any) -> None:
    """`#set($obj.name = value)`: a map put; other objects have no setters templates can reach."""
    if isinstance(obj, dict):
        obj[name] = value


def set_index(obj: Any, key: Any, value: Any) -> None:
    """`#set($obj[key] = value)`: put on a map, set on a list."""
    if isinstance(obj, dict):
        if _hashable(key):
            obj[key] = value
    elif isinstance(obj, list) and is_int32(key):
        index = key + len(obj) if key < 0 else key
        _list_set(obj, index, value)

"""Python type annotations to DynamoDB kinds: which annotations an attribute may have and how each is stored.

    str, Enum/Literal of strings, datetime, date, UUID  -> S      int, float, Decimal -> N
    bool -> BOOL    bytes -> B    set[str] -> SS    set[int | float | Decimal] -> NS    list[T] -> L
    dict[str, T] and nested models -> M (to any depth)    T | None -> the kind of T, nullable

Anything else raises `UnsupportedType` with a hint; introspection adds the file, class and field.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import types
import typing
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from spec_compiler.model.ir import Attribute, AttributeType

SUPPORTED = (
    "str, int, float, Decimal, bool, bytes, datetime, date, UUID, an Enum or Literal, list[T], "
    "set[str], set[int], set[float], set[Decimal], dict[str, T], a nested Pydantic model, or T | None"
)

# Scalar classes, most specific first (bool before int, datetime before date).
_SCALARS: tuple[tuple[type, AttributeType], ...] = (
    (bool, AttributeType("BOOL")),
    (str, AttributeType("S", format="string")),
    (datetime.datetime, AttributeType("S", format="date-time")),
    (datetime.date, AttributeType("S", format="date")),
    (uuid.UUID, AttributeType("S", format="uuid")),
    (int, AttributeType("N", format="integer")),
    (float, AttributeType("N", format="number")),
    (decimal.Decimal, AttributeType("N", format="number")),
    (bytes, AttributeType("B")),
)


class UnsupportedType(Exception):
    """An annotation with no DynamoDB kind; `path` is the dotted field path inside the entity."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path


NestedFields = Callable[[type[BaseModel], tuple[type, ...]], tuple[Attribute, ...]]


def attribute_type(
    annotation: Any, nested_fields: NestedFields, models_in_progress: tuple[type, ...] = ()
) -> AttributeType:
    """The DynamoDB shape of an annotation; `nested_fields` describes a nested model's own fields."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return attribute_type(args[0], nested_fields, models_in_progress)
    if origin in (Union, types.UnionType):
        return _optional(args, nested_fields, models_in_progress)
    if origin is Literal:
        return _choice(args, f"Literal{list(args)!r}")
    if origin in (set, frozenset):
        return _set(args, nested_fields, models_in_progress)
    if origin is list:
        return AttributeType(
            "L", items=attribute_type(_only(args, "list"), nested_fields, models_in_progress)
        )
    if origin is dict:
        return _map(args, nested_fields, models_in_progress)
    if origin is None and isinstance(annotation, type):
        return _class(annotation, nested_fields, models_in_progress)
    raise UnsupportedType(f"unsupported type {_name(annotation)}; use {SUPPORTED}")


def _class(cls: type, nested_fields: NestedFields, models_in_progress: tuple[type, ...]) -> AttributeType:
    if issubclass(cls, enum.Enum):
        return _choice(tuple(member.value for member in cls), f"enum {cls.__name__}")
    if issubclass(cls, BaseModel):
        if cls in models_in_progress:
            raise UnsupportedType(
                f"model {cls.__name__} contains itself; DynamoDB items and API Gateway models cannot "
                "recurse. Give the inner level its own model, or store it as a dict[str, T]."
            )
        return AttributeType("M", fields=nested_fields(cls, (*models_in_progress, cls)))
    for scalar, kind in _SCALARS:
        if issubclass(cls, scalar):
            return kind
    if cls in (list, set, frozenset, dict, tuple):
        raise UnsupportedType(f"bare {cls.__name__} says nothing about its contents; write e.g. list[str]")
    raise UnsupportedType(f"unsupported type {_name(cls)}; use {SUPPORTED}")


def _optional(
    args: tuple[Any, ...], nested_fields: NestedFields, in_progress: tuple[type, ...]
) -> AttributeType:
    present = [arg for arg in args if arg is not type(None)]
    if len(present) != 1 or len(present) == len(args):
        names = " | ".join(_name(arg) for arg in args)
        raise UnsupportedType(
            f"unsupported union {names}: an attribute has one type; only `T | None` (optional) is allowed"
        )
    return replace(attribute_type(present[0], nested_fields, in_progress), nullable=True)


def _choice(values: tuple[Any, ...], described: str) -> AttributeType:
    """Enum and Literal: strings are S, numbers N, booleans BOOL; a mix has no single kind."""
    if values and all(isinstance(value, str) for value in values):
        return AttributeType("S", format="enum")
    if values and all(isinstance(value, bool) for value in values):
        return AttributeType("BOOL")
    if values and all(isinstance(value, int | float) and not isinstance(value, bool) for value in values):
        return AttributeType("N", format="integer" if all(isinstance(v, int) for v in values) else "number")
    raise UnsupportedType(f"{described} mixes value types; use only strings (or only numbers)")


def _set(args: tuple[Any, ...], nested_fields: NestedFields, in_progress: tuple[type, ...]) -> AttributeType:
    item = attribute_type(_only(args, "set"), nested_fields, in_progress)
    if item.kind == "S" and not item.nullable:
        return AttributeType("SS", items=item)
    if item.kind == "N" and not item.nullable:
        return AttributeType("NS", items=item)
    raise UnsupportedType(
        f"unsupported set of {_name(args[0])}: DynamoDB sets hold strings (set[str]) or numbers "
        "(set[int], set[float], set[Decimal]); use list[T] for anything else"
    )


def _map(args: tuple[Any, ...], nested_fields: NestedFields, in_progress: tuple[type, ...]) -> AttributeType:
    if len(args) != 2:
        raise UnsupportedType("bare dict says nothing about its contents; write dict[str, T]")
    if args[0] is not str:
        raise UnsupportedType(
            f"unsupported dict key {_name(args[0])}: DynamoDB map keys are strings; use dict[str, T]"
        )
    return AttributeType("M", values=attribute_type(args[1], nested_fields, in_progress))


def _only(args: tuple[Any, ...], container: str) -> Any:
    if len(args) != 1:
        raise UnsupportedType(
            f"bare {container} says nothing about its contents; write e.g. {container}[str]"
        )
    return args[0]


def _name(annotation: Any) -> str:
    if annotation is type(None):
        return "None"
    if isinstance(annotation, type) and not get_args(annotation):
        return annotation.__name__
    return typing._type_repr(annotation).replace("typing.", "")  # type: ignore[attr-defined]

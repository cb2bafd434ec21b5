"""An independent, plain-Python statement of what each generated template must produce.

`expected_request` says which DynamoDB request an operation intends for a client's path, query and body;
`expected_item` what a stored item must read back as. The template tests render the VTL (with the
runtime, or recorded from the oracle) and compare against these, after `comparable` has put numbers on
a common footing (Java writes 1e10 as `1.0E10`, Python as `10000000000.0`).
"""

from __future__ import annotations

import base64
import re
from decimal import Decimal
from typing import Any

from jsonschema import Draft4Validator, Draft202012Validator

from spec_compiler.model.ir import Attribute, AttributeType, Entity

INVALID = {"#invalid": "rejected"}
# The key values of a request rejected for an invalid path key.
PLACEHOLDERS = {"S": "-", "N": "0", "B": "AA=="}
_NUMBER_SYNTAX = {
    "integer": r"-?(0|[1-9][0-9]*)",
    "number": r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?",
}
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_DATE_TIME = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,12})?(Z|[+-][0-9]{2}:[0-9]{2})"


def key_fits(key: Attribute, text: str) -> bool:
    """Whether a path key's text fits its model as far as templates check: number syntax, an integer's
    bounds, date-time, and the schema's lengths (in code points) and enum (by jsonschema) and pattern
    (found anywhere, `$` the very end, as ECMA-262 has it)."""
    if key.type.kind == "N" and not re.fullmatch(_NUMBER_SYNTAX[key.type.format or "number"], text):
        return False
    bounds = {name: key.schema[name] for name in _BOUNDS if name in key.schema}
    if key.type.format == "integer" and not Draft202012Validator(bounds).is_valid(int(text)):
        return False
    if key.type.format == "date-time" and not re.fullmatch(_DATE_TIME, text):
        return False
    checked = {name: key.schema[name] for name in ("minLength", "maxLength", "enum") if name in key.schema}
    if key.type.kind == "S" and not Draft4Validator(checked).is_valid(text):
        return False
    pattern = key.schema.get("pattern")
    return pattern is None or re.search(pattern.replace("$", r"\Z"), text) is not None


def keys_fit(keys: tuple[Attribute, ...], path: dict[str, str]) -> bool:
    return all(key_fits(key, path[key.name]) for key in keys)


def rejected(entity: Entity, member: str) -> dict[str, Any]:
    """The fixed request a template renders when a path key does not fit."""
    keys = {key.name: {key.type.kind: PLACEHOLDERS[key.type.kind]} for key in entity.keys}
    return {"TableName": entity.table, member: keys, "ExpressionAttributeNames": dict(INVALID)}


def attribute_value(type_: AttributeType, value: Any) -> dict[str, Any]:
    """The AttributeValue DynamoDB must receive for a JSON value of this type."""
    if value is None:
        return {"NULL": True}
    kind = type_.kind
    if kind in ("S", "B"):
        return {kind: value}
    if kind == "N":
        return {"N": _number_text(value)}
    if kind == "BOOL":
        return {"BOOL": value}
    if kind == "SS":
        return {"SS": list(value)}
    if kind == "NS":
        return {"NS": [_number_text(number) for number in value]}
    if kind == "L":
        return {"L": [attribute_value(type_.items, element) for element in value]}
    if type_.fields is not None:
        return {"M": item_fields(type_.fields, value, top_level=False)}
    return {"M": {key: attribute_value(type_.values, element) for key, element in value.items()}}


def item_fields(fields: tuple[Attribute, ...], body: dict[str, Any], *, top_level: bool) -> dict[str, Any]:
    """Members of an item (or nested model): null is NULL where the type allows it, except that an
    optional attribute of the item itself is left out (absent is what an optional attribute's null
    means; a required one's null is stored)."""
    item = {}
    for attribute in fields:
        if attribute.name not in body:
            continue
        value = body[attribute.name]
        if value is None and not (attribute.type.nullable and (attribute.required or not top_level)):
            continue
        item[attribute.name] = attribute_value(attribute.type, value)
    return item


def path_key(entity: Entity, path: dict[str, str]) -> dict[str, Any]:
    return {key.name: {key.type.kind: path[key.name]} for key in entity.keys}


def non_keys(entity: Entity) -> tuple[Attribute, ...]:
    names = {key.name for key in entity.keys}
    return tuple(attribute for attribute in entity.attributes if attribute.name not in names)


def expected_request(
    entity: Entity, operation: str, path: dict[str, str], query: dict[str, str], body: Any
) -> dict[str, Any]:
    """The DynamoDB request an operation intends for this client input (well-typed bodies); a write
    holding a value DynamoDB cannot store carries the unused name that makes every DynamoDB reject it."""
    request = _intended_request(entity, operation, path, query, body)
    members = ("Item", "Key", "ExpressionAttributeValues")
    written = [request[member] for member in members if member in request]
    if operation in ("put", "create", "patch") and not all(storable({"M": values}) for values in written):
        request["ExpressionAttributeNames"] = {**request.get("ExpressionAttributeNames", {}), **INVALID}
    return request


def storable(value: dict[str, Any]) -> bool:
    """Whether DynamoDB can store an AttributeValue: every number fits N, no map has an empty key."""
    if "N" in value:
        return storable_number(value["N"])
    if "NS" in value:
        return all(storable_number(text) for text in value["NS"])
    if "L" in value:
        return all(storable(element) for element in value["L"])
    if "M" in value:
        return "" not in value["M"] and all(storable(element) for element in value["M"].values())
    return True


def storable_number(text: str) -> bool:
    """DynamoDB's N: finite, at most 38 significant digits, zero or a magnitude in [1E-130, 1E126)."""
    number = Decimal(text)
    if not number.is_finite() or number == 0:
        return number.is_finite()
    digits = "".join(map(str, number.as_tuple().digits)).strip("0")
    return len(digits) <= 38 and -130 <= number.adjusted() <= 125


def _intended_request(
    entity: Entity, operation: str, path: dict[str, str], query: dict[str, str], body: Any
) -> dict[str, Any]:
    table = {"TableName": entity.table}
    key_names = {f"#k{index}": key.name for index, key in enumerate(entity.keys)}
    if operation in ("get", "delete", "put", "patch") and not keys_fit(entity.keys, path):
        return rejected(entity, "Item" if operation == "put" else "Key")
    if operation in ("get", "delete"):
        extra = {"ReturnValues": "ALL_OLD"} if operation == "delete" else {}
        return {**table, "Key": path_key(entity, path), **extra}
    if operation == "put":
        item = {**path_key(entity, path), **item_fields(non_keys(entity), body, top_level=True)}
        return {**table, "Item": item, "ReturnValues": "ALL_OLD"}
    if operation == "create":
        condition = " AND ".join(f"attribute_not_exists({name})" for name in key_names)
        return {
            **table,
            "Item": item_fields(entity.attributes, body, top_level=True),
            "ConditionExpression": condition,
            "ExpressionAttributeNames": key_names,
        }
    if operation == "patch":
        return _patch(entity, path, body, key_names)
    return _page(entity, operation, path, query)


def _patch(entity: Entity, path: dict[str, str], body: dict[str, Any], key_names: dict[str, str]) -> dict:
    sets, removes, names, values = [], [], dict(key_names), {}
    for index, attribute in enumerate(non_keys(entity), start=1):
        if attribute.name not in body:
            continue
        if body[attribute.name] is None and not (attribute.required and attribute.type.nullable):
            if attribute.required:
                continue
            removes.append(f"#a{index}")
        else:
            sets.append(f"#a{index} = :a{index}")
            values[f":a{index}"] = attribute_value(attribute.type, body[attribute.name])
        names[f"#a{index}"] = attribute.name
    update = " ".join(
        part
        for part in (
            "SET " + ", ".join(sets) if sets else "",
            "REMOVE " + ", ".join(removes) if removes else "",
        )
        if part
    )
    request = {
        "TableName": entity.table,
        "Key": path_key(entity, path),
        "ConditionExpression": " AND ".join(f"attribute_exists({name})" for name in key_names),
        "UpdateExpression": update,
        "ExpressionAttributeNames": names,
    }
    if values:
        request["ExpressionAttributeValues"] = values
    request["ReturnValues"] = "ALL_NEW"
    return request


def decode_cursor(cursor: str, parts: int) -> list[str] | None:
    """The key texts a well-formed cursor carries, or None when the template must reject it."""
    pieces = cursor.split(".")
    if len(pieces) != parts or any(not piece or len(piece) % 4 == 1 for piece in pieces):
        return None
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    if any(set(piece) - alphabet for piece in pieces):
        return None
    return [
        base64.urlsafe_b64decode(piece + "=" * (-len(piece) % 4)).decode("utf-8", "replace")
        for piece in pieces
    ]


def encode_cursor(texts: list[str]) -> str:
    return ".".join(base64.urlsafe_b64encode(text.encode()).decode().rstrip("=") for text in texts)


def _page(entity: Entity, operation: str, path: dict[str, str], query: dict[str, str]) -> dict[str, Any]:
    limit = query.get("limit") or "25"
    invalid = not (limit.isascii() and limit.isdigit() and limit[0] != "0" and 1 <= int(limit) <= 100)
    cursor_keys = entity.keys if operation == "list" else (entity.sort_key,)
    start = None
    if query.get("cursor"):
        texts = decode_cursor(query["cursor"], len(cursor_keys))
        if texts is None:
            invalid = True
        else:
            start = {key.name: {key.type.kind: text} for key, text in zip(cursor_keys, texts, strict=True)}
    request: dict[str, Any] = {"TableName": entity.table}
    if operation == "query":
        partition, sort = entity.partition_key, entity.sort_key
        invalid = invalid or not key_fits(partition, path[partition.name])
        prefix = query.get("prefix", "") if sort.type.kind in ("S", "B") and not invalid else ""
        key_text = PLACEHOLDERS[partition.type.kind] if invalid else path[partition.name]
        names = {"#k0": partition.name}
        values = {":k0": {partition.type.kind: key_text}}
        condition = "#k0 = :k0"
        if prefix:
            names["#k1"] = sort.name
            values[":k1"] = {sort.type.kind: prefix}
            condition += " AND begins_with(#k1, :k1)"
        if invalid:
            names.update(INVALID)
        request |= {"KeyConditionExpression": condition, "ExpressionAttributeNames": names}
        request["ExpressionAttributeValues"] = values
        if start is not None:
            start = {partition.name: values[":k0"], **start}
    request["Limit"] = 0 if invalid else int(limit)
    if start is not None and not invalid:
        request["ExclusiveStartKey"] = start
    if invalid and operation == "list":
        request["ExpressionAttributeNames"] = dict(INVALID)
    request["ConsistentRead"] = False
    return request


def expected_item(fields: tuple[Attribute, ...], stored: dict[str, Any]) -> dict[str, Any]:
    """The plain JSON a stored item (or nested map) must read back as: declared fields only."""
    return {
        attribute.name: plain(attribute.type, stored[attribute.name])
        for attribute in fields
        if attribute.name in stored
    }


def plain(type_: AttributeType, stored: dict[str, Any]) -> Any:
    if stored.get("NULL"):
        return None
    kind = type_.kind
    if kind in ("S", "B", "BOOL", "SS"):
        return stored[kind]
    if kind == "N":
        return _number(stored["N"])
    if kind == "NS":
        return [_number(text) for text in stored["NS"]]
    if kind == "L":
        return [plain(type_.items, element) for element in stored["L"]]
    if type_.fields is not None:
        return expected_item(type_.fields, stored["M"])
    return {key: plain(type_.values, element) for key, element in stored["M"].items()}


def comparable(value: Any) -> Any:
    """A copy where every number and N text is a plain number, so 1e10, 1.0E10 and 10000000000 (and
    Java's 4.9E-324 and Python's 5e-324, the same double) compare equal."""
    if isinstance(value, dict):
        if len(value) == 1 and isinstance(value.get("N"), str):
            return {"N": _decimal(value["N"])}
        if len(value) == 1 and isinstance(value.get("NS"), list):
            return {"NS": [_decimal(text) for text in value["NS"]]}
        return {key: comparable(element) for key, element in value.items()}
    if isinstance(value, list):
        return [comparable(element) for element in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    return _plain_number(Decimal(str(value)))


def _decimal(text: str) -> int | float | str:
    """The number a text holds; the text itself when it holds none (a hostile key in a path, say)."""
    try:
        number = Decimal(text)
    except ArithmeticError:
        return text
    return _plain_number(number) if number.is_finite() else text


def _plain_number(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() and abs(number) < 2**63 else float(number)


def _number_text(value: Any) -> str:
    return str(value)


def _number(text: str) -> Any:
    return Decimal(text)


ATTRIBUTE_VALUE_KINDS = {"S", "N", "B", "BOOL", "SS", "NS", "L", "M", "NULL"}


def assert_well_formed(entity: Entity, operation: str, path: dict[str, str], request: dict[str, Any]) -> None:
    """The parts of a request a client must never change, whatever its body holds: table, keys from the
    path, expression strings and names from the compiler, every value an AttributeValue."""
    assert request["TableName"] == entity.table
    names = {attribute.name for attribute in entity.attributes}
    if operation in ("get", "delete", "patch", "put") and not keys_fit(entity.keys, path):
        assert request == rejected(entity, "Item" if operation == "put" else "Key")
        return
    if operation in ("get", "delete", "patch"):
        assert request["Key"] == path_key(entity, path)
    # A write whose body holds a value DynamoDB cannot store also carries the mark (see expected_request).
    marked = request.get("ExpressionAttributeNames", {}).get("#invalid") == INVALID["#invalid"]
    if operation == "put":
        assert set(request) == {"TableName", "Item", "ReturnValues"} | (
            {"ExpressionAttributeNames"} if marked else set()
        )
        assert {key.name: request["Item"][key.name] for key in entity.keys} == path_key(entity, path)
    if operation == "create":
        assert set(request) == {"TableName", "Item", "ConditionExpression", "ExpressionAttributeNames"}
        assert request["ExpressionAttributeNames"] == {
            **{f"#k{i}": key.name for i, key in enumerate(entity.keys)},
            **(INVALID if marked else {}),
        }
    if operation == "patch":
        assert set(request) <= {
            "TableName",
            "Key",
            "ConditionExpression",
            "UpdateExpression",
            "ExpressionAttributeNames",
            "ExpressionAttributeValues",
            "ReturnValues",
        }
        assert set(request["ExpressionAttributeNames"].values()) <= names | set(
            INVALID.values() if marked else ()
        )
        placeholders = r"#a\d+ = :a\d+|#a\d+"
        assert re.fullmatch(
            rf"(SET ({placeholders})(, ({placeholders}))*)?( ?REMOVE #a\d+(, #a\d+)*)?",
            request["UpdateExpression"],
        )
    for value in _attribute_values(request):
        _assert_attribute_value(value)


def _attribute_values(request: dict[str, Any]) -> list[Any]:
    values = list(request.get("Item", {}).values()) + list(request.get("Key", {}).values())
    return values + list(request.get("ExpressionAttributeValues", {}).values())


def _assert_attribute_value(value: Any) -> None:
    assert isinstance(value, dict) and len(value) == 1 and set(value) <= ATTRIBUTE_VALUE_KINDS, value
    ((kind, inner),) = value.items()
    if kind == "L" and isinstance(inner, list):
        for element in inner:
            _assert_attribute_value(element)
    if kind == "M" and isinstance(inner, dict):
        for element in inner.values():
            _assert_attribute_value(element)

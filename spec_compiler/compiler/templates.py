"""The request and response mapping templates of each operation.

Request templates render one DynamoDB request whose structure (table, key names, expression strings,
expression attribute names) is fixed by the compiler; client values fill only the values, through the
constructs of `constructs.py`. Response templates turn DynamoDB's answer into the API's JSON and status:
the `2\\d{2}` one unmarshals items and picks 404/201 from what DynamoDB returned, the `4\\d{2}` one
branches on `__type`, the `5\\d{2}` one answers 502. `$context.responseOverride.status` is set at most
once per rendering, as API Gateway requires.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spec_compiler.compiler import paging
from spec_compiler.compiler.constructs import checked_name, is_present, json_string, literal, quiet
from spec_compiler.compiler.field_tables import Member, Scope, field_table, vtl_list
from spec_compiler.compiler.key_checks import (
    has_checks,
    key_variable,
    placeholders,
    read_path_keys,
    rejected_request,
)
from spec_compiler.compiler.kinds import (
    START_UNSTORABLE,
    UNSTORABLE_MARK,
    UNSTORABLE_MEMBER,
    Value,
    declare_patterns,
    marshal,
    marshal_fields,
    unmarshal_fields,
)
from spec_compiler.compiler.owner import owner_source
from spec_compiler.model.ir import Attribute, Entity, OperationName

ACTIONS: dict[OperationName, str] = {
    "get": "GetItem",
    "put": "PutItem",
    "patch": "UpdateItem",
    "delete": "DeleteItem",
    "create": "PutItem",
    "list": "Scan",
    "query": "Query",
}
BODY = "$body"
READ_BODY = "#set($body = $input.path('$'))" + START_UNSTORABLE + "\n"  # see kinds: UNSTORABLE_MARK


def _reading_body(template: str) -> str:
    """The template, preceded by the `#set` that reads the body when it uses `$body` (or its quiet
    form `$!body`, all a boolean's code has)."""
    uses_body = BODY in template or quiet(BODY) in template
    return READ_BODY + template if uses_body else template


@dataclass(frozen=True)
class Templates:
    """Everything an operation's integration renders: its request and its three response templates."""

    request: str
    success: str
    client_error: str
    server_error: str


def templates(entity: Entity, operation: OperationName) -> Templates:
    """The mapping templates of one operation of an entity."""
    request, success = _BUILDERS[operation](entity)
    return Templates(
        declare_patterns(request), declare_patterns(success), client_error(operation), SERVER_ERROR
    )


# --- requests ------------------------------------------------------------------------------------
def _table(entity: Entity) -> str:
    return f'"TableName": {literal(checked_name(entity.table, "table"))}'


def _path_key(entity: Entity, scope: Scope) -> str:
    """The `Key` member, its values from the path parameters."""
    return '"Key": {' + ", ".join(_path_members(tuple(enumerate(entity.keys)), scope)) + "}"


def _path_members(keys: tuple[tuple[int, Attribute], ...], scope: Scope) -> tuple[str, ...]:
    """`"name": {"S": ...}` for each (index, key), its value the path parameter `read_path_keys` read."""
    return tuple(
        f'"{checked_name(key.name, "key")}": {_path_value(index, key, scope)}' for index, key in keys
    )


def _path_value(index: int, key: Attribute, scope: Scope) -> str:
    """The AttributeValue of the key's path parameter, which `read_path_keys` read into `$keyN`."""
    return marshal(key.type, Value(key_variable(index)), scope)


def _checked(
    entity: Entity, member: str, request: str, keys: tuple[tuple[int, Attribute], ...] | None = None
) -> str:
    """The request, after the checks of the path keys (or of the owner's identity); when one fails, a
    fixed request DynamoDB rejects instead (`member` is where the action takes the key: `Key` or `Item`)."""
    keys = tuple(enumerate(entity.keys)) if keys is None else keys
    owner = owner_source(entity)
    if owner is None and not has_checks(tuple(key for _, key in keys)):
        return read_path_keys(keys, initialize=False) + request
    rejected = rejected_request(entity.table, member, entity.keys)
    read = read_path_keys(keys, initialize=True, owner=owner)
    return read + f"#if($invalid){rejected}#{{else}}{request}#end"


def _key_placeholders(entity: Entity) -> list[str]:
    return [f'"#k{index}": "{key.name}"' for index, key in enumerate(entity.keys)]


def _get(entity: Entity) -> tuple[str, str]:
    request = "{" + f"{_table(entity)}, {_path_key(entity, Scope())}" + "}"
    return _checked(entity, "Key", request), _item_or_404(entity, "$.Item")


def _put(entity: Entity) -> tuple[str, str]:
    scope = Scope()
    keys = _path_members(tuple(enumerate(entity.keys)), scope)
    item = marshal_fields(entity.non_key_attributes, Value(BODY, "$"), scope, top_level=True, fixed=keys)
    request = _reading_body(
        "{" + f'{_table(entity)},\n"Item": {item},\n"ReturnValues": "ALL_OLD"{UNSTORABLE_MEMBER}' + "}"
    )
    success = "#if($input.path('$.Attributes') == \"\")" + _status(201) + "#end"
    return _checked(entity, "Item", request), success


def _create(entity: Entity) -> tuple[str, str]:
    """PutItem unless the key is taken; an owner-scoped item's partition key is the caller's identity,
    whatever the body holds."""
    scope = Scope()
    owned = entity.owner_scoped
    fields, fixed = entity.attributes, ()
    if owned:
        fields = tuple(a for a in entity.attributes if a.name != entity.partition_key.name)
        fixed = _path_members(((0, entity.partition_key),), scope)
    item = marshal_fields(fields, Value(BODY, "$"), scope, top_level=True, fixed=fixed)
    condition = " AND ".join(f"attribute_not_exists(#k{index})" for index in range(len(entity.keys)))
    request = _reading_body(
        "{"
        + f'{_table(entity)},\n"Item": {item},\n"ConditionExpression": "{condition}",\n'
        + '"ExpressionAttributeNames": {'
        + ", ".join(_key_placeholders(entity))
        + UNSTORABLE_MARK
        + "}}"
    )
    if owned:
        request = _checked(entity, "Item", request, keys=((0, entity.partition_key),))
    # Not an empty template, which API Gateway could take for "pass DynamoDB's `{}` through".
    return request, "## 201 Created, with no body: PutItem answers {} when the key was free."


def _delete(entity: Entity) -> tuple[str, str]:
    request = "{" + f'{_table(entity)}, {_path_key(entity, Scope())}, "ReturnValues": "ALL_OLD"' + "}"
    success = "#if($input.path('$.Attributes') == \"\")" + _not_found() + "#end"
    return _checked(entity, "Key", request), success


def _patch(entity: Entity) -> tuple[str, str]:
    """UpdateItem: SET the attributes given (a required one that may be null to NULL when given as null,
    as PUT stores it), REMOVE optional ones given as null, only if the item exists.

    The non-key attributes are a table (see `field_tables.field_table`); the attribute in row N has the
    placeholders `#aN` and `:aN`. A first loop assembles the expression strings from those placeholders
    (`#a1 = :a1`), for the attributes given a value (SET) and the removable ones given as null (REMOVE),
    and the `ExpressionAttributeNames` members of both from the table's names; no client text reaches
    them. A second loop over the same table writes the values of the first kind, with the same test.
    """
    scope = Scope()
    body = Value(BODY, "$")
    attributes = entity.non_key_attributes
    table = field_table(
        attributes,
        scope,
        # Only values given are written, so a nullable attribute's NULL branch would never be taken.
        lambda a, field: Member(
            None, marshal(replace(a.type, nullable=False), body.member(field, a.name), scope)
        ),
        lambda m, _: m.value,
    )
    name = table.field.expression
    present = is_present(f"{BODY}.get({name})")
    decide = '#set($set = "")#set($remove = "")#set($names = "")'
    given, null_given = present, ""
    # A required attribute that may be null is SET to NULL when given as null, as PUT stores it.
    if nullable := [checked_name(a.name, "attribute") for a in attributes if a.required and a.type.nullable]:
        decide += f"#set($nullable = {vtl_list(nullable)})"
        null_given = f"$nullable.contains({name}) && {BODY}.containsKey({name})"
        given = f"{present} || {null_given}"
    # `""` is a quote inside a VTL string: `, "#a1": "title"` for each attribute SET or REMOVEd.
    named = '#set($names = "$names, ""#a$foreach.count"": ""' + name + '""")'
    update = f'#set($set = "$set, #a$foreach.count = :a$foreach.count"){named}'
    if removable := [checked_name(a.name, "attribute") for a in attributes if not a.required]:
        decide += f"#set($removable = {vtl_list(removable)})"
        removed = f"$removable.contains({name}) && {BODY}.containsKey({name})"
        update += f'#elseif({removed})#set($remove = "$remove, #a$foreach.count"){named}'
    if attributes:
        decide += f"#set($fields = {table.table()})\n"
        decide += table.each("$fields", lambda _: f"#if({given}){update}#end")

    def value(code: str) -> str:
        """`":aN": <value>` for the attribute of the current row, when it is SET."""
        written = f'#if({present})$sv":a$foreach.count": {code}#set($sv = ", ")'
        if null_given:
            written += f'#elseif({null_given})$sv":a$foreach.count": {{"NULL": true}}#set($sv = ", ")'
        return written + "#end"

    values = table.each("$fields", value)
    condition = " AND ".join(f"attribute_exists(#k{index})" for index in range(len(entity.keys)))
    update = (
        '#if($set != "")SET $set.substring(2)#end#if($set != "" && $remove != "") #end'
        '#if($remove != "")REMOVE $remove.substring(2)#end'
    )
    request = _reading_body(
        decide
        + "\n{"
        + f'{_table(entity)},\n{_path_key(entity, scope)},\n"ConditionExpression": "{condition}",\n'
        + f'"UpdateExpression": "{update}",\n'
        + '#if($set != "")#set($sv = "")"ExpressionAttributeValues": {'
        + values
        + "},\n#end"
        + '"ExpressionAttributeNames": {'  # after the values, whose marshal code may set `$unstorable`
        + ", ".join(_key_placeholders(entity))
        + "$names"
        + UNSTORABLE_MARK
        + "},\n"
        + '"ReturnValues": "ALL_NEW"}'
    )
    return _checked(entity, "Key", request), _item_or_404(entity, "$.Attributes")


def _list(entity: Entity) -> tuple[str, str]:
    keys = entity.keys
    start = [paging.cursor_value(key, index) for index, key in enumerate(keys)]
    request = (
        paging.read_paging(keys)
        + "{"
        + f"{_table(entity)},\n{paging.limit_member()},\n{paging.exclusive_start_key(start)}\n"
        + "#if($invalid)"
        + f'"ExpressionAttributeNames": {{{paging.INVALID_MARK}}},'
        + "#end\n"
        + '"ConsistentRead": false}'
    )
    return request, _page(entity, keys)


def _query(entity: Entity) -> tuple[str, str]:
    """Query one partition (the path's key), optionally only sort keys beginning with `prefix`."""
    partition, sort = entity.partition_key, entity.sort_key
    if sort is None:
        raise ValueError(f"{entity.name}: query needs a sort key")
    partition_value = _path_value(0, partition, Scope())
    start = [f'"{checked_name(partition.name, "key")}": {partition_value}', paging.cursor_value(sort, 0)]
    with_prefix = sort.type.kind in ("S", "B")
    prefix = '#if($prefix != "")%s#end' if with_prefix else "%s"
    lines = [
        paging.read_paging((sort,)),
        read_path_keys(((0, partition),), initialize=False, owner=owner_source(entity)),
    ]
    # A rejected query keeps its structure, with a placeholder key and no prefix (see key_checks).
    lines.append(placeholders(((0, partition),)))
    if with_prefix:
        lines.append("""#set($prefix = "$!query.get('prefix')")#if($invalid)#set($prefix = "")#end\n""")
    names = f'"#k0": "{partition.name}"' + (prefix % f', "#k1": "{sort.name}"' if with_prefix else "")
    prefix_value = f'{{"{sort.type.kind}": {json_string("$prefix")}}}'
    values = f'":k0": {partition_value}' + (prefix % f', ":k1": {prefix_value}' if with_prefix else "")
    condition = "#k0 = :k0" + (prefix % " AND begins_with(#k1, :k1)" if with_prefix else "")
    lines.append(
        "{"
        + f'{_table(entity)},\n"KeyConditionExpression": "{condition}",\n'
        + f'"ExpressionAttributeNames": {{{names}#if($invalid), {paging.INVALID_MARK}#end}},\n'
        + f'"ExpressionAttributeValues": {{{values}}},\n'
        + f"{paging.limit_member()},\n{paging.exclusive_start_key(start)}\n"
        + '"ConsistentRead": false}'
    )
    return "".join(lines), _page(entity, (sort,))


_BUILDERS = {
    "get": _get,
    "put": _put,
    "patch": _patch,
    "delete": _delete,
    "create": _create,
    "list": _list,
    "query": _query,
}


# --- responses -----------------------------------------------------------------------------------
def _item(entity: Entity, stored: str, scope: Scope) -> str:
    always = tuple(key.name for key in entity.keys)
    return unmarshal_fields(entity.attributes, stored, scope, always=always)


def _not_found() -> str:
    return _status(404) + _message(NOT_FOUND)


def _message(text: str) -> str:
    return '{"message": ' + literal(text) + "}"


def _item_or_404(entity: Entity, path: str) -> str:
    """The item at a path of DynamoDB's answer as plain JSON, or a 404 error when there is none."""
    return (
        f"#set($item = $input.path('{path}'))\n"
        + '#if($item == "")'
        + _not_found()
        + "#{else}"
        + _item(entity, "$item", Scope())
        + "#end"
    )


def _page(entity: Entity, cursor_keys: tuple[Attribute, ...]) -> str:
    scope = Scope()
    row = scope.fresh("i")
    items = (
        f"#foreach({row} in $input.path('$.Items')){_item(entity, row, scope)}#if($foreach.hasNext),#end#end"
    )
    return '{"items": [' + items + '],\n"next_cursor": ' + paging.next_cursor(cursor_keys) + "}"


THROTTLED = "$type.matches('.*#(ProvisionedThroughputExceeded|Throttling)Exception|.*#RequestLimitExceeded')"
INVALID_MESSAGES: dict[OperationName, str] = {
    "list": "Invalid request: limit must be an integer from 1 to 100, and cursor the next_cursor of a page.",
    "query": "Invalid request: the key must fit the model, limit be an integer from 1 to 100, and cursor "
    "the next_cursor of a page.",
}
NOT_FOUND = "Not found: no item has this key."
CONFLICTS: dict[OperationName, tuple[int, str]] = {
    "patch": (404, NOT_FOUND),
    "create": (409, "Conflict: an item with this key already exists."),
}
SERVER_ERROR = _message("The database is unavailable; try again later.")


def client_error(operation: OperationName) -> str:
    """The `4\\d{2}` template: DynamoDB's `__type` to the API's status (default 400) and message.

    It depends only on the operation, never on the entity, so `validate` compiles it once for all.
    """
    branches: list[tuple[str, str]] = []
    if operation in CONFLICTS:
        status, text = CONFLICTS[operation]
        branches.append(
            (
                "$type.contains('ConditionalCheckFailedException')",
                _status(status) + _message(text),
            )
        )
    invalid = INVALID_MESSAGES.get(operation, "Invalid request: a key or a value does not fit the model.")
    branches.append(("$type.contains('ValidationException')", _message(invalid)))
    branches.append((THROTTLED, _status(429) + _message("Too many requests; try again later.")))
    chain = "".join(
        f"{'#if' if index == 0 else '#elseif'}({condition}){body}\n"
        for index, (condition, body) in enumerate(branches)
    )
    fallback = _status(500) + _message("The request could not be completed.")
    return f"#set($type = $input.path('$.__type'))\n{chain}#{{else}}{fallback}\n#end"


def _status(status: int) -> str:
    return f"#set($context.responseOverride.status = {status})"

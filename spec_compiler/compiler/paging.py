"""Pagination for Scan and Query: the `limit` and `cursor` query parameters and `next_cursor`.

The cursor is opaque to clients but simple: one part per key attribute the page needs to resume (both
keys for a Scan, the sort key for a Query, whose partition comes from the path), each part the URL-safe
base64 (no padding) of the key value's DynamoDB text, parts joined by `.`. The response template builds
it from `LastEvaluatedKey`; the request template accepts it only when it matches that grammar exactly,
decodes each part and rebuilds `ExclusiveStartKey` from the decoded values through `json_string`, so a
cursor can carry any key value but never JSON or VTL.

A request template cannot abort, so a malformed cursor or a limit outside 1..100 sets `$invalid`, which
makes the request one DynamoDB rejects deterministically with a ValidationException (a `Limit` of 0 and
an `ExpressionAttributeNames` entry no expression uses; the second also holds against moto, which does
not check `Limit`). The `4\\d{2}` response maps that to 400; nothing the client sent is in the request.
"""

from __future__ import annotations

from spec_compiler.compiler.constructs import UNESCAPE_APOSTROPHE, json_string
from spec_compiler.model.ir import Attribute

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
VALID_LIMIT = "[1-9][0-9]?|100"  # 1 to MAX_LIMIT, as digits
_PART = "(?:[A-Za-z0-9_-]{4})*[A-Za-z0-9_-]{2,4}"
INVALID_NAME = "#invalid"
INVALID_MARK = f'"{INVALID_NAME}": "rejected"'  # also marks requests with an invalid path key


def cursor_pattern(parts: int) -> str:
    """The grammar of a cursor of this many parts, as a Java regex matched against the whole text."""
    return "\\.".join([_PART] * parts)


def read_paging(cursor_keys: tuple[Attribute, ...]) -> str:
    """VTL that sets `$limit` (digits), `$invalid`, `$resume` and `$c0`, `$c1`... (decoded key texts)."""
    lines = [
        "#set($query = $input.params().querystring)",
        f'#set($limit = "{DEFAULT_LIMIT}")',
        "#set($invalid = false)",
        "#set($resume = false)",
        """#if("$!query.get('limit')" != "")#set($limit = $query.get('limit'))#end""",
        f"#if(!$limit.matches('{VALID_LIMIT}'))#set($invalid = true)#end",
        """#set($cursor = "$!query.get('cursor')")""",
        '#if($cursor != "")',
        f"#if($cursor.matches('{cursor_pattern(len(cursor_keys))}'))",
        "#set($resume = true)",
    ]
    for index in range(len(cursor_keys)):
        part = f"$c{index}"
        if len(cursor_keys) == 1:
            lines.append(f"#set({part} = $cursor)")
        elif index == 0:
            lines.append(f"#set({part} = $cursor.replaceAll('\\..*', ''))")
        else:
            lines.append(f"#set({part} = $cursor.replaceAll('^[^.]*\\.', ''))")
        lines += [
            f"#set({part} = {part}.replaceAll('-', '+').replaceAll('_', '/'))",
            f'#if({part}.length() % 4 == 2)#set({part} = "${{c{index}}}==")'
            f'#elseif({part}.length() % 4 == 3)#set({part} = "${{c{index}}}=")#end',
            f"#set({part} = $util.base64Decode({part}))",
        ]
    lines += ["#else", "#set($invalid = true)", "#end", "#end"]
    return "\n".join(lines) + "\n"


def limit_member() -> str:
    """The `Limit` member: the client's limit once checked to be digits in range, else 0."""
    return f'"Limit": #if($invalid)0#{{else}}$util.escapeJavaScript($limit){UNESCAPE_APOSTROPHE}#end'


def exclusive_start_key(members: list[str]) -> str:
    """The `ExclusiveStartKey` member (with a trailing comma) when a valid cursor was given."""
    return '#if($resume && !$invalid)"ExclusiveStartKey": {' + ", ".join(members) + "},#end"


def cursor_value(key: Attribute, index: int) -> str:
    """The AttributeValue of a key rebuilt from the decoded text of cursor part `index`."""
    return f'"{key.name}": {{"{key.type.kind}": {json_string(f"$c{index}")}}}'


def next_cursor(cursor_keys: tuple[Attribute, ...]) -> str:
    """VTL rendering `next_cursor`: the cursor of `LastEvaluatedKey`, or null on the last page."""
    lines = ["#set($last = $input.path('$.LastEvaluatedKey'))", '#if($last == "")null#{else}']
    parts = []
    for index, key in enumerate(cursor_keys):
        encoded = f"$util.base64Encode($last.get('{key.name}').{key.type.kind})"
        lines.append(
            f"#set($n{index} = {encoded}.replaceAll('\\+', '-').replaceAll('/', '_').replaceAll('=', ''))"
        )
        parts.append(f"${{n{index}}}")
    lines.append(f'#set($next = "{".".join(parts)}")')
    lines.append(f"{json_string('$next')}#end")
    return "\n".join(lines)

"""JSON objects of an entity's fields in generated VTL, written by loops over tables of field names.

VTL has no functions, so code written per field grows with the number of fields. Instead, the fields of
an object (an item, a nested model, PATCH's values) are rows of a VTL list literal of the compiler's own
names and labels (`[['title', 'S'], ['rating', 'N']]`), and one `#foreach` over it holds the code of each
distinct kind of field once, chosen by the row's label: fields of one type and condition share it. A
field alone, or a few whose loop would be longer, are written one by one with their names as they are.
Names in a table are checked (`checked_name`: letters, digits, `_ . -`, nothing a quote ends) and reach
the output only as JSON keys (or, for PATCH, `ExpressionAttributeNames` values); values still leave
only through the constructs of `constructs.py`, which each field's code is made of.

Members are joined by `, `: where the compiler knows whether a member was written before, it writes the
separator literally; after a member written only when present, a variable holds it. The JSON rendered
is the same, byte for byte, as when every field had its own code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spec_compiler.compiler.constructs import checked_name, is_identifier
from spec_compiler.model.ir import Attribute, AttributeType

# A group of two to this many fields is written one by one when that is shorter than its loop; a field
# alone always is, and a larger group always by a loop (then nearly always the shorter).
FEW_FIELDS = 3


@dataclass
class Scope:
    """Hands out unique VTL variable names within one template."""

    counter: int = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"${prefix}{self.counter}"

    def fresh_number(self) -> int:
        """A number no variable of this scope carries yet, for a family of names (`$a3`, `$f3`)."""
        self.counter += 1
        return self.counter


@dataclass(frozen=True)
class FieldName:
    """How generated code names a field: as a literal, or through the loop variable of a field table
    (see `field_table`); `bound`, a variable the loop sets to the field's value once it is known."""

    expression: str  # the argument of `get(...)`: `'title'` or `$a3`
    text: str  # in the rendered JSON: `title` or `$a3`
    step: str  # a JSONPath step: `title` or `${a3}`
    bound: str | None = None

    @classmethod
    def literal(cls, name: str) -> FieldName:
        return cls(f"'{name}'", name, name)

    @classmethod
    def variable(cls, variable: str, bound: str | None = None) -> FieldName:
        return cls(variable, variable, "${" + variable.removeprefix("$") + "}", bound)


@dataclass(frozen=True)
class Member:
    """One member of an object: written when `condition` holds (always when None), with this value."""

    condition: str | None
    value: str


@dataclass(frozen=True)
class Group:
    """Fields an object writes together (see `field_members`); `always`: each is written whatever the
    body or item holds (their members have no condition)."""

    fields: tuple[Attribute, ...]
    member: Callable[[Attribute, FieldName], Member]
    always: bool
    bound: bool = False


def json_object(separator: str, fixed: tuple[str, ...], groups: Sequence[Group], scope: Scope) -> str:
    """`{...}` of the `fixed` members, then of the members of each group.

    Members are joined by `, `. While the compiler knows whether anything was written before a member,
    it writes that literally; where only the rendering knows (after a member written only if present),
    the variable `separator` holds it. An object whose members are all conditional sets the variable
    before its `{`, where `#set` also takes the spaces before it on its line, as the generator always
    did, so that the JSON is the same.
    """
    opening, body = "{", ", ".join(fixed)
    state: str | None = ", " if fixed else ""  # what precedes the next member; None: only `separator` knows
    if not fixed and not any(group.always and group.fields for group in groups):
        opening, state = f'#set({separator} = ""){{', None
    for group in groups:
        if not group.fields:
            continue
        rendered = _group_members(group, state, separator, scope)
        if 1 < len(group.fields) <= FEW_FIELDS:
            # A loop pays for its table and dispatch: a few fields may be shorter one by one.
            one_by_one = ("", state)
            for attribute in group.fields:
                alone = Group((attribute,), group.member, group.always, group.bound)
                text, after = _group_members(alone, one_by_one[1], separator, scope)
                one_by_one = (one_by_one[0] + text, after)
            rendered = min(one_by_one, rendered, key=lambda candidate: len(candidate[0]))
        body, state = body + rendered[0], rendered[1]
    return opening + body + "}"


def _group_members(group: Group, state: str | None, separator: str, scope: Scope) -> tuple[str, str | None]:
    """The members of a group after members whose separator is `state`, and the state after them."""
    literal = state == ", " or (state == "" and group.always and len(group.fields) == 1)
    text = "" if literal or state is None else f'#set({separator} = "{state}")'
    text += field_members(group, scope, None if literal else separator, state if literal else None)
    return text, ", " if group.always or state == ", " else None


@dataclass(frozen=True)
class FieldTable:
    """Fields as rows of a VTL table, `[name, label]`, and the code of each label (the code of a field,
    written for the name in the loop variable `field`): fields whose code is the same share a label.
    `shared`: whether every field has the same `condition`, then hoisted out of the code (see
    `field_table`)."""

    field: FieldName
    row: str
    rows: tuple[tuple[str, str], ...]
    branches: dict[str, str]
    shared: bool
    condition: str | None

    def table(self) -> str:
        """The VTL list literal of the rows: names only when every field has the same code."""
        if len(self.branches) == 1:
            return vtl_list(name for name, _ in self.rows)
        return "[" + ", ".join(vtl_list(row) for row in self.rows) + "]"

    def each(self, table: str, body: Callable[[str], str]) -> str:
        """A `#foreach` over the table, `body` given the code of the current row's field."""
        if not self.rows:
            return ""
        name = self.field.expression
        if len(self.branches) == 1:
            (code,) = self.branches.values()
            return f"#foreach({name} in {table}){body(code)}#end"
        label = f"$k{name.removeprefix('$a')}"
        dispatch = "".join(
            f"#{'if' if index == 0 else 'elseif'}({label} == '{key}'){code}"
            for index, (key, code) in enumerate(self.branches.items())
        )
        rendered = body(dispatch + "#end")
        read = f"#set({name} = {self.row}.get(0))"
        if label in rendered:
            read += f"#set({label} = {self.row}.get(1))"
        return f"#foreach({self.row} in {table}){read}{rendered}#end"


def field_table(
    fields: Sequence[Attribute],
    scope: Scope,
    member: Callable[[Attribute, FieldName], Member],
    wrap: Callable[[Member, FieldName], str],
    *,
    bound: bool = False,
) -> FieldTable:
    """The table of these fields, `member(field, name)` giving the VTL of each (which must depend on
    the field's name only through the name it is given). When every member has the same condition, the
    code of a label is the member's value and the condition is the table's; otherwise it is
    `wrap(member, name)`. With `bound`, the members' values may use `name.bound`, which holds the value
    of the condition (a stored value, non-null when the condition holds).

    Each field's code is generated from the same scope state, so fields of one type get the same text,
    and branches may reuse variable names (only one runs per row). It is generated once for the fields
    that share a type, whether they are required, and whether their names are identifiers (which decides
    whether a JSONPath can step to them): `member` must depend on nothing else of a field."""
    number = scope.fresh_number()
    field = FieldName.variable(f"$a{number}", f"$v{number}" if bound else None)
    start = end = scope.counter
    members = []
    generated: dict[tuple[AttributeType, bool, bool], Member] = {}
    for attribute in fields:
        key = (attribute.type, attribute.required, is_identifier(attribute.name))
        known = generated.get(key)
        if known is None:
            scope.counter = start
            known = generated[key] = member(attribute, field)
            end = max(end, scope.counter)
        members.append(known)
    scope.counter = end
    conditions = {m.condition for m in members}
    shared = len(conditions) == 1
    if bound and not shared:
        raise ValueError("a bound field table needs one condition for every field")
    labels: dict[str, str] = {}  # code -> label
    rows = []
    for attribute, m in zip(fields, members, strict=True):
        code = m.value if shared else wrap(m, field)
        label = labels.get(code)
        if label is None:
            label = labels[code] = _label(attribute.type, set(labels.values()))
        rows.append((checked_name(attribute.name, "attribute"), label))
    condition = members[0].condition if shared and members else None
    branches = {label: code for code, label in labels.items()}
    return FieldTable(field, f"$f{number}", tuple(rows), branches, shared, condition)


def field_members(group: Group, scope: Scope, separator: str | None, prefix: str | None) -> str:
    """The members of a group's fields, each after `prefix` (a literal), or after the `separator`
    variable, which each then sets to `, `. A field alone is written with its name as it is, several by
    a loop over their table (see `field_table`)."""
    if len(group.fields) == 1:
        (attribute,) = group.fields
        field = FieldName.literal(checked_name(attribute.name, "attribute"))
        return _written(group.member(attribute, field), field, separator, prefix)
    table = field_table(
        group.fields,
        scope,
        group.member,
        lambda m, field: _written(m, field, separator, prefix),
        bound=group.bound,
    )
    if not table.shared:
        return table.each(table.table(), lambda code: code)
    return table.each(
        table.table(), lambda code: _written(Member(table.condition, code), table.field, separator, prefix)
    )


def _written(member: Member, field: FieldName, separator: str | None, prefix: str | None) -> str:
    """One member of an object, when its condition holds: the separator, the name, the value; with a
    bound name, the value set into its variable first."""
    if separator is None:
        written = f'{prefix}"{field.text}": {member.value}'
    else:
        written = f'{separator}"{field.text}": {member.value}#set({separator} = ", ")'
    if member.condition is None:
        return written
    if field.bound is not None:
        written = f"#set({field.bound} = {member.condition})" + written
    return f"#if({member.condition}){written}#end"


def vtl_list(texts: Iterable[str]) -> str:
    """A VTL list literal of names and labels the compiler chose (nothing a single quote ends)."""
    return "[" + ", ".join(f"'{text}'" for text in texts) + "]"


def _label(type_: AttributeType, taken: set[str]) -> str:
    """A short label for a field's code: its kind (`?` when nullable), numbered when already taken."""
    base = type_.kind + ("?" if type_.nullable else "")
    label, number = base, 1
    while label in taken:
        number += 1
        label = f"{base}{number}"
    return label

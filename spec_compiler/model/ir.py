"""The intermediate description (IR) of an API: what the model layer learns from the user's classes.

The model layer is the only code that knows Pydantic; it fills these frozen dataclasses. The compiler
reads only these, so every emitter (schemas, templates, the document) works from the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# DynamoDB AttributeValue kinds an attribute can be stored as.
DynamoKind = Literal["S", "N", "B", "BOOL", "SS", "NS", "L", "M"]

# Operations the compiler can generate for an entity:
#   get     GET    /r/{k}[/{s}]  GetItem
#   put     PUT    /r/{k}[/{s}]  PutItem (create or replace)
#   patch   PATCH  /r/{k}[/{s}]  UpdateItem (item must exist)
#   delete  DELETE /r/{k}[/{s}]  DeleteItem
#   create  POST   /r            PutItem with attribute_not_exists
#   list    GET    /r            Scan, paged
#   query   GET    /r/{k}        Query on the partition, paged (only with a sort key)
OperationName = Literal["get", "put", "patch", "delete", "create", "list", "query"]
ALL_OPERATIONS: tuple[OperationName, ...] = ("get", "put", "patch", "delete", "create", "list", "query")


@dataclass(frozen=True)
class AttributeType:
    """The shape of a value: its DynamoDB kind and, for containers, the shape of what it holds.

    `format` refines scalars for the JSON side: for S one of "string", "date-time", "date", "uuid",
    "enum"; for N one of "integer", "number". `items` is the element type of L, SS and NS; `values` the
    value type of a `dict[str, T]` (M); `fields` the attributes of a nested model (M).
    """

    kind: DynamoKind
    format: str | None = None
    items: AttributeType | None = None
    values: AttributeType | None = None
    fields: tuple[Attribute, ...] | None = None
    nullable: bool = False


@dataclass(frozen=True)
class Attribute:
    """One field of an entity or of a nested model.

    `required` is False for fields with a default (`T | None = None` and the like); `schema` is the
    field's JSON schema as Pydantic describes it (references point to `Api.schemas`), with its
    description, constraints and examples; `spec_compiler.compiler.schemas` turns it into API Gateway's
    draft-4 subset.
    """

    name: str
    type: AttributeType
    required: bool = True
    description: str | None = None
    schema: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Entity:
    """One user model: a DynamoDB table served under one URL resource."""

    name: str
    table: str
    resource: str
    partition_key: Attribute
    sort_key: Attribute | None
    attributes: tuple[Attribute, ...]
    operations: tuple[OperationName, ...]
    description: str = ""
    source: str = ""

    @property
    def keys(self) -> tuple[Attribute, ...]:
        return (self.partition_key,) if self.sort_key is None else (self.partition_key, self.sort_key)


@dataclass(frozen=True)
class Api:
    """Every entity of the models folder, with the project's settings; one OpenAPI document."""

    title: str
    version: str
    description: str
    entities: tuple[Entity, ...]
    # Named schemas the attributes' schemas refer to (`#/components/schemas/<name>`): nested models, enums.
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)

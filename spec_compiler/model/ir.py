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
# Reads run under the table's read role, may be cached, and are the `access` group "read"; the rest write.
READ_OPERATIONS: tuple[OperationName, ...] = ("get", "list", "query")
WRITE_OPERATIONS: tuple[OperationName, ...] = ("put", "patch", "delete", "create")


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


# Who may call an operation:
#   public    anyone
#   iam       callers signing with AWS Signature Version 4 (IAM)
#   cognito   bearers of a token from a Cognito user pool (`Authorizer.kind == "cognito"`)
#   custom    callers a Lambda authorizer allows (`Authorizer.kind` "token" or "request")
# Any of them may also require an API key (`Access.api_key`); `ApiKey()` is public plus a key.
AccessKind = Literal["public", "iam", "cognito", "custom"]
AuthorizerKind = Literal["cognito", "token", "request"]


@dataclass(frozen=True)
class Authorizer:
    """A named authorizer: a Cognito user pool or a Lambda function API Gateway asks before the call.

    `identity_sources` are API Gateway's `method.request.header.X` / `method.request.querystring.x`;
    `ttl` is how long API Gateway caches the authorizer's answer (0: not cached).
    """

    name: str
    kind: AuthorizerKind
    pool_arns: tuple[str, ...] = ()
    function_arn: str = ""
    identity_sources: tuple[str, ...] = ("method.request.header.Authorization",)
    ttl: int = 300
    invoke_role_arn: str | None = None


@dataclass(frozen=True)
class Access:
    """Who may call one operation: the kind, its authorizer, OAuth scopes (Cognito), and an API key."""

    kind: AccessKind = "public"
    authorizer: Authorizer | None = None
    scopes: tuple[str, ...] = ()
    api_key: bool = False


PUBLIC = Access()


@dataclass(frozen=True)
class Entity:
    """One user model: a DynamoDB table served under one URL resource.

    `access` says who may call each operation (absent: public). An `owner_scoped` entity's partition key
    is the caller's identity (Cognito `sub` or a custom authorizer's `principalId`): it is never a path
    parameter and never comes from the client. `cache_ttl` caches the read operations' answers.
    """

    name: str
    table: str
    resource: str
    partition_key: Attribute
    sort_key: Attribute | None
    attributes: tuple[Attribute, ...]
    operations: tuple[OperationName, ...]
    description: str = ""
    source: str = ""
    access: tuple[tuple[OperationName, Access], ...] = ()
    owner_scoped: bool = False
    cache_ttl: int | None = None

    @property
    def keys(self) -> tuple[Attribute, ...]:
        return (self.partition_key,) if self.sort_key is None else (self.partition_key, self.sort_key)

    @property
    def non_key_attributes(self) -> tuple[Attribute, ...]:
        """The attributes a PUT or PATCH body carries: every one but the keys."""
        key_names = {key.name for key in self.keys}
        return tuple(attribute for attribute in self.attributes if attribute.name not in key_names)

    @property
    def path_keys(self) -> tuple[Attribute, ...]:
        """The keys the client names in the path: all of them, less the owner's partition key."""
        return self.keys[1:] if self.owner_scoped else self.keys

    def access_for(self, operation: OperationName) -> Access:
        return dict(self.access).get(operation, PUBLIC)


@dataclass(frozen=True)
class Cors:
    """Cross-origin settings: one allowed origin (or `*`), request headers, max age, credentials."""

    origin: str
    headers: tuple[str, ...]
    max_age: int | None = None
    credentials: bool = False


@dataclass(frozen=True)
class UsagePlan:
    """Throttling and quota for the API keys it names (deploy creates both and wires them to the stage)."""

    name: str
    api_keys: tuple[str, ...]
    rate: float | None = None
    burst: int | None = None
    quota_limit: int | None = None
    quota_period: str | None = None


# The smallest stage cache cluster, in GB: the size used when pyproject.toml names none.
DEFAULT_CACHE_CLUSTER_SIZE = "0.5"


@dataclass(frozen=True)
class Api:
    """Every entity of the models folder, with the project's settings; one OpenAPI document."""

    title: str
    version: str
    description: str
    entities: tuple[Entity, ...]
    # Named schemas the attributes' schemas refer to (`#/components/schemas/<name>`): nested models, enums.
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    cors: Cors | None = None
    usage_plans: tuple[UsagePlan, ...] = ()
    # The stage cache cluster's size in GB ("0.5", "1.6", ...); used when an entity caches its reads.
    cache_cluster_size: str = DEFAULT_CACHE_CLUSTER_SIZE

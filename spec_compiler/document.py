"""Reading the generated OpenAPI document: the contract between `build` and everything downstream.

`serve`, `validate`, `deploy` and `docs` read the document exactly as API Gateway would, never the models
behind it. What they need beyond API Gateway's own keys travels in one root vendor extension,
`x-spec-compiler`, which `deploy` removes before import and `docs` removes before publishing:

    x-spec-compiler:
      tables:                       # every DynamoDB table the integrations use
        favorite_movies:
          partitionKey: {name: name, type: S}
          sortKey: {name: seen_at, type: S}      # only when the table has one
      roles:                        # every role an integration's `credentials` names
        favorite_movies-apigw-read: {table: favorite_movies, access: read}
      usagePlans:                   # only when pyproject.toml declares usage plans
        partners:
          apiKeys: [partner-a]      # names of the API keys deploy creates in this plan
          throttle: {rateLimit: 10, burstLimit: 20}   # each optional
          quota: {limit: 10000, period: MONTH}        # optional
      cache:                        # only when an entity caches its reads
        clusterSize: "0.5"          # GB
        methods:
          /movies/{name}: {GET: {ttl: 300}}
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from spec_compiler.collector import collector_paused
from spec_compiler.errors import DocumentError
from spec_compiler.yaml_reader import load_yaml

EXTENSION = "x-spec-compiler"
INTEGRATION = "x-amazon-apigateway-integration"
GATEWAY_RESPONSES = "x-amazon-apigateway-gateway-responses"
KEY_TYPES = ("HASH", "RANGE")
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

_COLLECTIONS = (dict, list, tuple)
# Values a document may hold once its YAML aliases are expanded: a 6 MB document, API Gateway's largest,
# holds well under a million.
MAX_VALUES = 5_000_000

_AWS_VARIABLE = re.compile(r"\$\{AWS::(Partition|Region|AccountId)\}")


@dataclass(frozen=True)
class KeyAttribute:
    """One attribute of a table's primary key: its name and DynamoDB scalar type (S, N or B)."""

    name: str
    type: str


@dataclass(frozen=True)
class Table:
    """A table the document's integrations read or write, with the key schema they rely on."""

    name: str
    partition_key: KeyAttribute
    sort_key: KeyAttribute | None = None

    @property
    def key_attributes(self) -> tuple[KeyAttribute, ...]:
        return (self.partition_key,) if self.sort_key is None else (self.partition_key, self.sort_key)

    def key_schema(self) -> dict[str, Any]:
        """`AttributeDefinitions` and `KeySchema` as CreateTable and CloudFormation both take them."""
        return {
            "AttributeDefinitions": [
                {"AttributeName": key.name, "AttributeType": key.type} for key in self.key_attributes
            ],
            "KeySchema": [
                {"AttributeName": key.name, "KeyType": key_type}
                for key, key_type in zip(self.key_attributes, KEY_TYPES, strict=False)
            ],
        }


def described_keys(description: dict[str, Any]) -> tuple[KeyAttribute, ...]:
    """The key of an existing table, from its DescribeTable `Table`, partition key first."""
    types = {
        item["AttributeName"]: item["AttributeType"] for item in description.get("AttributeDefinitions", [])
    }
    ordered = sorted(description.get("KeySchema", []), key=lambda key: KEY_TYPES.index(key["KeyType"]))
    return tuple(KeyAttribute(key["AttributeName"], types.get(key["AttributeName"], "?")) for key in ordered)


@dataclass(frozen=True)
class Role:
    """An IAM role named by integrations' `credentials`: which table it is for and whether it writes."""

    name: str
    table: str
    access: str


@dataclass(frozen=True)
class Operation:
    """One method of one path, with the integration API Gateway would run for it."""

    path: str
    method: str
    spec: dict[str, Any]

    @property
    def integration(self) -> dict[str, Any] | None:
        return self.spec.get(INTEGRATION)


@dataclass(frozen=True)
class UsagePlan:
    """A usage plan: the API keys it admits, their throttle (requests/s, burst) and quota."""

    name: str
    api_keys: tuple[str, ...]
    rate_limit: float | None = None
    burst_limit: int | None = None
    quota_limit: int | None = None
    quota_period: str | None = None


@dataclass(frozen=True)
class CachedMethod:
    """One method whose answers the stage cache keeps for `ttl` seconds."""

    path: str
    method: str
    ttl: int


@dataclass(frozen=True)
class StageCache:
    """The stage cache cluster (size in GB) and the methods it serves."""

    cluster_size: str
    methods: tuple[CachedMethod, ...]


def load_document(path: str | Path) -> dict[str, Any]:
    """Read an OpenAPI document from YAML or JSON, with an error that says what to do when it is bad."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocumentError(
            f"{path}: no such file. Run `spec-compiler build` to generate it, or name the document to use."
        ) from None
    except OSError as error:
        raise DocumentError(f"{path}: cannot be read ({error.strerror}).") from None
    try:
        with collector_paused():  # millions of acyclic objects: collections midway cost more than parsing
            document = load_yaml(text)
    except yaml.YAMLError as error:
        raise DocumentError(f"{path}: not valid YAML or JSON: {error}") from None
    if not isinstance(document, dict) or "paths" not in document:
        raise DocumentError(f"{path}: not an OpenAPI document (it has no `paths`).")
    _check_aliases(document, path)
    return document


def _check_aliases(document: dict[str, Any], path: Path) -> None:
    """Refuse what YAML aliases (`*name`) can make of a document and no reader can walk: a value that
    contains itself, or one that expands to more than `MAX_VALUES` values (a "billion laughs"
    document, a few lines long). A document without shared values is read once, quickly."""
    shared = _shared_collections(document)
    if not shared:
        return
    values = _expanded_values(document, shared, path)
    if values > MAX_VALUES:
        raise DocumentError(
            f"{path}: its aliases (`*name`) repeat values until the document holds {values:,} of them, more "
            f"than the {MAX_VALUES:,} a document can hold here. Write the repeated parts out, or repeat less."
        )


def _shared_collections(document: dict[str, Any]) -> set[int]:
    """The ids of the mappings and sequences reached more than once: what aliases make (a fresh parse
    makes every other value once). Sequences include tuples, which `!!omap` and `!!pairs` make."""
    seen: set[int] = {id(document)}
    shared: set[int] = set()
    stack: list[dict[str, Any] | list[Any] | tuple[Any, ...]] = [document]
    while stack:
        node = stack.pop()
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, _COLLECTIONS):
                if id(child) in seen:
                    shared.add(id(child))
                else:
                    seen.add(id(child))
                    stack.append(child)
    return shared


def _expanded_values(document: dict[str, Any], shared: set[int], path: Path) -> int:
    """How many values the document holds with every alias expanded (a shared value's count is kept, so
    each is counted once); a value inside itself is a DocumentError naming where it appears again."""
    sizes: dict[int, int] = {}
    # The values being counted, outermost first: each with its members still to count, the key of the
    # member being counted, and its count so far.
    frames: list[list[Any]] = []
    open_ids: set[int] = set()

    def enter(node: dict[str, Any] | list[Any] | tuple[Any, ...]) -> None:
        members = iter(node.items()) if isinstance(node, dict) else enumerate(node)
        frames.append([node, members, None, 1])
        open_ids.add(id(node))

    enter(document)
    while True:
        frame = frames[-1]
        for key, child in frame[1]:
            if not isinstance(child, _COLLECTIONS):
                frame[3] += 1
            elif id(child) in sizes:
                frame[3] += sizes[id(child)]
            elif id(child) in open_ids:
                where = pointer(*(outer[2] for outer in frames[:-1]), key)
                raise DocumentError(
                    f"{path}#{where}: an alias (`*name`) inside its own anchor makes this value contain "
                    "itself, which JSON cannot hold. Write it out as deep as it needs to go, or name it in "
                    "components.schemas and $ref it."
                )
            else:
                frame[2] = key
                enter(child)
                break
        else:
            node, _, _, count = frames.pop()
            open_ids.discard(id(node))
            if id(node) in shared:
                sizes[id(node)] = count
            if not frames:
                return count
            frames[-1][3] += count


def pointer(*parts: Any) -> str:
    """The JSON pointer (RFC 6901) of a path of keys and indexes: `~` is `~0`, `/` is `~1`."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def operations(document: dict[str, Any]) -> Iterator[Operation]:
    """Every operation in the document, in document order (a `paths` or path item that is not a
    mapping has none: `validate` reports it as not valid OpenAPI)."""
    paths = document.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        for method, spec in item.items() if isinstance(item, dict) else ():
            if method in HTTP_METHODS and isinstance(spec, dict):
                yield Operation(path, method, spec)


def tables(document: dict[str, Any]) -> list[Table]:
    """The tables the project's extension describes, sorted by name."""
    described = _extension(document).get("tables") or {}
    try:
        return [
            Table(
                name=name,
                partition_key=KeyAttribute(**spec["partitionKey"]),
                sort_key=KeyAttribute(**spec["sortKey"]) if spec.get("sortKey") else None,
            )
            for name, spec in sorted(described.items())
        ]
    except (KeyError, TypeError) as error:
        raise DocumentError(f"{EXTENSION}.tables is malformed ({error}); rebuild the document.") from None


def roles(document: dict[str, Any]) -> list[Role]:
    """The roles the project's extension describes, sorted by name."""
    described = _extension(document).get("roles") or {}
    try:
        return [Role(name=name, **spec) for name, spec in sorted(described.items())]
    except TypeError as error:
        raise DocumentError(f"{EXTENSION}.roles is malformed ({error}); rebuild the document.") from None


def usage_plans(document: dict[str, Any]) -> list[UsagePlan]:
    """The usage plans the project's extension describes, sorted by name (empty when there are none)."""
    described = _extension(document).get("usagePlans") or {}
    try:
        return [_usage_plan(name, spec) for name, spec in sorted(described.items())]
    except (AttributeError, TypeError) as error:
        raise DocumentError(f"{EXTENSION}.usagePlans is malformed ({error}); rebuild the document.") from None


def _usage_plan(name: str, spec: dict[str, Any]) -> UsagePlan:
    throttle, quota = spec.get("throttle") or {}, spec.get("quota") or {}
    return UsagePlan(
        name=name,
        api_keys=tuple(spec.get("apiKeys") or ()),
        rate_limit=throttle.get("rateLimit"),
        burst_limit=throttle.get("burstLimit"),
        quota_limit=quota.get("limit"),
        quota_period=quota.get("period"),
    )


def api_keys(document: dict[str, Any]) -> list[str]:
    """Every API key name the usage plans name, sorted."""
    return sorted({key for plan in usage_plans(document) for key in plan.api_keys})


def stage_cache(document: dict[str, Any]) -> StageCache | None:
    """The stage cache settings, or None when no method is cached."""
    described = _extension(document).get("cache")
    if not described:
        return None
    try:
        methods = tuple(
            CachedMethod(path=path, method=method, ttl=int(spec["ttl"]))
            for path, by_method in sorted(described["methods"].items())
            for method, spec in sorted(by_method.items())
        )
        return StageCache(cluster_size=str(described["clusterSize"]), methods=methods)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise DocumentError(f"{EXTENSION}.cache is malformed ({error}); rebuild the document.") from None


def without_extension(document: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of the document without the project's own extension, as API Gateway should see it."""
    public = copy.deepcopy(document)
    public.pop(EXTENSION, None)
    return public


def resolve_aws_variables(text: str, *, partition: str, region: str, account_id: str) -> str:
    """Substitute `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}` as import does."""
    values = {"Partition": partition, "Region": region, "AccountId": account_id}
    return _AWS_VARIABLE.sub(lambda match: values[match.group(1)], text)


def _extension(document: dict[str, Any]) -> dict[str, Any]:
    extension = document.get(EXTENSION)
    if not isinstance(extension, dict):
        raise DocumentError(
            f"the document has no `{EXTENSION}` extension; it was not generated by spec-compiler build."
        )
    return extension

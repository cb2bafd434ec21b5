"""Pydantic entity classes to the IR: keys, attributes with their DynamoDB kinds and JSON schemas, options.

Every problem is a `ModelError` that names the file, the class and the field, and says what to do.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from spec_compiler.errors import ModelError
from spec_compiler.model import access_rules
from spec_compiler.model.entity import Entity, KeyMarker
from spec_compiler.model.ir import ALL_OPERATIONS, Attribute, AttributeType, OperationName
from spec_compiler.model.ir import Entity as EntityIR
from spec_compiler.model.jsonschema import REF_TEMPLATE, EntityJsonSchema
from spec_compiler.model.types import UnsupportedType, attribute_type

KEY_KINDS = ("S", "N", "B")
QUERY_PARAMETERS = ("limit", "cursor", "prefix")
_TABLE_NAME = re.compile(r"^[A-Za-z0-9_.-]{3,255}$")
_RESOURCE = re.compile(r"^[A-Za-z0-9_.,:-]+$")
_PATH_PARAMETER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def where(source: str, class_name: str, field: str | None = None) -> str:
    """`models/movie.py, class Movie, field "title"`: the start of every model error."""
    place = f"{source}, class {class_name}"
    return f'{place}, field "{field}"' if field else place


class SchemaRegistry:
    """The named schemas (nested models, enums) shared by all entities, with where each came from."""

    def __init__(self) -> None:
        self.schemas: dict[str, dict[str, Any]] = {}
        self._origins: dict[str, str] = {}
        self._model_schemas: dict[type[BaseModel], dict[str, Any]] = {}

    def model_schema(self, model: type[BaseModel], source: str) -> dict[str, Any]:
        """The model's own JSON schema; the definitions it refers to are added to the registry."""
        if model not in self._model_schemas:
            try:
                schema = model.model_json_schema(
                    by_alias=True, ref_template=REF_TEMPLATE, schema_generator=EntityJsonSchema
                )
            except Exception as error:  # Pydantic raises several kinds; all mean the same to the user
                raise ModelError(
                    f"{where(source, model.__name__)}: Pydantic cannot describe it as JSON ({error}). "
                    "Use only JSON-compatible field types."
                ) from None
            for name, definition in schema.pop("$defs", {}).items():
                self._add(name, _untitled(definition), where(source, model.__name__))
            self._model_schemas[model] = _untitled(schema)
        return self._model_schemas[model]

    def merge(self, other: SchemaRegistry) -> None:
        """Add the schemas another registry collected (from later files), as if they were met here."""
        for name, definition in other.schemas.items():
            self._add(name, definition, other._origins[name])

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the cache by class: the classes of model files exist only where they were
        imported; their schemas are plain data."""
        return {**self.__dict__, "_model_schemas": {}}

    def _add(self, name: str, definition: dict[str, Any], origin: str) -> None:
        known = self.schemas.setdefault(name, definition)
        self._origins.setdefault(name, origin)
        if known != definition:
            raise ModelError(
                f"{origin}: uses a model or enum named {name} that differs from the {name} used by "
                f"{self._origins[name]}. Give one of them another name."
            )


def describe_entity(cls: type[Entity], source: str, registry: SchemaRegistry) -> EntityIR:
    """The IR of one entity class defined in `source`."""
    options = cls.__entity_options__
    table = _table(cls, source, options.table)
    resource = _resource(cls, source, options.resource)
    try:
        attributes = _attributes(cls, source, registry, (cls,))
    except UnsupportedType as problem:
        raise ModelError(
            f"{where(source, cls.__name__, problem.path)}: {problem.message.rstrip('.')}."
        ) from None
    partition_key, sort_key = _keys(cls, source, attributes)
    partition_key = _self_contained(partition_key, registry)
    sort_key = None if sort_key is None else _self_contained(sort_key, registry)
    place = where(source, cls.__name__)
    operations = _operations(
        cls,
        source,
        options.operations,
        has_sort_key=sort_key is not None,
        has_other_attributes=len(attributes) > (1 if sort_key is None else 2),
        owner=options.owner is True,
    )
    access = access_rules.entity_access(place, options.access, operations)
    owner = access_rules.owner_scoped(place, options.owner, access, partition_key.type.kind)
    return EntityIR(
        name=cls.__name__,
        table=table,
        resource=resource,
        partition_key=partition_key,
        sort_key=sort_key,
        attributes=attributes,
        operations=operations,
        description=inspect.cleandoc(cls.__doc__) if cls.__doc__ else "",
        source=source,
        access=access,
        owner_scoped=owner,
        cache_ttl=access_rules.cache_ttl(place, options.cache_ttl, operations, owner),
    )


def _attributes(
    model: type[BaseModel], source: str, registry: SchemaRegistry, models_in_progress: tuple[type, ...]
) -> tuple[Attribute, ...]:
    schema = registry.model_schema(model, source)
    properties = schema.get("properties", {})

    def nested_fields(nested: type[BaseModel], in_progress: tuple[type, ...]) -> tuple[Attribute, ...]:
        return _attributes(nested, source, registry, in_progress)

    attributes = []
    for python_name, info in model.model_fields.items():
        name = info.alias or python_name
        try:
            kind = attribute_type(info.annotation, nested_fields, models_in_progress)
        except UnsupportedType as problem:
            path = f"{name}.{problem.path}" if problem.path else name
            raise UnsupportedType(problem.message, path) from None
        attributes.append(
            Attribute(
                name=name,
                type=kind,
                required=info.is_required(),
                description=info.description,
                schema=properties.get(name, {}),
            )
        )
    return tuple(attributes)


def _keys(
    cls: type[Entity], source: str, attributes: tuple[Attribute, ...]
) -> tuple[Attribute, Attribute | None]:
    by_role: dict[str, list[Attribute]] = {"partition": [], "sort": []}
    for (python_name, info), attribute in zip(cls.model_fields.items(), attributes, strict=True):
        roles = {marker.role for marker in info.metadata if isinstance(marker, KeyMarker)}
        if len(roles) > 1:
            raise ModelError(
                f"{where(source, cls.__name__, python_name)}: is marked both PartitionKey and SortKey. "
                "Mark it with one of them."
            )
        for role in roles:
            _check_key(cls, source, python_name, attribute)
            by_role[role].append(attribute)
    partition, sort = by_role["partition"], by_role["sort"]
    if not partition:
        raise ModelError(
            f"{where(source, cls.__name__)}: has no partition key. Mark exactly one field with PartitionKey, "
            "e.g. `name: Annotated[str, PartitionKey]`."
        )
    for role, marked in (("PartitionKey", partition), ("SortKey", sort)):
        if len(marked) > 1:
            names = ", ".join(f'"{attribute.name}"' for attribute in marked)
            raise ModelError(
                f"{where(source, cls.__name__, marked[1].name)}: a second {role} (fields {names}); "
                f"a table has exactly one {role.replace('Key', ' key').lower()}. "
                "Remove the marker from all but one."
            )
    return partition[0], (sort[0] if sort else None)


def _self_contained(key: Attribute, registry: SchemaRegistry) -> Attribute:
    """The key with the enum its schema refers to written out, so that what the request templates
    check (they see only the key) and the path parameter's schema are complete on their own."""
    reference = key.schema.get("$ref")
    if not isinstance(reference, str) or not reference.startswith(REF_TEMPLATE.format(model="")):
        return key
    named = registry.schemas.get(reference.rsplit("/", 1)[1], {})
    schema = {**named, **{k: v for k, v in key.schema.items() if k != "$ref"}}
    return replace(key, schema=schema)


def _check_key(cls: type[Entity], source: str, python_name: str, attribute: Attribute) -> None:
    kind: AttributeType = attribute.type
    place = where(source, cls.__name__, python_name)
    if kind.kind not in KEY_KINDS:
        raise ModelError(
            f"{place}: a key must be stored as S, N or B (str, int, float, Decimal, bytes, date, datetime, "
            f"UUID, a string Enum or Literal), but this field is {kind.kind}. Change its type or use "
            "another field as the key."
        )
    if kind.nullable or not attribute.required:
        raise ModelError(f"{place}: a key is always present. Remove `| None` and the default value.")
    if not _PATH_PARAMETER.match(attribute.name) or attribute.name in QUERY_PARAMETERS:
        raise ModelError(
            f"{place}: the key's JSON name {attribute.name!r} becomes a path parameter, which must be a "
            f"letter or underscore followed by letters, digits or underscores, other than "
            f"{', '.join(QUERY_PARAMETERS)}. Rename the field or its alias."
        )


def _table(cls: type[Entity], source: str, table: Any) -> str:
    place = where(source, cls.__name__)
    if table is None:
        raise ModelError(
            f'{place}: has no table. Write `class {cls.__name__}(Entity, table="...", resource="...")`.'
        )
    if not isinstance(table, str) or not _TABLE_NAME.match(table):
        raise ModelError(
            f"{place}: table={table!r} is not a DynamoDB table name. Use 3 to 255 letters, "
            "digits, underscores, dots or hyphens."
        )
    return table


def _resource(cls: type[Entity], source: str, resource: Any) -> str:
    place = where(source, cls.__name__)
    if resource is None:
        raise ModelError(
            f'{place}: has no resource. Write `class {cls.__name__}(Entity, table="...", '
            'resource="...")`; the resource is the first URL path segment, e.g. "movies".'
        )
    if not isinstance(resource, str) or not _RESOURCE.match(resource) or set(resource) == {"."}:
        raise ModelError(
            f"{place}: resource={resource!r} is not a path segment API Gateway can route. "
            'Use one segment of letters, digits and _ - . , : (no slashes, braces or spaces), e.g. "movies".'
        )
    return resource


def _operations(
    cls: type[Entity],
    source: str,
    requested: Any,
    *,
    has_sort_key: bool,
    has_other_attributes: bool,
    owner: bool = False,
) -> tuple[OperationName, ...]:
    """The requested operations in canonical order, or all that fit the keys and attributes.

    `query` needs a sort key; `patch` needs an attribute besides the keys to change; an owner-scoped
    entity never has `list` by default (`access_rules.owner_scoped` explains why when it is asked for).
    """
    place = where(source, cls.__name__)
    unfit = {
        "query": None if has_sort_key else "needs a sort key. Mark a field with SortKey",
        "patch": None if has_other_attributes else "needs an attribute besides the keys to change",
    }
    fitting = tuple(op for op in ALL_OPERATIONS if not unfit.get(op))
    if requested is None:
        return tuple(op for op in fitting if not (owner and op == "list"))
    if isinstance(requested, str) or not all(isinstance(op, str) for op in requested):
        raise ModelError(
            f"{place}: operations={requested!r} is not a list of operation names. "
            f'Write e.g. operations=["get", "put"].'
        )
    requested = list(requested)
    for op in requested:
        if op not in ALL_OPERATIONS:
            raise ModelError(f"{place}: unknown operation {op!r}. Choose from {', '.join(ALL_OPERATIONS)}.")
        if op not in fitting:
            raise ModelError(f"{place}: operation {op!r} {unfit[op]}, or remove {op!r} from operations.")
    if not requested:
        raise ModelError(f"{place}: operations is empty. Name at least one operation.")
    return tuple(op for op in ALL_OPERATIONS if op in requested)


def _untitled(schema: dict[str, Any]) -> dict[str, Any]:
    """Drop the title Pydantic gives every model and enum: it repeats the schema's name."""
    return {key: value for key, value in schema.items() if key != "title"}

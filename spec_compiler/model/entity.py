"""The model language: the `Entity` base class and the key markers a user writes in `models/*.py`.

    class FavoriteMovie(Entity, table="favorite_movies", resource="movies"):
        '''A friend's favorite movie.'''
        name: Annotated[str, PartitionKey, Field(min_length=1, max_length=100)]
        favorite_movie: Annotated[str, Field(description="Title of the movie")]

An entity is a plain Pydantic model; the class keywords say where it lives (DynamoDB table, URL resource)
and which operations to generate. Nothing is checked here: the class must always import, so that
introspection can report every problem with the file, class and field it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel


class KeyMarker:
    """Marks a field as part of the table's primary key, inside `Annotated[...]`."""

    def __init__(self, role: str) -> None:
        self.role = role

    def __repr__(self) -> str:
        return "PartitionKey" if self.role == "partition" else "SortKey"


PartitionKey = KeyMarker("partition")
SortKey = KeyMarker("sort")


@dataclass(frozen=True)
class EntityOptions:
    """What the class keywords said, unchecked (introspection validates them)."""

    table: Any = None
    resource: Any = None
    operations: Any = None
    access: Any = None
    owner: Any = False
    cache_ttl: Any = None


class Entity(BaseModel):
    """Base class of every entity: a Pydantic model stored in one DynamoDB table, served under one resource.

    Class keywords: `table` (DynamoDB table name), `resource` (URL path segment) and optionally
    `operations` (names out of get, put, patch, delete, create, list, query; default: all that fit the keys),
    `access` (who may call: see `spec_compiler.model.access`; default public), `owner=True` (the partition
    key is the caller's identity from a Cognito or custom authorizer) and `cache_ttl` (seconds API Gateway
    caches the answers of reads).
    """

    __entity_options__: ClassVar[EntityOptions] = EntityOptions()

    def __init_subclass__(
        cls,
        *,
        table: str | None = None,
        resource: str | None = None,
        operations: Iterable[str] | None = None,
        access: Any = None,
        owner: bool = False,
        cache_ttl: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        cls.__entity_options__ = EntityOptions(
            table=table,
            resource=resource,
            operations=operations,
            access=access,
            owner=owner,
            cache_ttl=cache_ttl,
        )

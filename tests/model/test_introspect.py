"""Entity classes become IR entities: keys, attributes, operations, descriptions and schemas."""

import datetime
import enum
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel, Field

from spec_compiler.errors import ModelError
from spec_compiler.model import Entity, PartitionKey, SortKey
from spec_compiler.model.introspect import SchemaRegistry, describe_entity
from spec_compiler.model.ir import Api, AttributeType

PROJECT_MODELS = Path(__file__).parents[2] / "models"


def describe(cls: type[Entity]):
    return describe_entity(cls, "models/test.py", SchemaRegistry())


def test_favorite_movie_is_the_tutorial_entity(load: Callable[[Path], Api]) -> None:
    (movie,) = load(PROJECT_MODELS).entities
    assert (movie.name, movie.table, movie.resource) == ("FavoriteMovie", "favorite_movies", "movies")
    assert movie.partition_key.name == "name"
    assert movie.partition_key.type == AttributeType("S", format="string")
    assert movie.sort_key is None
    assert [a.name for a in movie.attributes] == ["name", "favorite_movie"]
    assert movie.operations == ("get", "put", "patch", "delete", "create", "list")
    assert movie.description == "A friend's favorite movie, stored under the friend's name."
    assert movie.source.endswith("models/favorite_movie.py")
    name_schema = movie.partition_key.schema
    assert (name_schema["minLength"], name_schema["maxLength"]) == (1, 100)
    assert movie.attributes[1].description == "Title of the friend's favorite movie"
    assert movie.attributes[1].schema["examples"] == ["Interstellar"]


def test_every_type_entity_has_a_sort_key_and_the_query_operation(every_type: Api) -> None:
    (log,) = every_type.entities
    assert log.partition_key.name == "viewer"
    assert log.sort_key is not None and log.sort_key.name == "watched_at"
    assert log.sort_key.type == AttributeType("S", format="date-time")
    assert log.operations == ("get", "put", "patch", "delete", "create", "list", "query")
    assert log.keys == (log.partition_key, log.sort_key)


def test_every_type_entity_attributes_have_their_kinds(every_type: Api) -> None:
    kinds = {attribute.name: attribute.type for attribute in every_type.entities[0].attributes}
    shallow = {name: (kind.kind, kind.format, kind.nullable) for name, kind in kinds.items()}
    assert shallow == {
        "viewer": ("S", "string", False),
        "watched_at": ("S", "date-time", False),
        "movie_id": ("S", "uuid", False),
        "title": ("S", "string", False),
        "stars": ("N", "integer", False),
        "rating": ("N", "number", False),
        "runtime_hours": ("N", "number", False),
        "rewatch": ("BOOL", None, False),
        "poster": ("B", None, True),
        "release_date": ("S", "date", False),
        "genre": ("S", "enum", False),
        "medium": ("S", "enum", False),
        "tags": ("SS", None, False),
        "scores": ("NS", None, True),
        "weights": ("NS", None, True),
        "companions": ("L", None, False),
        "cast": ("L", None, False),
        "venue": ("M", None, True),
        "notes": ("M", None, True),
        "ratings_by_site": ("M", None, False),
        "matrix": ("L", None, False),
        "comment": ("S", "string", True),
        "subtitle": ("S", "string", True),
    }
    venue = kinds["venue"].fields
    assert venue is not None
    coordinates = {attribute.name: attribute for attribute in venue}["coordinates"]
    assert coordinates.type.kind == "M"
    assert [(a.name, a.type.kind) for a in coordinates.type.fields or ()] == [
        ("latitude", "N"),
        ("longitude", "N"),
    ]
    assert kinds["cast"].items is not None and kinds["cast"].items.kind == "M"
    assert kinds["matrix"].items == AttributeType("L", items=AttributeType("N", format="integer"))
    assert kinds["ratings_by_site"].values == AttributeType("N", format="number")


def test_required_follows_defaults(every_type: Api) -> None:
    required = {a.name for a in every_type.entities[0].attributes if a.required}
    assert {"viewer", "watched_at", "tags", "genre", "subtitle"} <= required  # subtitle: may be null
    assert not {"poster", "scores", "companions", "venue", "comment"} & required


def test_nested_models_and_enums_become_shared_schemas(every_type: Api) -> None:
    assert sorted(every_type.schemas) == ["CastMember", "Coordinates", "Genre", "Venue"]
    assert every_type.schemas["Genre"] == {"enum": ["drama", "comedy", "science-fiction"], "type": "string"}
    assert every_type.schemas["Venue"]["description"] == "Where the movie was watched."
    venue_field = {a.name: a for a in every_type.entities[0].attributes}["venue"].schema
    assert {"$ref": "#/components/schemas/Venue"} in venue_field["anyOf"]


def test_schemas_are_pydantic_with_body_adjustments(every_type: Api) -> None:
    schemas = {a.name: a.schema for a in every_type.entities[0].attributes}
    assert schemas["rating"] == {"exclusiveMaximum": 10, "exclusiveMinimum": 0, "type": "number"}
    assert schemas["tags"]["minItems"] == 1 and schemas["tags"]["uniqueItems"] is True
    assert schemas["poster"]["anyOf"][0]["format"] == "byte"
    assert "title" not in schemas["title"]  # no titles made up from field names


def test_operations_option_keeps_the_canonical_order() -> None:
    class Movie(Entity, table="movies", resource="movies", operations=["list", "get"]):
        title: Annotated[str, PartitionKey]

    assert describe(Movie).operations == ("get", "list")


def test_operations_must_be_a_list_of_names() -> None:
    class Movie(Entity, table="movies", resource="movies", operations="get"):
        title: Annotated[str, PartitionKey]

    with pytest.raises(ModelError, match=r'Write e.g. operations=\["get", "put"\]'):
        describe(Movie)


def test_key_alias_is_the_attribute_and_path_parameter_name() -> None:
    class Movie(Entity, table="movies", resource="movies"):
        movie_title: Annotated[str, PartitionKey, Field(alias="title")]

    assert describe(Movie).partition_key.name == "title"


def test_key_named_like_a_query_parameter_is_refused() -> None:
    class Movie(Entity, table="movies", resource="movies"):
        cursor: Annotated[str, PartitionKey]

    with pytest.raises(ModelError, match=r'class Movie, field "cursor": .* Rename the field or its alias'):
        describe(Movie)


def test_a_field_marked_as_both_keys_is_refused() -> None:
    class Movie(Entity, table="movies", resource="movies"):
        title: Annotated[str, PartitionKey, SortKey]

    with pytest.raises(ModelError, match='field "title": is marked both PartitionKey and SortKey'):
        describe(Movie)


def test_number_and_binary_keys_are_allowed() -> None:
    class Reading(Entity, table="readings", resource="readings"):
        sensor: Annotated[bytes, PartitionKey]
        at: Annotated[int, SortKey]

    reading = describe(Reading)
    assert (reading.partition_key.type.kind, reading.sort_key.type.kind) == ("B", "N")  # type: ignore[union-attr]


def test_two_different_nested_models_with_one_name_are_refused() -> None:
    registry = SchemaRegistry()

    def entity_with_address(fields: dict) -> type[Entity]:
        address = type("Address", (BaseModel,), {"__annotations__": fields})
        return type(
            "Person",
            (Entity,),
            {"__annotations__": {"name": Annotated[str, PartitionKey], "address": address}},
            table="people",
            resource="people",
        )

    describe_entity(entity_with_address({"street": str}), "models/a.py", registry)
    with pytest.raises(ModelError, match=r"named Address that differs from the Address used by models/a\.py"):
        describe_entity(entity_with_address({"city": str}), "models/b.py", registry)


def test_patch_needs_an_attribute_besides_the_keys() -> None:
    class Tag(Entity, table="tags", resource="tags"):
        name: Annotated[str, PartitionKey]

    assert describe(Tag).operations == ("get", "put", "delete", "create", "list")

    class Label(Entity, table="labels", resource="labels", operations=["get", "patch"]):
        name: Annotated[str, PartitionKey]

    with pytest.raises(ModelError, match="operation 'patch' needs an attribute besides the keys to change"):
        describe(Label)


def test_an_enum_key_carries_its_values_and_date_and_uuid_carry_a_pattern() -> None:
    """Request templates see only the key (they check its enum), and API Gateway's validator checks
    a pattern but not `format: date` or `uuid`."""

    class Grade(enum.StrEnum):
        GOLD = "gold"
        SILVER = "silver"

    class Award(Entity, table="awards", resource="awards"):
        grade: Annotated[Grade, PartitionKey, Field(description="How good")]
        on: Annotated[datetime.date, SortKey]
        holder: uuid.UUID

    award = describe(Award)
    assert award.partition_key.schema == {
        "enum": ["gold", "silver"],
        "type": "string",
        "description": "How good",
    }
    assert award.attributes[0].schema["$ref"] == "#/components/schemas/Grade"  # the item model keeps the name
    date_pattern, uuid_pattern = award.sort_key.schema["pattern"], award.attributes[2].schema["pattern"]
    assert re.search(date_pattern, "2024-02-29") and not re.search(date_pattern, "2024-13-01")
    assert re.search(uuid_pattern, str(uuid.uuid4())) and not re.search(uuid_pattern, "not-a-uuid")

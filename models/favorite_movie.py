"""The entity of the original tutorial: each friend's favorite movie, one item per friend."""

from typing import Annotated

from pydantic import Field

from spec_compiler.model import Entity, PartitionKey


class FavoriteMovie(Entity, table="favorite_movies", resource="movies"):
    """A friend's favorite movie, stored under the friend's name."""

    name: Annotated[
        str,
        PartitionKey,
        Field(min_length=1, max_length=100, description="The friend's name", examples=["Alice"]),
    ]
    favorite_movie: Annotated[
        str,
        Field(min_length=1, description="Title of the friend's favorite movie", examples=["Interstellar"]),
    ]

"""A problem `validate` found, located by the JSON pointer of the part of the document it is in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


def pointer(*parts: str | int) -> str:
    """The JSON pointer (RFC 6901) of a path of keys and indexes: `~` is `~0`, `/` is `~1`."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)

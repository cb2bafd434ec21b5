"""A problem `validate` found, located by the JSON pointer of the part of the document it is in."""

from __future__ import annotations

from dataclasses import dataclass

from spec_compiler.document import pointer

__all__ = ["Problem", "pointer"]


@dataclass(frozen=True, order=True)
class Problem:
    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"

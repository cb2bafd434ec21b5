"""The model layer: the `Entity` language users write, and its introspection into the IR (`ir.py`).

`Entity`, `PartitionKey` and `SortKey` are imported lazily, so code that only needs the IR
(`spec_compiler.model.ir`) does not pay for importing Pydantic.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Entity", "PartitionKey", "SortKey"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from spec_compiler.model import entity

        return getattr(entity, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

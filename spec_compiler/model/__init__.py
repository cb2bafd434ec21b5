"""The model layer: the `Entity` language users write, and its introspection into the IR (`ir.py`).

`Entity`, `PartitionKey`, `SortKey` and the access modes are imported lazily, so code that only needs the IR
(`spec_compiler.model.ir`) does not pay for importing Pydantic.
"""

from __future__ import annotations

from typing import Any

_ENTITY = ("Entity", "PartitionKey", "SortKey")
_ACCESS = ("ApiKey", "CognitoUserPool", "CustomAuthorizer", "Iam", "Public")
__all__ = [*_ENTITY, *_ACCESS]


def __getattr__(name: str) -> Any:
    if name in _ENTITY:
        from spec_compiler.model import entity

        return getattr(entity, name)
    if name in _ACCESS:
        from spec_compiler.model import access

        return getattr(access, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

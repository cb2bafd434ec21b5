"""What a deploy will do to one resource: the unit a plan is made of and `--dry-run` prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Action = Literal["create", "update", "unchanged", "skipped"]


@dataclass(frozen=True)
class Change:
    """One resource (kind and name), what will happen to it, and a short human reason. `skipped` is for
    what the endpoint cannot take (an emulator lacking an API): nothing changes, and the reason says so."""

    kind: str
    name: str
    action: Action
    detail: str = ""

    @property
    def changes_anything(self) -> bool:
        return self.action not in ("unchanged", "skipped")

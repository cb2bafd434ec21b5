"""What a deploy will do to one resource: the unit a plan is made of and `--dry-run` prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Action = Literal["create", "update", "unchanged"]


@dataclass(frozen=True)
class Change:
    """One resource (kind and name), what will happen to it, and a short human reason."""

    kind: str
    name: str
    action: Action
    detail: str = ""

    @property
    def changes_anything(self) -> bool:
        return self.action != "unchanged"

"""Choosing a template by media type: Content-Type for requests, Accept for responses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def choose_by_media_type(templates: Mapping[str, Any], accept: str | None) -> str | None:
    """The template key for a response: the first Accept type that has one, else application/json, else first.

    API Gateway picks the response template by the first type in `Accept` it has a template for, falls
    back to `application/json`, then to the first template declared.
    """
    if not templates:
        return None
    for media_type in _accepted(accept):
        if media_type in templates:
            return media_type
    if "application/json" in templates:
        return "application/json"
    return next(iter(templates))


def media_type(header: str | None) -> str:
    """The bare MIME type of a Content-Type header, lower-cased; absent means application/json."""
    if not header:
        return "application/json"
    return header.split(";", 1)[0].strip().lower() or "application/json"


def _accepted(accept: str | None) -> list[str]:
    if not accept:
        return []
    return [part.split(";", 1)[0].strip().lower() for part in accept.split(",") if part.strip()]

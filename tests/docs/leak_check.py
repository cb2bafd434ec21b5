"""An independent check for internals in a published document, written apart from the one `docs` runs,
so that a bug in `spec_compiler.docs.internals` cannot hide itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any


def keys_and_strings(value: Any) -> Iterator[str]:
    """Every key and every string at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from keys_and_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys_and_strings(item)
    elif isinstance(value, str):
        yield value


def in_paths(source: dict[str, Any]) -> set[str]:
    """The words a caller reads in the API's URLs: path segments and path parameter names."""
    return {word for path in source["paths"] for word in re.findall(r"[^/{}+]+", path)}


def internals_of(source: dict[str, Any]) -> list[str]:
    """What the source document holds that nobody outside AWS should read: names and raw fragments.

    A table named like a segment of a public path (`movies` at /movies) is no secret; role names are.
    """
    extension = source["x-spec-compiler"]
    public = in_paths(source)
    names = [*(table for table in extension["tables"] if table not in public), *extension["roles"]]
    fragments = ["x-amazon-apigateway-", "x-spec-compiler", "arn:", "${AWS::", "$input", "$util", "#set("]
    return names + fragments


def leaks(document: dict[str, Any], needles: list[str]) -> list[tuple[str, str]]:
    found = []
    for text in keys_and_strings(document):
        found += [(needle, text) for needle in needles if needle in text]
        if re.search(r"(?<!\d)\d{12}(?!\d)", text):
            found.append(("a 12-digit account id", text))
    return found

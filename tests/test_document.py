"""Reading a document: what YAML aliases can make of it is refused before any reader walks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from spec_compiler.document import MAX_VALUES, load_document
from spec_compiler.errors import DocumentError

DOCUMENTS = Path(__file__).parent / "fixtures" / "documents"


def test_a_billion_laughs_is_refused_with_what_it_expands_to() -> None:
    with pytest.raises(DocumentError) as raised:
        load_document(DOCUMENTS / "billion_laughs.yaml")
    # the root, openapi, info and its two, paths; then a list of nine strings, and eight lists of nine
    levels = [1 + 9]
    for _ in range(8):
        levels.append(1 + 9 * levels[-1])
    assert f"holds {1 + 1 + 3 + 1 + sum(levels):,} of them" in str(raised.value)
    assert f"more than the {MAX_VALUES:,}" in str(raised.value)
    assert raised.value.exit_code == 2


def test_a_value_inside_itself_is_refused_where_it_appears_again() -> None:
    with pytest.raises(DocumentError) as raised:
        load_document(DOCUMENTS / "self_containing.yaml")
    schema = "/paths/~1a~1b/get/responses/200/content/application~1json/schema"
    assert f"self_containing.yaml#{schema}/properties/again: an alias (`*name`) inside its own anchor" in str(
        raised.value
    )


def test_a_few_aliases_are_read_as_the_values_they_name() -> None:
    document = load_document(DOCUMENTS / "few_aliases.yaml")
    assert document["paths"]["/a"]["get"]["responses"] == {
        "200": {"description": "fine"},
        "404": {"description": "fine"},
    }
    assert document["paths"]["/b"]["get"]["responses"]["200"] == {"description": "fine", "x-more": 1}


def test_the_limit_counts_every_place_a_shared_value_appears(monkeypatch) -> None:
    from spec_compiler import document as module

    # the root, openapi, info (3), x-defaults (2), paths, /a, get, its responses (1 + 2 + 2), /b, get,
    # its responses (1 + 3): every alias of few_aliases.yaml expanded
    values = 1 + 1 + 3 + 2 + 1 + 1 + 1 + 5 + 1 + 1 + 4
    monkeypatch.setattr(module, "MAX_VALUES", values)
    load_document(DOCUMENTS / "few_aliases.yaml")
    monkeypatch.setattr(module, "MAX_VALUES", values - 1)
    with pytest.raises(DocumentError, match=f"holds {values} of them"):
        load_document(DOCUMENTS / "few_aliases.yaml")


def test_ordered_maps_and_pairs_are_walked_too() -> None:
    """`!!pairs` and `!!omap` are read as lists of tuples: the values in the tuples count as well."""
    # 6 for the root, openapi, info and paths; a: 1 + 9 tuples of 3 = 28; each next level 1 + 9 (2 + the last)
    levels = [28]
    for _ in range(8):
        levels.append(1 + 9 * (2 + levels[-1]))
    with pytest.raises(DocumentError, match=f"holds {6 + sum(levels):,} of them"):
        load_document(DOCUMENTS / "pairs_laughs.yaml")
    with pytest.raises(DocumentError, match=r"omap_containing_itself.yaml#/x-a/0/1: an alias"):
        load_document(DOCUMENTS / "omap_containing_itself.yaml")

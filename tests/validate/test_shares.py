"""Shared out among worker processes, the passes find what one process finds, in its order."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from spec_compiler.document import INTEGRATION
from spec_compiler.validate import shares, validate_document
from spec_compiler.validate.template_safety import document_templates

RAW_SPLICE = '{"TableName": "favorite_movies", "Key": {"name": {"S": "$input.params(\'name\')"}}}'


def _template_text(document: dict[str, Any]) -> int:
    return sum(len(template) for _, template in document_templates(document))


@pytest.fixture
def any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shares, "SHARE_TEXT", 1)


@pytest.fixture
def broken_every_type_document(compiled_every_type_document: dict[str, Any]) -> dict[str, Any]:
    """The every-type document with a problem planted in the templates of every path, and one that is
    not about templates."""
    document = copy.deepcopy(compiled_every_type_document)
    for number, item in enumerate(document["paths"].values()):
        integration = next(iter(item.values()))[INTEGRATION]
        if number % 2:
            integration["requestTemplates"]["application/json"] = RAW_SPLICE
        else:
            integration["responses"]["2\\d{2}"]["responseTemplates"]["application/json"] = "{not json"
    document["info"]["version"] = 5
    return document


def test_shares_cut_the_paths_in_order_into_parts_of_like_template_text(
    compiled_every_type_document, two_workers, any_size, monkeypatch
) -> None:
    monkeypatch.setattr(shares, "DOCUMENT_PASSES", 0)
    parts = shares.document_shares(compiled_every_type_document)
    assert len(parts) == 2
    assert [path for part in parts for path in part["paths"]] == list(compiled_every_type_document["paths"])
    assert all(part["components"] is compiled_every_type_document["components"] for part in parts)
    first, second = map(_template_text, parts)
    paths = compiled_every_type_document["paths"]
    assert abs(first - second) <= max(_template_text({"paths": {path: paths[path]}}) for path in paths)


def test_the_first_share_is_smaller_by_the_document_wide_passes(
    compiled_every_type_document, two_workers, any_size, monkeypatch
) -> None:
    monkeypatch.setattr(shares, "DOCUMENT_PASSES", 0)
    even = _template_text(shares.document_shares(compiled_every_type_document)[0])
    monkeypatch.setattr(shares, "DOCUMENT_PASSES", 0.5)
    assert _template_text(shares.document_shares(compiled_every_type_document)[0]) < even


def test_a_small_document_or_one_worker_is_one_share(compiled_every_type_document, monkeypatch) -> None:
    monkeypatch.setattr(shares, "worker_count", lambda: 2)
    assert shares.document_shares(compiled_every_type_document) == [compiled_every_type_document]
    monkeypatch.setattr(shares, "SHARE_TEXT", 1)
    monkeypatch.setattr(shares, "worker_count", lambda: 1)
    assert shares.document_shares(compiled_every_type_document) == [compiled_every_type_document]


def test_problems_found_in_workers_are_those_of_one_process(broken_every_type_document, monkeypatch) -> None:
    monkeypatch.setattr(shares, "worker_count", lambda: 1)
    alone = validate_document(broken_every_type_document)
    assert len(
        {problem.pointer.split("/")[2] for problem in alone if problem.pointer.startswith("/paths")}
    ) == len(broken_every_type_document["paths"])
    assert alone[0].pointer == "/info/version"
    monkeypatch.setattr(shares, "SHARE_TEXT", 1)
    monkeypatch.setattr(shares, "worker_count", lambda: 3)
    assert len(shares.document_shares(broken_every_type_document)) == 3
    assert validate_document(broken_every_type_document) == alone

"""Path keys and keys in POST bodies are held to the same model: what a request template rejects in a
path, the body validator (API Gateway's, as the local gateway reproduces it) rejects in a body, so
every stored key can be addressed in a path."""

from __future__ import annotations

import json
from typing import Any

import pytest

from spec_compiler.gateway.validation import body_validator
from spec_compiler.vtl import compile_template

# Key texts of the every-type model (viewer: 1..64 characters; watched_at: a date-time).
KEY_TEXTS = {
    "viewer": {"fits": ["alice", "😀" * 64, 'it\'s "me" #$'], "breaks": ["x" * 65, "😀" * 65]},
    "watched_at": {
        "fits": ["2024-05-06T07:08:09Z", "2024-05-06T07:08:09.5+02:00"],
        "breaks": ["2024-05-06", "2024-05-06T07:08:09", "tomorrow", "2024-05-06T07:08:09Z "],
    },
}
FITTING = {"viewer": "alice", "watched_at": "2024-05-06T07:08:09Z"}
CASES = [
    pytest.param(name, text, verdict == "fits", id=f"{name}-{verdict}-{index}")
    for name, verdicts in KEY_TEXTS.items()
    for verdict, texts in verdicts.items()
    for index, text in enumerate(texts)
]


def _get_request(document: dict[str, Any], path: dict[str, str]) -> dict[str, Any]:
    operation = document["paths"]["/watches/{viewer}/{watched_at}"]["get"]
    template = operation["x-amazon-apigateway-integration"]["requestTemplates"]["application/json"]
    return json.loads(compile_template(template).render(path=path).output)


@pytest.mark.parametrize(("name", "text", "fits"), CASES)
def test_a_key_the_template_rejects_in_a_path_the_validator_rejects_in_a_body(
    every_type_document: dict[str, Any], name: str, text: str, fits: bool
) -> None:
    sent = _get_request(every_type_document, {**FITTING, name: text})
    assert ("#invalid" not in sent.get("ExpressionAttributeNames", {})) == fits
    create = every_type_document["components"]["schemas"]["WatchLogCreate"]
    body = {
        "viewer": "alice",
        "watched_at": "2024-05-06T07:08:09Z",
        "movie_id": "0b7e9b8e-3c41-4f8a-9a0b-2f1c3d4e5f60",
        "title": "Dune",
        "stars": 5,
        "rating": 9.5,
        "runtime_hours": 2.6,
        "rewatch": False,
        "release_date": "2021-10-22",
        "genre": "drama",
        "medium": "cinema",
        "tags": ["sf"],
        "subtitle": None,
        name: text,
    }
    assert body_validator(create, every_type_document).is_valid(body) == fits


@pytest.mark.parametrize(
    ("field", "text"), [("release_date", "2021-13-22"), ("release_date", "soon"), ("movie_id", "not-a-uuid")]
)
def test_dates_and_uuids_in_bodies_are_checked_by_their_pattern(
    every_type_document: dict[str, Any], field: str, text: str
) -> None:
    """API Gateway's validator ignores `format: date` and `uuid`; the pattern the models carry it checks."""
    schema = every_type_document["components"]["schemas"]["WatchLogInput"]["properties"][field]
    assert not body_validator(schema, every_type_document).is_valid(text)


# An integer key between bounds, one of them exclusive.
SEAT_MODEL = """
from typing import Annotated
from pydantic import Field
from spec_compiler.model import Entity, PartitionKey

class Seat(Entity, table="seats", resource="seats"):
    number: Annotated[int, PartitionKey, Field(gt=0, le=250)]
    holder: str
"""
SEAT_NUMBERS = {"1": True, "250": True, "17": True, "0": False, "-0": False, "251": False, "-5": False}


@pytest.fixture(scope="module")
def seat_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from spec_compiler.compiler.openapi import generate_document
    from spec_compiler.model.discovery import load_api

    folder = tmp_path_factory.mktemp("seats")
    (folder / "seat.py").write_text(SEAT_MODEL)
    return generate_document(load_api(folder, title="Seats", version="1", description="d"))


@pytest.mark.parametrize(("text", "fits"), SEAT_NUMBERS.items())
def test_an_integer_key_outside_its_bounds_is_rejected_in_a_path_as_in_a_body(
    seat_document: dict[str, Any], text: str, fits: bool
) -> None:
    operation = seat_document["paths"]["/seats/{number}"]["get"]
    template = operation["x-amazon-apigateway-integration"]["requestTemplates"]["application/json"]
    sent = json.loads(compile_template(template).render(path={"number": text}).output)
    assert ("#invalid" not in sent.get("ExpressionAttributeNames", {})) == fits
    create = seat_document["components"]["schemas"]["SeatCreate"]
    body = {"number": json.loads(text), "holder": "alice"}
    assert body_validator(create, seat_document).is_valid(body) == fits

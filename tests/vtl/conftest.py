"""Shared helpers for the VTL runtime tests: reading the recorded conformance data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def _load_jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize any test that asks for `case` and `expected` with every recorded oracle result."""
    if {"case", "expected"} <= set(metafunc.fixturenames):
        expected = {record["id"]: record for record in _load_jsonl("expected.jsonl")}
        cases = _load_jsonl("cases.jsonl")
        metafunc.parametrize(
            ("case", "expected"), [(c, expected[c["id"]]) for c in cases], ids=[c["id"] for c in cases]
        )


@pytest.fixture(scope="session")
def case_count() -> int:
    return len(_load_jsonl("cases.jsonl"))

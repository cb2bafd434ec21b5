"""Documents compiled from the project's and the fixture models, for the validate tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from spec_compiler.compiler.openapi import generate_document
from spec_compiler.model.discovery import load_api

ROOT = Path(__file__).parents[2]


def compile_models(folder: Path) -> dict[str, Any]:
    api = load_api(folder, title="Test API", version="1.0.0", description="Compiled for the validate tests.")
    return generate_document(api)


@pytest.fixture(scope="session")
def compiled_movie_document() -> dict[str, Any]:
    return compile_models(ROOT / "models")


@pytest.fixture(scope="session")
def compiled_every_type_document() -> dict[str, Any]:
    return compile_models(ROOT / "tests" / "fixtures" / "models" / "every_type")


@pytest.fixture
def movie_document(compiled_movie_document: dict[str, Any]) -> dict[str, Any]:
    """A copy each test may break as it likes."""
    return copy.deepcopy(compiled_movie_document)

"""Shared fixtures of the compiler tests: documents compiled from the project's and the fixture models."""

from pathlib import Path
from typing import Any

import pytest

from spec_compiler.compiler.openapi import generate_document
from spec_compiler.model.discovery import load_api
from spec_compiler.model.ir import Api

ROOT = Path(__file__).parents[2]
PROJECT_MODELS = ROOT / "models"
FIXTURE_MODELS = ROOT / "tests" / "fixtures" / "models"


def load(folder: Path) -> Api:
    return load_api(folder, title="Test API", version="2.0.0", description="Compiled from test models.")


@pytest.fixture(scope="session")
def movie_api() -> Api:
    return load(PROJECT_MODELS)


@pytest.fixture(scope="session")
def movie_document(movie_api: Api) -> dict[str, Any]:
    return generate_document(movie_api)


@pytest.fixture(scope="session")
def every_type_api() -> Api:
    return load(FIXTURE_MODELS / "every_type")


@pytest.fixture(scope="session")
def every_type_document(every_type_api: Api) -> dict[str, Any]:
    return generate_document(every_type_api)


@pytest.fixture
def compile_models() -> Any:
    """Compile a models folder into a document (a function, for tests that write their own models)."""
    return lambda folder: generate_document(load(folder))

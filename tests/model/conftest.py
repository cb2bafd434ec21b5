"""Shared fixtures of the model-layer tests: the fixture model folders and a loader for them."""

from collections.abc import Callable
from pathlib import Path

import pytest

from spec_compiler.model.discovery import load_api
from spec_compiler.model.ir import Api

MODELS = Path(__file__).parents[1] / "fixtures" / "models"


@pytest.fixture
def load() -> Callable[[Path], Api]:
    def load_folder(folder: Path) -> Api:
        return load_api(folder, title="Test API", version="1.0.0", description="Fixture models.")

    return load_folder


@pytest.fixture
def every_type(load: Callable[[Path], Api]) -> Api:
    return load(MODELS / "every_type")

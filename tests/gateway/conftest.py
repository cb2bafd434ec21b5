"""Real servers for the gateway tests: both DynamoDB stores, and gateways serving documents over them.

Every store and gateway is session-scoped (one moto server, one DynamoDB Local, one gateway per document
and store), so the whole folder starts each only once. Tests keep out of each other's way by using
their own key values, never by emptying tables.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from gateway_support import DATA, DYNAMODB_LOCAL, REPO, DynamoDBLocal, Served, serve_document

from spec_compiler.gateway.embedded import EmbeddedDynamoDB


@pytest.fixture(scope="session", params=["embedded", "dynamodb-local"])
def store_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a running DynamoDB: moto's server (the embedded store) or AWS's DynamoDB Local."""
    if request.param == "embedded":
        with EmbeddedDynamoDB() as embedded:
            yield embedded.url
        return
    if not (DYNAMODB_LOCAL / "DynamoDBLocal.jar").is_file():
        pytest.skip(f"DynamoDB Local is not installed at {DYNAMODB_LOCAL} (run .ci/install)")
    server = DynamoDBLocal().start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def movies(store_url: str) -> Iterator[Served]:
    """The hand-written fixture document (tests/gateway/data/movies.yaml) served over each store."""
    with ExitStack() as cleanup:
        yield serve_document(DATA / "movies.yaml", store_url, cleanup)


@pytest.fixture
def unique() -> str:
    """A prefix no other test uses, for key values."""
    return f"t-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The favorite-movie document and the every-type test model's document, built fresh by the compiler."""
    out = tmp_path_factory.mktemp("documents")
    built = {}
    sources = {"favorite": REPO / "models", "watches": REPO / "tests" / "fixtures" / "models" / "every_type"}
    for name, models in sources.items():
        target = out / f"{name}.yaml"
        subprocess.run(
            [sys.executable, "-m", "spec_compiler", "build", "--models", str(models), "--out", str(target)],
            check=True,
            capture_output=True,
            cwd=REPO,
        )
        built[name] = target
    return built


@pytest.fixture(scope="session")
def favorite(store_url: str, documents: dict[str, Path]) -> Iterator[Served]:
    """The favorite-movie API (models/favorite_movie.py) served over each store."""
    with ExitStack() as cleanup:
        yield serve_document(documents["favorite"], store_url, cleanup)


@pytest.fixture(scope="session")
def watches(store_url: str, documents: dict[str, Path]) -> Iterator[Served]:
    """The every-type test model with a sort key (tests/fixtures/models/every_type) served over each store."""
    with ExitStack() as cleanup:
        yield serve_document(documents["watches"], store_url, cleanup)

"""Documents, a published site, a static server on 127.0.0.1 and a headless Chromium for the docs tests.

Two source documents: the project's committed `openapi.generated.yaml` (the favorite-movie API as `build`
makes it, what the published reference is really made from) and `data/favorite_movies.yaml`, a hand-written
stand-in that carries every kind of internal on purpose (role ARNs with literal account ids, templates,
endpoint configuration inside `servers`), so the leak tests see all of them.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from headless_chromium import Chromium, find_chromium

from spec_compiler.docs import publish
from spec_compiler.document import load_document

REPO = Path(__file__).resolve().parents[2]
GENERATED_DOCUMENT = REPO / "openapi.generated.yaml"
HAND_WRITTEN_DOCUMENT = Path(__file__).parent / "data" / "favorite_movies.yaml"
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def generated_document_path() -> Path:
    return GENERATED_DOCUMENT


@pytest.fixture(scope="session")
def hand_written_document_path() -> Path:
    return HAND_WRITTEN_DOCUMENT


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests leave what a person should look at (screenshots); ignored by git."""
    return ARTIFACTS


@pytest.fixture(scope="session")
def generated_document() -> dict[str, Any]:
    """The document `spec-compiler build` made from models/ (committed; `build --check` keeps it fresh)."""
    return load_document(GENERATED_DOCUMENT)


@pytest.fixture(scope="session")
def hand_written_document() -> dict[str, Any]:
    return load_document(HAND_WRITTEN_DOCUMENT)


@pytest.fixture(scope="session", params=["generated", "hand-written"])
def source_document(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Each source document in turn."""
    return request.getfixturevalue(f"{request.param.replace('-', '_')}_document")


@pytest.fixture(scope="module")
def site(generated_document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The favorite-movie API's reference, published into a fresh folder."""
    out = tmp_path_factory.mktemp("site")
    publish(generated_document, out)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    """The site served by a static file server on 127.0.0.1 (any static host serves it the same way)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    binary = find_chromium()
    if binary is None:
        pytest.fail("Chromium is not installed: run .ci/install (it installs Debian's `chromium`).")
    with Chromium(binary) as chromium:
        yield chromium

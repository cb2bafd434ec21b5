"""The reference page in a real browser: headless Chromium, served from 127.0.0.1 and opened from disk.

Screenshots go to test-artifacts/ (docs.png: the page as it opens; docs-operation.png: one operation
expanded) so a person can look at what the test saw.
"""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from headless_chromium import Chromium

from spec_compiler.docs import publish
from spec_compiler.document import operations

# The favorite-movie API, as the issue lists it.
FAVORITE_MOVIE_OPERATIONS = {
    ("GET", "/movies/{name}"),
    ("PUT", "/movies/{name}"),
    ("PATCH", "/movies/{name}"),
    ("DELETE", "/movies/{name}"),
    ("POST", "/movies"),
    ("GET", "/movies"),
}

SHOWN_OPERATIONS = """
Array.from(document.querySelectorAll('.opblock-summary')).map(summary => [
  summary.querySelector('.opblock-summary-method').textContent.trim(),
  summary.querySelector('.opblock-summary-path').getAttribute('data-path'),
])
"""


def open_reference(browser: Chromium, url: str) -> set[tuple[str, str]]:
    browser.open(url)
    browser.wait_until("document.querySelectorAll('.opblock-summary').length > 0")
    return {(method, path) for method, path in browser.evaluate(SHOWN_OPERATIONS)}


def non_local_requests(browser: Chromium, allowed_scheme: str, allowed_host: str | None) -> list[str]:
    strays = []
    for url in browser.requested_urls():
        parts = urlsplit(url)
        if parts.scheme == "data":
            continue
        if parts.scheme != allowed_scheme or (allowed_host and parts.hostname != allowed_host):
            strays.append(url)
    return strays


def test_served_page_shows_every_operation_and_asks_nothing_of_the_network(
    browser: Chromium, site_url: str, generated_document: dict[str, Any], artifacts: Path
) -> None:
    shown = open_reference(browser, site_url)
    browser.screenshot(artifacts / "docs.png")
    assert shown == FAVORITE_MOVIE_OPERATIONS
    assert shown == {(op.method.upper(), op.path) for op in operations(generated_document)}
    assert browser.evaluate("document.querySelector('.info .title').textContent").startswith(
        generated_document["info"]["title"]
    )
    assert browser.requested_urls(), "the request log is empty, so it proves nothing"
    assert non_local_requests(browser, "http", "127.0.0.1") == []


def test_an_operation_shows_parameters_schemas_errors_and_examples(
    browser: Chromium, site_url: str, site: Path, artifacts: Path
) -> None:
    open_reference(browser, site_url)
    browser.evaluate(
        "document.querySelector('.opblock-get [data-path=\"/movies/{name}\"]')"
        ".closest('.opblock-summary-control').click()"
    )
    browser.wait_until("document.querySelector('.opblock.is-open .responses-table') !== null")
    opened = ".opblock.is-open"
    parameters = browser.evaluate(
        f"Array.from(document.querySelectorAll('{opened} .parameters .parameter__name'))"
        ".map(e => e.textContent.replace(/\\*/g, '').trim())"
    )
    statuses = browser.evaluate(
        f"Array.from(document.querySelectorAll('{opened} .responses-table .response-col_status'))"
        ".map(e => e.textContent.trim())"
    )
    example = browser.evaluate(f"document.querySelector('{opened} .responses-table .microlight').textContent")
    try_it_out = browser.evaluate(f"document.querySelectorAll('{opened} .try-out__btn').length")
    responses_text = browser.evaluate(f"document.querySelector('{opened} .responses-table').textContent")
    browser.screenshot(artifacts / "docs-operation.png")

    public = json.loads((site / "openapi.json").read_text(encoding="utf-8"))
    get = public["paths"]["/movies/{name}"]["get"]
    assert parameters == [parameter["name"] for parameter in get["parameters"]]
    assert set(statuses) >= set(get["responses"]) >= {"200", "400", "404", "429", "500", "502"}
    item = public["components"]["schemas"]["FavoriteMovie"]["properties"]
    assert json.loads(example) == {name: spec["example"] for name, spec in item.items() if "example" in spec}
    not_found = get["responses"]["404"]["content"]["application/json"]["example"]["message"]
    assert not_found in responses_text
    assert try_it_out == 0, "with the default server '/', requests would only reach the docs' own host"


class _MoviesApi(http.server.BaseHTTPRequestHandler):
    """An API server answering GET /prod/movies with one page, readable cross-origin (CORS)."""

    PAGE: ClassVar[dict[str, Any]] = {
        "items": [{"name": "Alice", "favorite_movie": "Interstellar"}],
        "next_cursor": None,
    }

    def do_GET(self) -> None:
        found = self.path.startswith("/prod/movies")
        body = json.dumps(self.PAGE if found else {"message": "Missing Authentication Token"}).encode()
        self.send_response(200 if found else 403)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_try_it_out_calls_the_api_server_the_page_names(
    browser: Chromium, generated_document: dict[str, Any], tmp_path: Path
) -> None:
    api = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _MoviesApi)
    threading.Thread(target=api.serve_forever, daemon=True).start()
    server_url = f"http://127.0.0.1:{api.server_port}/prod"
    opened = ".opblock.is-open"
    try:
        publish(generated_document, tmp_path, server_url=server_url)
        open_reference(browser, (tmp_path / "index.html").as_uri())
        assert browser.evaluate("document.querySelector('.servers select').value") == server_url
        browser.evaluate(
            "document.querySelector('.opblock-get [data-path=\"/movies\"]')"
            ".closest('.opblock-summary-control').click()"
        )
        browser.wait_until(f"document.querySelector('{opened} .try-out__btn') !== null")
        browser.evaluate(f"document.querySelector('{opened} .try-out__btn').click()")
        browser.wait_until(f"document.querySelector('{opened} .execute') !== null")
        browser.evaluate(f"document.querySelector('{opened} .execute').click()")
        shown = browser.wait_until(
            f"(document.querySelector('{opened} .live-responses-table .response-col_description pre')"
            " || {}).textContent"
        )
    finally:
        api.shutdown()
        api.server_close()
    assert json.loads(shown) == _MoviesApi.PAGE
    assert any(url.startswith(f"{server_url}/movies") for url in browser.requested_urls())


def test_page_opened_from_disk_shows_every_operation(browser: Chromium, site: Path) -> None:
    shown = open_reference(browser, (site / "index.html").as_uri())
    assert shown == FAVORITE_MOVIE_OPERATIONS
    assert non_local_requests(browser, "file", None) == []

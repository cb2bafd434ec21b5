"""The reference page in a real browser: headless Chromium, served from 127.0.0.1 and opened from disk.

Screenshots go to test-artifacts/ (docs.png: the page as it opens; docs-operation.png: one operation
expanded) so a person can look at what the test saw.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from conftest import ARTIFACTS
from headless_chromium import Chromium

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
    browser: Chromium, site_url: str, generated_document: dict[str, Any]
) -> None:
    shown = open_reference(browser, site_url)
    browser.screenshot(ARTIFACTS / "docs.png")
    assert shown == FAVORITE_MOVIE_OPERATIONS
    assert shown == {(op.method.upper(), op.path) for op in operations(generated_document)}
    assert browser.evaluate("document.querySelector('.info .title').textContent").startswith(
        generated_document["info"]["title"]
    )
    assert browser.requested_urls(), "the request log is empty, so it proves nothing"
    assert non_local_requests(browser, "http", "127.0.0.1") == []


def test_an_operation_shows_parameters_schemas_errors_and_examples(
    browser: Chromium, site_url: str, site: Path
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
    browser.screenshot(ARTIFACTS / "docs-operation.png")

    public = json.loads((site / "openapi.json").read_text(encoding="utf-8"))
    get = public["paths"]["/movies/{name}"]["get"]
    assert parameters == [parameter["name"] for parameter in get["parameters"]]
    assert set(statuses) >= set(get["responses"]) >= {"200", "400", "404", "429", "500", "502"}
    item = public["components"]["schemas"]["FavoriteMovie"]["properties"]
    assert json.loads(example) == {name: spec["example"] for name, spec in item.items() if "example" in spec}


def test_page_opened_from_disk_shows_every_operation(browser: Chromium, site: Path) -> None:
    shown = open_reference(browser, (site / "index.html").as_uri())
    assert shown == FAVORITE_MOVIE_OPERATIONS
    assert non_local_requests(browser, "file", None) == []

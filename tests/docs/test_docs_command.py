"""`spec-compiler docs [FILE] --out DIR [--server-url URL]`: the files it writes, and how it refuses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from spec_compiler.cli import main

ASSETS = {
    "swagger-ui-bundle.js",
    "swagger-ui.css",
    "favicon-32x32.png",
    "reference.js",
    "reference.css",
    "LICENSE",
    "NOTICE",
    "swagger-ui-bundle.js.LICENSE.txt",
}
EMBEDDED = re.compile(r'<script id="openapi-document" type="application/json">(.*?)</script>', re.DOTALL)


def test_writes_the_document_the_page_and_its_assets(
    tmp_path: Path, capsys: pytest.CaptureFixture, generated_document_path: Path
) -> None:
    out = tmp_path / "site"
    url = "https://movies.example.com/prod"
    assert main(["docs", str(generated_document_path), "--out", str(out), "--server-url", url]) == 0
    assert str(out) in capsys.readouterr().out

    text = (out / "openapi.json").read_text(encoding="utf-8")
    public = json.loads(text)
    assert public["servers"] == [{"url": url}]
    assert text == json.dumps(public, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert json.loads(EMBEDDED.search(page).group(1)) == public
    assert {path.name for path in (out / "assets").iterdir()} == ASSETS


def test_page_loads_nothing_from_another_host(tmp_path: Path, generated_document_path: Path) -> None:
    assert main(["docs", str(generated_document_path), "--out", str(tmp_path)]) == 0
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    page_without_document = EMBEDDED.sub("", page)
    assert not re.search(r"(src|href)=\"(https?:)?//", page_without_document)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert "http" not in policy  # the default server is "/", so no other origin is allowed
    assert re.findall(r"(?:src|href)=\"([^\"]+)\"", page_without_document) == [
        "assets/favicon-32x32.png",
        "assets/swagger-ui.css",
        "assets/reference.css",
        "openapi.json",
        "assets/swagger-ui-bundle.js",
        "assets/reference.js",
    ]


def test_output_is_the_same_bytes_every_time(tmp_path: Path, generated_document_path: Path) -> None:
    for name in ("first", "second"):
        assert main(["docs", str(generated_document_path), "--out", str(tmp_path / name)]) == 0
    for name in ("openapi.json", "index.html"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()


def test_a_string_cannot_close_the_embedding_script(tmp_path: Path, hand_written_document_path: Path) -> None:
    document = yaml.safe_load(hand_written_document_path.read_text(encoding="utf-8"))
    document["info"]["description"] = "Movies </script><script>alert(1)</script> & more"
    source = tmp_path / "document.yaml"
    source.write_text(yaml.safe_dump(document), encoding="utf-8")
    assert main(["docs", str(source), "--out", str(tmp_path / "site")]) == 0
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert page.count("</script>") == 3  # the embedded document's and the two script tags'
    embedded = json.loads(EMBEDDED.search(page).group(1))
    assert embedded["info"]["description"] == document["info"]["description"]


def test_a_leaky_document_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture, hand_written_document_path: Path
) -> None:
    document = yaml.safe_load(hand_written_document_path.read_text(encoding="utf-8"))
    document["paths"]["/movies"]["get"]["description"] = "Scans favorite_movies."
    source = tmp_path / "document.yaml"
    source.write_text(yaml.safe_dump(document), encoding="utf-8")
    out = tmp_path / "site"
    assert main(["docs", str(source), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "reveal internals" in error
    assert "/paths/~1movies/get/description: the table name 'favorite_movies'" in error
    assert not out.exists()


def test_a_missing_document_says_how_to_make_it(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["docs", str(tmp_path / "nothing.yaml"), "--out", str(tmp_path / "site")]) == 2
    assert "spec-compiler build" in capsys.readouterr().err


def test_the_page_may_call_only_the_api_server_it_names(
    tmp_path: Path, generated_document_path: Path
) -> None:
    url = "https://movies.example.com:8443/prod"
    assert main(["docs", str(generated_document_path), "--out", str(tmp_path), "--server-url", url]) == 0
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self' https://movies.example.com:8443\"" in page


@pytest.mark.parametrize("url", ["https://movies example.com", "https://a;script-src'unsafe-inline'", ""])
def test_a_bad_server_url_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture, generated_document_path: Path, url: str
) -> None:
    out = tmp_path / "site"
    assert main(["docs", str(generated_document_path), "--out", str(out), "--server-url", url]) == 2
    assert "--server-url" in capsys.readouterr().err
    assert not out.exists()

"""The published folder: `openapi.json`, `index.html` and the renderer's assets, all offline.

The page is Swagger UI (vendored under `static/swagger-ui`, see its README) started on a copy of the public
document embedded in the page, so it renders the same whether served by any static host or opened from
disk, and never asks the network for anything.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlsplit

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from spec_compiler.docs.public import PublicationError, public_document

DOCUMENT_FILE = "openapi.json"
PAGE_FILE = "index.html"
ASSETS_FOLDER = "assets"

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")
_STATIC = resources.files("spec_compiler.docs") / "static"
_OWN_ASSETS = ("reference.js", "reference.css")
_RENDERER_ASSETS = (
    "swagger-ui-bundle.js",
    "swagger-ui.css",
    "favicon-32x32.png",
    "LICENSE",
    "NOTICE",
    "swagger-ui-bundle.js.LICENSE.txt",
)


def publish(document: dict[str, Any], out: str | Path, server_url: str = "/") -> list[Path]:
    """Write the public document and its reference page into `out`; return the files written.

    Everything is computed and checked before the first file is written, so a document that would leak
    internals or is not valid OpenAPI leaves `out` as it was.
    """
    public = public_document(document, server_url)
    try:
        validate(public)
    except OpenAPIValidationError as error:
        raise PublicationError(f"the public document is not valid OpenAPI: {error.message}") from None
    text = document_json(public)
    page = page_html(public, text)
    out = Path(out)
    assets = out / ASSETS_FOLDER
    assets.mkdir(parents=True, exist_ok=True)
    written = [_write(out / DOCUMENT_FILE, text), _write(out / PAGE_FILE, page)]
    for name in _OWN_ASSETS:
        written.append(_copy(_STATIC / name, assets / name))
    for name in _RENDERER_ASSETS:
        written.append(_copy(_STATIC / "swagger-ui" / name, assets / name))
    return written


def document_json(public: dict[str, Any]) -> str:
    """The document as published: sorted keys, two-space indents, UTF-8, one trailing newline."""
    return json.dumps(public, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def page_html(public: dict[str, Any], text: str) -> str:
    """The reference page with the document embedded (`<` escaped so no string can close the script)."""
    template = Template((_STATIC / "index.html").read_text(encoding="utf-8"))
    title = (public.get("info") or {}).get("title") or "API reference"
    return template.substitute(
        title=html.escape(str(title)),
        connect_sources=" ".join(["'self'", *_api_origins(public)]),
        document=text.strip().replace("<", "\\u003c"),
    )


def _api_origins(public: dict[str, Any]) -> list[str]:
    """The origins of absolute server URLs, which "Try it out" may call (the page's policy allows them)."""
    origins = []
    for server in public.get("servers") or []:
        url = str(server.get("url", ""))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            continue
        origin = f"{parts.scheme}://{parts.netloc}"
        if not _ORIGIN.fullmatch(origin):
            raise PublicationError(
                f"--server-url {url!r} has no valid host; give e.g. https://api.example.com"
            )
        origins.append(origin)
    return origins


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _copy(source: Any, target: Path) -> Path:
    with resources.as_file(source) as file:
        shutil.copyfile(file, target)
    return target

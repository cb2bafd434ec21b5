"""`spec-compiler validate`: is a document one API Gateway imports, with templates that are safe?

Four passes, each reporting problems by JSON pointer: OpenAPI 3.0 validity (openapi-spec-validator's
schema, and its semantic checks made over the plain dict: `openapi_rules`), API Gateway's import rules
(`gateway_rules`; for security, CORS headers and cache keys `security_rules`), every mapping template
rendered with the project's VTL runtime on sample input (`rendering`), and a static check that no
template splices raw input or sets the status twice (`template_safety`). Each distinct template is
compiled and checked once, with the cyclic garbage collector paused (`spec_compiler.collector`); the
paths of a large document are shared out among worker processes for the template passes (`shares`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spec_compiler.collector import collector_paused
from spec_compiler.document import load_document
from spec_compiler.processes import in_workers
from spec_compiler.validate.gateway_rules import gateway_problems
from spec_compiler.validate.openapi_rules import openapi_problems
from spec_compiler.validate.problems import Problem, pointer
from spec_compiler.validate.rendering import Renderer, extension_problems, rendering_problems
from spec_compiler.validate.security_rules import security_problems
from spec_compiler.validate.shares import document_shares
from spec_compiler.validate.template_safety import document_templates, safety_problems

__all__ = ["Problem", "validate_document", "validate_file"]


def validate_file(path: str | Path) -> list[Problem]:
    """Every problem of the document in a file (raises DocumentError when it cannot be read)."""
    document = load_document(path)
    return validate_document(document, size=Path(path).stat().st_size)


def validate_document(document: dict[str, Any], *, size: int = 0) -> list[Problem]:
    """Every problem of a document (as loaded), in the order of the passes. The passes build many
    short-lived objects and no garbage cycles worth collecting midway, so the collector waits. The
    template passes of each share of the paths run in their own process (`shares`), the first share's
    while this process also runs the document-wide passes."""
    with collector_paused():
        tasks = [(part, index == 0) for index, part in enumerate(document_shares(document))]
        results = in_workers(lambda task: _passes(document, size, *task), tasks)
    problems = results[0][0]
    problems += [problem for _, rendering, _ in results for problem in rendering]
    problems += [problem for _, _, checks in results for problem in checks]
    return list(dict.fromkeys(problems))


def _passes(
    document: dict[str, Any], size: int, share: dict[str, Any], document_wide: bool
) -> tuple[list[Problem], list[Problem], list[Problem]]:
    """The document-wide passes (when asked), then rendering and the static checks of a share's
    templates, sharing one renderer. The renderer dies on return, while the collector is still paused:
    alive when the collector resumes, its thousands of compiled objects would make the next collection
    walk them all."""
    whole = _document_passes(document, size) if document_wide else []
    renderer = Renderer()
    return whole, list(rendering_problems(share, renderer)), template_problems(share, renderer)


def _document_passes(document: dict[str, Any], size: int) -> list[Problem]:
    problems = list(openapi_problems(document))
    problems += gateway_problems(document, size)
    problems += security_problems(document)
    problems += extension_problems(document)
    return problems


def template_problems(document: dict[str, Any], renderer: Renderer | None = None) -> list[Problem]:
    """Static safety checks of every request and response template (each distinct text checked once;
    the renderer, when given, already knows the canonical form of the templates it rendered)."""
    renderer = renderer or Renderer()
    problems = []
    checked: dict[str, list[str]] = {}
    for where, template in document_templates(document):
        source = renderer.canonical(template)[0]
        if source not in checked:
            checked[source] = safety_problems(source)
        if checked[source]:
            at = pointer(*where)
            problems += [Problem(at, message) for message in checked[source]]
    return problems

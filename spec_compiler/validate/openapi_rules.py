"""OpenAPI 3.0 validity, as openapi-spec-validator judges it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spec_compiler.validate.problems import Problem, pointer


def openapi_problems(document: dict[str, Any]) -> Iterator[Problem]:
    from openapi_spec_validator import OpenAPIV30SpecValidator

    for error in OpenAPIV30SpecValidator(document).iter_errors():
        location = getattr(error, "absolute_path", None) or getattr(error, "path", None) or ()
        yield Problem(pointer(*location), f"not valid OpenAPI 3.0: {error.message}")

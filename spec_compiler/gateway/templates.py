"""Mapping templates compiled once at load, rendered per request with the project's VTL runtime.

This is the gateway's only contact with `spec_compiler.vtl`: a compile failure becomes a document error
naming where the template lives; a render failure becomes `TemplateFailure`, which the gateway answers
with 500 as API Gateway does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spec_compiler.errors import DocumentError
from spec_compiler.vtl import compile_template


class TemplateFailure(Exception):
    """A template could not be rendered for this request; the message says which one and why."""


@dataclass(frozen=True)
class Rendered:
    """What a render produced: the text, and the `$context.responseOverride` the template set."""

    output: str
    status_override: int | None
    header_overrides: dict[str, str]


class Template:
    """One compiled mapping template and where it came from in the document (for messages)."""

    def __init__(self, text: str, where: str) -> None:
        self.where = where
        try:
            self._compiled = compile_template(text)
        except Exception as error:
            raise DocumentError(f"{where}: the mapping template does not compile: {error}") from None

    def render(
        self,
        *,
        body: str,
        path: Mapping[str, str],
        querystring: Mapping[str, str],
        headers: Mapping[str, str],
        context: dict[str, Any],
        stage_variables: Mapping[str, str],
    ) -> Rendered:
        try:
            result = self._compiled.render(
                body=body,
                path=path,
                querystring=querystring,
                headers=headers,
                context=context,
                stage_variables=stage_variables,
            )
        except Exception as error:
            raise TemplateFailure(f"{self.where}: {type(error).__name__}: {error}") from error
        override = result.response_override or {}
        status = override.get("status")
        try:
            status_override = int(status) if status not in (None, "") else None
        except (TypeError, ValueError):
            raise TemplateFailure(
                f"{self.where}: responseOverride.status is not a number: {status!r}"
            ) from None
        headers_override = {str(k): str(v) for k, v in (override.get("header") or {}).items()}
        return Rendered(result.output, status_override, headers_override)

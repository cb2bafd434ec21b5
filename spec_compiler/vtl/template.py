"""The public face of the runtime: compile a template once, render it per request."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spec_compiler.collector import collector_paused
from spec_compiler.vtl import parser
from spec_compiler.vtl.compiler import BreakLoop, Compiler, StopRendering
from spec_compiler.vtl.environment import UTIL, Input
from spec_compiler.vtl.errors import VtlError


class RenderResult:
    """The rendered text and what the template set in `$context.responseOverride` / `requestOverride`.

    `response_override` is `{"status": <as set, or None>, "header": {name: value}}`;
    `request_override` is `{"header": {...}, "path": {...}, "querystring": {...}}`.
    """

    __slots__ = ("_context", "output")

    def __init__(self, output: str, context: dict) -> None:
        self.output = output
        self._context = context

    @property
    def response_override(self) -> dict[str, Any]:
        final = self._context.get("responseOverride")
        if not isinstance(final, dict):
            return {"status": None, "header": {}}
        header = final.get("header")
        return {"status": final.get("status"), "header": header if isinstance(header, dict) else {}}

    @property
    def request_override(self) -> dict[str, Any]:
        final = self._context.get("requestOverride")
        final = final if isinstance(final, dict) else {}
        return {
            k: final[k] if isinstance(final.get(k), dict) else {} for k in ("header", "path", "querystring")
        }

    def __repr__(self) -> str:
        return f"RenderResult(output={self.output!r}, response_override={self.response_override!r})"


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    return value


def _ensure_map(parent: dict, key: str) -> dict:
    child = parent.get(key)
    if not isinstance(child, dict):
        child = parent[key] = {}
    return child


class Template:
    """A mapping template parsed and compiled once; `render` is safe to call from many threads."""

    __slots__ = ("_copies", "_run", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        with collector_paused():
            parsed = parser.parse(source)
            compiler = Compiler(source, parsed)
            self._run = compiler.block(parsed.nodes)
        self._copies = compiler.mutates

    def render(
        self,
        *,
        body: str = "",
        path: dict[str, str] | None = None,
        querystring: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        context: dict[str, Any] | None = None,
        stage_variables: dict[str, str] | None = None,
    ) -> RenderResult:
        """Render with API Gateway's `$input`, `$util`, `$context` and `$stageVariables`."""
        params = {
            "path": dict(path) if path else {},
            "querystring": dict(querystring) if querystring else {},
            "header": dict(headers) if headers else {},
        }
        if context:
            ctx = _copy(context)
            _ensure_map(_ensure_map(ctx, "responseOverride"), "header")
            request_override = _ensure_map(ctx, "requestOverride")
            for key in ("header", "path", "querystring"):
                _ensure_map(request_override, key)
        else:
            ctx = {
                "responseOverride": {"header": {}},
                "requestOverride": {"header": {}, "path": {}, "querystring": {}},
            }
        variables = {
            "input": Input(body or "", params, self._copies),
            "util": UTIL,
            "context": ctx,
            "stageVariables": dict(stage_variables) if stage_variables else {},
        }
        out: list[str] = []
        try:
            self._run(variables, out)
        except (StopRendering, BreakLoop):
            pass
        except VtlError:
            raise
        except RecursionError:
            raise VtlError("the template or its data is nested too deeply to render") from None
        except Exception as exc:
            raise VtlError(f"internal error while rendering: {type(exc).__name__}: {exc}") from exc
        return RenderResult("".join(out), ctx)


@lru_cache(maxsize=256)
def compile_template(source: str) -> Template:
    """Parse and compile once (cached by text); raises VtlError on a parse error."""
    if not isinstance(source, str):
        raise VtlError(f"a template must be text, not {type(source).__name__}")
    try:
        return Template(source)
    except RecursionError:
        raise VtlError("the template is nested too deeply to parse") from None


def render(
    template: str,
    *,
    body: str = "",
    path: dict[str, str] | None = None,
    querystring: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    context: dict[str, Any] | None = None,
    stage_variables: dict[str, str] | None = None,
) -> RenderResult:
    """Render template text (compiled once and cached by text); raises VtlError on a bad template."""
    return compile_template(template).render(
        body=body,
        path=path,
        querystring=querystring,
        headers=headers,
        context=context,
        stage_variables=stage_variables,
    )

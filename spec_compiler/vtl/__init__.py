"""API Gateway's mapping-template runtime: Velocity 1.7 with `$input`, `$util`, `$context`, as AWS runs it.

from spec_compiler.vtl import render
result = render(template, body='{"a": 1}', path={"name": "x"})
result.output, result.response_override
"""

from spec_compiler.vtl.errors import VtlError
from spec_compiler.vtl.template import RenderResult, Template, compile_template, render

__all__ = ["RenderResult", "Template", "VtlError", "compile_template", "render"]

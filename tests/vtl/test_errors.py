"""VtlError: one exception type, with the line and column of what failed and a readable message."""

from __future__ import annotations

import pytest

from spec_compiler.errors import SpecCompilerError
from spec_compiler.vtl import VtlError, compile_template, render


@pytest.mark.parametrize(
    ("template", "line", "column", "words"),
    [
        ("first line\n#if($x)\nnever closed", 3, 12, "#if at line 2, column 1 is never closed"),
        ("a\nb #end", 2, 3, "#end without an open"),
        ("#set($a = 1)\n#set($b = )\n", 2, 11, "expected a value"),
        ("ok\n  $a.b(1 2)", 2, 10, "expected ',' or ')'"),
        ("#foreach($i in [1])\n#else\n#end", 2, 1, "#else inside #foreach"),
        ("x\n#set($s = 'open", 2, 16, "string literal at line 2, column 11 is never closed"),
        ("price: $", 1, 9, "'$' at the very end"),
    ],
)
def test_parse_errors_name_line_and_column(template: str, line: int, column: int, words: str) -> None:
    with pytest.raises(VtlError) as raised:
        compile_template(template)
    error = raised.value
    assert (error.line, error.column) == (line, column)
    assert words in error.message
    assert f"line {line}, column {column}" in str(error)


@pytest.mark.parametrize(
    ("template", "line", "column", "words"),
    [
        ("#set($s = 'abc')\n  $s.substring(9)", 2, 6, "StringIndexOutOfBoundsException"),
        ("\n\n$input.json('$[')", 3, 8, "InvalidPathException"),
        ("#set($l = [1])$l.get(3)", 1, 18, "IndexOutOfBoundsException"),
        ("$util.urlDecode('%zz')", 1, 7, "URLDecoder"),
        ("$util.parseJson('{bad')", 1, 7, "InvalidJsonException"),
        ("x $input.body.replaceAll('(', '')", 1, 15, "PatternSyntaxException"),
    ],
)
def test_render_errors_name_line_and_column(template: str, line: int, column: int, words: str) -> None:
    """The position is the method's name, as Velocity reports a MethodInvocationException."""
    with pytest.raises(VtlError) as raised:
        render(template, body='{"a": 1}')
    error = raised.value
    assert (error.line, error.column) == (line, column)
    assert words in error.message


def test_vtl_error_is_the_projects_error_type() -> None:
    with pytest.raises(SpecCompilerError):
        compile_template("#end")


def test_a_template_nested_too_deeply_is_an_error_not_a_traceback() -> None:
    with pytest.raises(VtlError, match="nested too deeply"):
        compile_template("#if(true)" * 1000 + "#end" * 1000)


def test_a_template_must_be_text() -> None:
    with pytest.raises(VtlError, match="must be text"):
        compile_template(b"$x")  # type: ignore[arg-type]

"""The safe-string idiom round-trips any Unicode string through a JSON document."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spec_compiler.vtl import compile_template

IDIOM = '{"value": "$util.escapeJavaScript($s).replaceAll("\\\\\'","\'")"}'
FROM_PATH = compile_template("#set($s = $input.params('s'))" + IDIOM)
FROM_BODY = compile_template("#set($s = $input.path('$.s'))" + IDIOM)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_idiom_from_a_parameter_parses_back(s: str) -> None:
    output = FROM_PATH.render(path={"s": s}).output
    assert json.loads(output) == {"value": s}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_idiom_from_the_body_parses_back(s: str) -> None:
    output = FROM_BODY.render(body=json.dumps({"s": s})).output
    assert json.loads(output) == {"value": s}


def test_without_the_replace_all_an_apostrophe_breaks_json() -> None:
    """Why the idiom needs its replaceAll: escapeJavaScript alone emits \\' which JSON rejects."""
    bare = compile_template('{"value": "$util.escapeJavaScript($input.params(\'s\'))"}')
    output = bare.render(path={"s": "it's"}).output
    assert output == '{"value": "it\\\'s"}'
    with pytest.raises(json.JSONDecodeError):
        json.loads(output)

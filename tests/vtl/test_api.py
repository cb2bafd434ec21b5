"""The public API other parts of the project code against."""

from __future__ import annotations

from spec_compiler.vtl import RenderResult, Template, compile_template, render

PUT = (
    '{"TableName": "favorite_movies", "Item": {"name": {"S": "$input.params(\'name\')"}, '
    '"favorite_movie": {"S": "$util.escapeJavaScript($input.path(\'$.favorite_movie\'))'
    '.replaceAll("\\\\\'","\'")"}}}'
)


def test_render_gives_output_and_overrides() -> None:
    result = render(
        "#set($context.responseOverride.status = 404)"
        "#set($context.responseOverride.header.Retry = 'no')"
        "#set($context.requestOverride.header.X = $context.requestId)$stageVariables.env",
        context={"requestId": "r-1"},
        stage_variables={"env": "dev"},
    )
    assert isinstance(result, RenderResult)
    assert result.output == "dev"
    assert result.response_override == {"status": 404, "header": {"Retry": "no"}}
    assert result.request_override == {"header": {"X": "r-1"}, "path": {}, "querystring": {}}


def test_untouched_overrides_are_empty() -> None:
    result = render("x")
    assert result.response_override == {"status": None, "header": {}}
    assert result.request_override == {"header": {}, "path": {}, "querystring": {}}


def test_compiled_template_renders_many_times_independently() -> None:
    template = compile_template(PUT)
    assert isinstance(template, Template)
    first = template.render(body='{"favorite_movie": "It\'s"}', path={"name": "ann"})
    second = template.render(body='{"favorite_movie": "Heat"}', path={"name": "bob"})
    assert "It's" in first.output and '"ann"' in first.output
    assert "Heat" in second.output and '"bob"' in second.output


def test_parameters_query_and_headers_reach_input_params() -> None:
    result = render(
        "$input.params('id')|$input.params('q')|$input.params('Accept')",
        path={"id": "p"},
        querystring={"q": "s"},
        headers={"Accept": "application/json"},
    )
    assert result.output == "p|s|application/json"


def test_the_callers_context_is_not_changed() -> None:
    context = {"requestId": "r", "responseOverride": {"header": {}}}
    render("#set($context.responseOverride.status = 500)#set($context.requestId = 'x')", context=context)
    assert context == {"requestId": "r", "responseOverride": {"header": {}}}


def test_an_empty_body_reads_as_an_empty_object() -> None:
    assert render("$input.body|$input.json('$.a')").output == '{}|""'


def test_what_a_template_changes_is_not_seen_by_the_next_read_of_the_body() -> None:
    """Jayway parses the body anew on every call, so a changed map is never read back."""
    template = (
        "#set($m = $input.path('$.m'))#set($old = $m.put('k', 'changed'))"
        "#set($context.responseOverride.header.X = $input.path('$.m.k'))$input.path('$.m.k')"
    )
    result = render(template, body='{"m": {"k": "original"}}')
    assert result.output == "original"
    assert result.response_override["header"] == {"X": "original"}


def test_reads_are_shared_only_when_nothing_can_change_them() -> None:
    body = '{"m": {"k": "v"}}'
    assert compile_template("$input.path('$.m').k")._copies is False
    assert compile_template("#set($context.responseOverride.status = 404)$input.path('$.m')")._copies is False
    assert compile_template("#set($m = $input.path('$.m'))#set($m.k = 1)")._copies is True
    assert render("$input.path('$.m').k", body=body).output == "v"

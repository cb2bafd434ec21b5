"""The lexical VTL reading: its regexes read what a walk over the characters reads, on any text.

`walked_directives` is the reading as a character walk (how the scanner read templates before its
regexes); the scanner must agree with it on hand-edited text too: unclosed quotes, parentheses nested
deeper than its regex follows, comments hiding directives, text the VTL parser rejects.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from spec_compiler.validate.template_safety import (
    ESCAPE_CALL,
    safety_problems,
    splice_problems,
    status_override_problems,
)
from spec_compiler.validate.vtl_scan import call_arguments, closing_parenthesis, directives

_NAME = re.compile(r"#\{?(set|if|elseif|foreach|else|end|break|stop)\b\}?")
_COMMENT = re.compile(r"##[^\n]*|#\*.*?\*#", re.DOTALL)
TOKENS = [
    "#set(", "#if(", "#elseif(", "#foreach(", "#{set}(", "#set (", "#else", "#{else}", "#end", "#{end}",
    "#break", "#stop", "#setx", "(", ")", "((((((((((", "))))))))))", '"', "'", "##", "#*", "*#", "\n",
    " ", "\t", "$x", "$y", " = ", " in ", "$input.body", "$input.params('a')", ESCAPE_CALL,
    """.replaceAll("\\\\'","'")""", "#set($context.responseOverride.status = 500)", "a", "#", "{", "}",
]  # fmt: skip
sources = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


def walked_directives(source: str) -> list[tuple[str, int, int, tuple[int, int] | None]]:
    comments = [match.span() for match in _COMMENT.finditer(source)]
    found = []
    position = 0
    while (match := _NAME.search(source, position)) is not None:
        if any(start <= match.start() < end for start, end in comments):
            position = match.end()
            continue
        name, end, arguments = match.group(1), match.end(), None
        if name in ("set", "if", "elseif", "foreach"):
            opening = end
            while opening < len(source) and source[opening] in " \t":
                opening += 1
            if opening < len(source) and source[opening] == "(":
                close = closing_parenthesis(source, opening + 1)
                arguments, end = (opening + 1, close), close + 1
        found.append((name, match.start(), end, arguments))
        position = end
    return found


def walked_calls(source: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    while (start := source.find(ESCAPE_CALL, position)) >= 0:
        position = start + len(ESCAPE_CALL)
        spans.append((position, closing_parenthesis(source, position)))
    return spans


@settings(max_examples=300, deadline=None)
@given(sources)
def test_the_regex_reading_is_the_walk(source: str) -> None:
    assert [tuple(directive) for directive in directives(source)] == walked_directives(source)
    assert call_arguments(source, ESCAPE_CALL) == walked_calls(source)


@settings(max_examples=100, deadline=None)
@given(sources)
def test_both_checks_read_the_directives_once(source: str) -> None:
    assert safety_problems(source) == splice_problems(source) + status_override_problems(source)


def test_arguments_nested_deeper_than_the_regex_follows_are_walked() -> None:
    deep = "#set($a = " + "(" * 12 + "1" + ")" * 12 + ")"
    assert [tuple(directive) for directive in directives(deep + "$x")] == walked_directives(deep + "$x")
    assert directives(deep)[0].text(deep) == "$a = " + "(" * 12 + "1" + ")" * 12
    assert splice_problems(deep + "#set($b = $input.body)$b") != []


def test_an_unclosed_quote_runs_to_the_end_of_the_template() -> None:
    source = '#if("open)$input.body#end'
    end = len(source)
    assert [tuple(directive) for directive in directives(source)] == [("if", 0, end + 1, (4, end))]
    assert splice_problems(source) == []
    assert "$input.body reaches the output raw" in splice_problems("#if('a')x#end$input.body")[0]


def test_a_comment_hides_the_directives_that_start_in_it() -> None:
    override = "#set($context.responseOverride.status = 500)"
    source = "#* a comment *" + override + override
    assert [directive.name for directive in directives(source)] == ["set"]
    assert status_override_problems(source) == []

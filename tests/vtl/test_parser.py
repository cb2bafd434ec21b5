"""The parser's shortcuts: each must build exactly the tree (or raise exactly the error) of its general path.

The shortcuts read a common shape in one regex match and fall back to the general path for anything else,
so turning a shortcut's regex into one that never matches must change nothing. The interpolated-string
cache must never serve a body parsed under other macros.
"""

from __future__ import annotations

import re

import pytest

from spec_compiler.vtl import nodes as n
from spec_compiler.vtl import parser
from spec_compiler.vtl.errors import VtlError

NEVER = re.compile(r"(?!)")
# `_STEP` without its argument part: `.name(` always leaves the arguments to `arguments`
STEP_WITHOUT_ARGUMENTS = re.compile(r"\.([a-zA-Z_][a-zA-Z0-9_-]*+)(?:(\()(?:(?!)(.)(.)(.))?)?")

SHORTCUT_EDGES = [
    "$a.b('x')",
    "$a.b( 'x' )",
    "$a.b('x''y')",
    "$a.b('x' 'y')",
    '$a.b("x")',
    '$a.b("x$y")',
    '$a.b("x#y")',
    '$a.b("x""y")',
    "$a.b('x', \"y\")",
    "$a.b('x',)",
    "$a.b(,'x')",
    "$a.b($c)",
    "$a.b($c, 'd')",
    "$a.b( $c ,$d )",
    "$a.b($c.d)",
    "$a.b($!c)",
    "$a.b(${c})",
    "$a.b('x', 'y', 'z')",
    "$a.b(1)",
    "$a.b()",
    "$a.b( )",
    "$a.b(",
    "$a.b('x'",
    "$a.b('x",
    "$!{a.b('x')}",
    "${a.b('x')",
    "$a.b('x')('y')",
    "$a.b('x').c.d('y')",
    "$a.b-c('x')",
    "$a.b\n('x')",
    "$a.b('x\n')",
    "$util.escapeJavaScript($input.path('$.v')).replaceAll(\"\\\\'\",\"'\")",
    "#set($x = 1)",
    "#set( $x = -1 )",
    "#set($x = 1.5)",
    "#set($x = 1e3)",
    "#set($x = 01)",
    "#set($x = -)",
    "#set($x = true)",
    "#set($x = trueish)",
    "#set($x = true )\n",
    "#set($x = 'a')",
    "#set($x = 'a''b')",
    "#set($x = 'a' )",
    '#set($x = "a")',
    '#set($x = "a$b")',
    '#set($x = "a" + 1)',
    "#set($x = 1 2)",
    "#set($x == 1)",
    "#set($x=1)",
    "#set($x =\n1\n)\n",
    "#set($x.y = 1)",
    "#set(${x} = 1)",
    "#set($!x = 1)",
    "#set( $x-y = 1 )",
    "#set($x = \u0663)",
    "#set ($x = 1)",
    "#{set}\n($x = 1)",
    "#set($x = $y)",
    "#set($x = $y )",
    "#set($x = $y.z('a'))",
    "#if($a == 1)x#end",
    "#if($a == -1)x#end",
    "#if($a -1)x#end",
    "#if(1)x#end",
    "#if('a')#end",
    "#if((1))#end",
    "#if(( 'a' ) )#end",
    "#if(!$a)#end",
    "#if(not $a)#end",
    "#if(not-1)#end",
    "#if($a && !$b || $c == 'x' and $d ne \"y\")#end",
    "#if($a.b('x') || \"$!a.b('x')\" == \"false\")#set($f = 1)#end",
    "#if($a.size() % 4 == 2)#end",
    "#foreach($i in [1..3])$i#end",
    "#foreach($i in ['a'..'c'])$i#end",
    "#set($a = [])",
    "#set($a = [ ])",
    "#set($a = ['a', \"b\" , 'c\"'])",
    "#set($a = ['a''b'])",
    "#set($a = ['a' 'b'])",
    "#set($a = ['a',])",
    "#set($a = [\"$b\", 'c'])",
    "#set($a = [['a', 'S'], ['b', 'N']])",
    "#set($a = ['a', 1, $b])",
    "#set($a = ['a'",
    "#foreach($i in $a.b('x'))$i#end",
    "  #set($x = 1)\n",
    "a  #set($x = 1)b",
]


def outcome(source: str) -> object:
    try:
        return parser.parse(source)
    except VtlError as exc:
        return (exc.message, exc.line, exc.column)


@pytest.mark.parametrize("source", SHORTCUT_EDGES)
def test_shortcuts_build_what_the_general_path_builds(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with_shortcuts = outcome(source)
    monkeypatch.setattr(parser, "_STEP", STEP_WITHOUT_ARGUMENTS)
    monkeypatch.setattr(parser, "_LONE_LITERAL", NEVER)
    monkeypatch.setattr(parser, "_SET_PLAIN_TARGET", NEVER)
    monkeypatch.setattr(parser, "_STRING_LIST", NEVER)
    assert outcome(source) == with_shortcuts


def test_an_interpolated_body_parsed_before_a_macro_is_not_reused_after_it() -> None:
    parsed = parser.parse('#set($a = "#m()")#macro(m)x#end#set($b = "#m()")')
    before, after = parsed.nodes[0].value, parsed.nodes[-1].value
    assert before.body == [n.Text("#m()")]
    assert type(after.body[0]) is n.MacroCall


def test_a_macro_defined_inside_a_string_is_defined_on_every_parse() -> None:
    source = '#set($a = "#macro(m)x#end")#m()'
    for _ in range(2):
        parsed = parser.parse(source)
        assert set(parsed.macros) == {"m"}
        assert type(parsed.nodes[-1]) is n.MacroCall


def test_an_error_inside_a_string_names_where_the_string_stands() -> None:
    errors = []
    for source in ('#set($a = "${x")', '\n  #set($a = "${x")'):
        with pytest.raises(VtlError) as caught:
            parser.parse(source)
        errors.append((caught.value.line, caught.value.column))
    assert errors == [(1, 11), (2, 13)]


def test_equal_strings_share_their_body_but_keep_their_own_offsets() -> None:
    first = parser.parse('#set($a = "$b.c")#set($d = "$b.c")')
    one, two = first.nodes[0].value, first.nodes[1].value
    assert one.body == two.body == [n.Reference("b", [n.Property("c")], "$b.c", 0)]
    assert (one.offset, two.offset) == (10, 27)

#!/usr/bin/env python3
# ruff: noqa: E501  (the cases are data: long template lines read best unbroken)
"""Writes tests/vtl/data/cases.jsonl: the conformance cases for the VTL runtime (inputs only).

Each line: {"id", "template", "body", "params": {"path", "querystring", "header"}, "context",
"stageVariables"}. Expected results come only from the oracle: run scripts/record_vtl_cases.py next.
Deterministic: the same script writes the same bytes.
"""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "vtl" / "data" / "cases.jsonl"

ESCAPE_IDIOM = "$util.escapeJavaScript($input.path('$.v')).replaceAll(\"\\\\'\",\"'\")"
PUT_ITEM = (
    '{"TableName": "favorite_movies", "Item": {"name": {"S": "'
    "$util.escapeJavaScript($input.params('name')).replaceAll(\"\\\\'\",\"'\")"
    '"}, "favorite_movie": {"S": "'
    "$util.escapeJavaScript($input.path('$.favorite_movie')).replaceAll(\"\\\\'\",\"'\")"
    '"}}}'
)
GET_RESPONSE = """#set($item = $input.path('$.Item'))
#if($item == "")
#set($context.responseOverride.status = 404)
{"message": "not found"}
#else
{
  "name": "$util.escapeJavaScript($item.name.S).replaceAll("\\\\'","'")",
  "favorite_movie": "$util.escapeJavaScript($item.favorite_movie.S).replaceAll("\\\\'","'")"
}
#end"""
QUERY_RESPONSE = """#set($items = $input.path('$.Items'))
{
  "items": [
#foreach($it in $items)
    {"name": "$util.escapeJavaScript($it.name.S).replaceAll("\\\\'","'")", "n": $it.n.N}#if($foreach.hasNext),#end

#end
  ],
  "count": $input.json('$.Count')#if($input.path('$.LastEvaluatedKey') != ""),
  "next": "$util.base64Encode($input.json('$.LastEvaluatedKey'))"#end

}"""
ERROR_RESPONSE = """#set($type = $input.path('$.__type'))
#if($type.endsWith("ConditionalCheckFailedException"))
#set($context.responseOverride.status = 409)
{"message": "already exists"}
#elseif($type.contains("ValidationException"))
#set($context.responseOverride.status = 400)
{"message": "$util.escapeJavaScript($input.path('$.message')).replaceAll("\\\\'","'")"}
#else
#set($context.responseOverride.status = 500)
{"message": "internal error"}
#end"""

HOSTILE = [
    "plain",
    "It's",
    'say "hi"',
    "back\\slash",
    "\\'",
    "line1\nline2",
    "tab\there",
    "cr\rlf\r\n",
    "\x00\x01\x08\x0b\x0c\x1f",
    "\x7f\x80\x85\x9f\xa0",
    "$dollar $input.body ${x} $!y",
    "#hash ## #* *# #[[ ]]#",
    "#if(true)x#else y#end #set($a = 1)",
    "a/b</script>",
    "é ñ ü ß",
    "日本語テキスト",
    "— € ‰ ™ \u2028\u2029",
    "😀",
    "\U0001f600\U0001f64f\U0001d11e astral",
    "\ufeffbom \ufffd",
    "",
    "   padded   ",
    "\\u0041 \\n literal escapes",
    "%20+&=?#",
    "null",
    "true",
    "-0",
    "1e3",
    '{"injected": "json"}',
    '"}, "admin": {"BOOL": true}, "x": {"S": "',
    "x" * 3000,
    ("ab'\"\\/\n" * 200) + "😀" * 50,
]

NUMBER_TEXTS = [
    "0",
    "-0",
    "1",
    "-1",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "123456789012345678901234567890",
    "1e3",
    "1E3",
    "1e+3",
    "1e-3",
    "1.0",
    "1.50",
    "0.1",
    "-0.0",
    "123456789.123",
    "12345678.9",
    "1234567.0",
    "1.7976931348623157e308",
    "4.9e-324",
    "1e400",
    "0.1234567890123456789",
    "12345678901234567890.5",
    "1e22",
    "1e21",
    "0.001",
    "0.0001",
    "9999999.0",
    "10000000.0",
    "3.141592653589793",
    "2.718281828459045e-10",
    "100.0e-2",
]

BODIES = {
    "movie": {"favorite_movie": "Interstellar", "year": 2014, "rating": 8.6, "tags": ["sci-fi", "space"]},
    "nested": {
        "a": {
            "b": {"c": "deep", "d": [1, 2, {"e": "f/g"}]},
            "list": [{"id": 1, "b": 2}, {"id": 2}, {"id": 3, "b": 4}],
        },
        "b": 0,
        "a b": "spaced key",
        "x.y": "dotted key",
        "empty": {},
        "none": None,
        "arr": [],
        "t": True,
        "f": False,
    },
    "list_root": [{"foo": "bar"}, {"foo": "baz/qux"}],
    "string_root": "just a string",
    "number_root": 42,
    "unicode": {"u": "a/b — € é \u0001 😀", "k/ey": 'v"al'},
}

PATHS = [
    "$",
    "$.a",
    "$.a.b",
    "$.a.b.c",
    "$.a.b.d",
    "$.a.b.d[0]",
    "$.a.b.d[2].e",
    "$.a.b.d[5]",
    "$.a.b.d[-1]",
    "$.a.list[*].id",
    "$.a.list[*].b",
    "$.a.list[0,2].id",
    "$.a.list[1:3]",
    "$.a.list[:2]",
    "$.a.list[-2:]",
    "$..b",
    "$..id",
    "$..nothing",
    "$.*",
    "$[''a b'']",
    "$[''x.y'']",
    "$.missing",
    "$.missing.deeper",
    "$.none",
    "$.none.x",
    "$.empty",
    "$.arr",
    "$.arr[0]",
    "$.t",
    "$.f",
    "$.b",
    "$[0]",
    "$[0].foo",
    "$[*].foo",
    "$.favorite_movie",
    "$.tags",
    "$.tags[1]",
    "$.year",
    "$.rating",
    "$.u",
    "$[''k/ey'']",
    "$.a[?(@.id > 1)]",
    "$.tags[*].x",
    "$.*.c",
    "$.a.list[0,1].b",
    "$.a.b.d[1,5]",
    "@.a.b.c",
    "$.a b",
    "$..[0]",
    "$..*",
    "a.b.c",
]


class Cases:
    """Collects cases with unique ids."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self.ids: set[str] = set()

    def add(
        self,
        cid: str,
        template: str,
        body: str = "",
        path: dict | None = None,
        querystring: dict | None = None,
        header: dict | None = None,
        context: dict | None = None,
        stage: dict | None = None,
    ) -> None:
        assert cid not in self.ids, cid
        self.ids.add(cid)
        self.items.append(
            {
                "id": cid,
                "template": template,
                "body": body,
                "params": {"path": path or {}, "querystring": querystring or {}, "header": header or {}},
                "context": context or {},
                "stageVariables": stage or {},
            }
        )


def directives(c: Cases) -> None:
    t = [
        "a  #set($x=1)b",
        "a\n  #set($x=1)  \nb",
        "  #set($x=1)x",
        "$x  #set($x=1)x",
        "#if(true)a#end  #set($x=1)x",
        "a\n  #if(true)  \nX\n  #else  \nY\n  #end  \nb",
        "a\n  #if(true) Z\nX\n  #end x\nb",
        "#foreach($i in [1..3])\n  $i\n#end\nz",
        "#foreach($i in [1..3])$i#if($foreach.hasNext),#end#end",
        "#if(true)\n  a\n#end\n#if(false)\nb\n#else\n  c\n#end  \n#foreach($i in [1])\n  $i\n#end\nend",
        "#foreach($i in [1..2])\n#if($i == 1)\none\n#elseif($i == 2)\ntwo\n#end\n#end",
        "#if(true)a#end   ",
        "#set($x = 1)  ",
        "#if(true)a#else  \n  b#end",
        "#if(true)x#end#if(true)\ny#end",
        "a\r\n#set($x=1)\r\nb\r\n#if(true)\r\nc\r\n#end\r\nd",
        "a\r#set($x=1)\rb",
        "#set( $x = 1 )[$x]\n#set($y=2)\n[$y]",
        "#if (true)sp#end #foreach ($i in [1])f#end #set ($z = 3)$z",
        "#{set}($y=2)$y #{foreach}($i in [1])f#{end} #{if}(true)g#{else}h#{end}",
        "#{if}(true)a#{else}b#{end}",
        "#if(false)a#elseif(false)b#elseif(true)c#else d#end",
        "#set($x = 2)#if($x == 1)one#elseif($x == 2)two#else other#end",
        "#if(true)#if(false)a#else b#end#end",
        "## comment\nline2 #* block *# after\n#* x *#\nend",
        "## only comment",
        "#*\n multi\n*#\nafter",
        "#[[ $x #if ]]# tail",
        "#foo #foo() #{foo} # x $ x $1 $. $$ #$",
        "#stop after",
        "before #stop after",
        "#foreach($i in [1,2,3])$i#if($i == 2)#stop#end#end after",
        "#break after",
        "#foreach($i in [1..5])#if($i == 3)#break#end$i#end|",
        "#foreach($i in [1,2])#foreach($j in [1,2])#if($j == 2)#break#end$i$j #end#end",
        "#foreach($i in [1,2])$foreach.index $foreach.count $foreach.hasNext $foreach.first $foreach.last $velocityCount|#end",
        "#foreach($i in [1,2])#foreach($j in [3,4])$foreach.parent.index$foreach.index #end#end",
        "#set($i='x')#foreach($i in [1,2])#end$i",
        "#foreach($c in 'abc')[$c]#end|#foreach($n in 5)[$n]#end|#foreach($v in {'a':1,'b':2})[$v]#end|#foreach($n in $nope)x#end",
        "#foreach($i in [])x#else#end",
        "#foreach($i in [3..1])$i#end #foreach($i in [-1..1])$i,#end",
        "#set($list = [])#foreach($i in [1..3])#set($ok = $list.add($i))#end$list",
        "#set($m = {})#foreach($k in ['a','b'])$m.put($k, $foreach.count)#end$m",
        "#macro(greet $who)Hello $who!#end\n#greet('bob')\n#greet(\"x$who\")|",
        "#macro(pair $a, $b)[$a:$b]#end#pair(1 2)#pair('x', \"y\")",
        "#evaluate('#set($q = 5)$q') $q",
        '#set($x = "#if(true)yes#end")$x',
        "\\$x #set($x=1)\\$x \\\\$x \\\\\\$x \\$nope \\\\$nope",
        "\\#if(true)x\\#end",
        "a\\b \\\\ c\\\\#if(true)x#end d\\\\\\#if e \\#foo \\\\\\$x",
        "$!{nope} \\$!nope \\${nope} #set($v=1)\\${v} \\$!v",
        "\\\\\\\\$nope \\\\\\\\\\$nope",
        "#if(true)\n#end\n",
        "   #if(true)   \n   x\n   #end   \n",
        "\t#set($a = 1)\tx$a",
        "x#set($a = 1)\n\ny",
        "$d #set($q = 1) [$q]",
        "$d\n#set($q = 1)[$q]",
        "$d #set($q = 1)x[$q]",
        "$d #set($q = 1)ab[1]cd",
        "$d #set($q = 1)a.b [2]",
        "${d} #set($q = 1)[$q]",
        "$d #set($q = 1).x",
        "$d #set($q = [1,2])$q[0]",
    ]
    for k, tpl in enumerate(t):
        c.add(f"directive_{k:02d}", tpl)
    deep_if = "#if(true)" * 60 + "deep" + "#end" * 60
    c.add("directive_deep_if", deep_if)
    deep_foreach = "".join(f"#foreach($i{k} in [1])" for k in range(30)) + "x" + "#end" * 30
    c.add("directive_deep_foreach", deep_foreach)


def references(c: Cases) -> None:
    t = [
        "${x}y $!x $!{x} #set($x='v')${x}y $!x $!{x}",
        "$nope.foo $nope.foo() $!nope.bar ${nope.bar}",
        "$a-1 #set($a=5)$a-1 #set($a-b=7)$a-b",
        "$_x #set($_x = 1)$_x $a.b-c",
        "#set($x = 'a')#set($y = \"${x}b$x.length()\")$y",
        '#set($a = "a")#set($b = "$a$a")$b ${a}-$a-1',
        "#set($m = {'k': {'n': [10, 20]}})$m.k.n[1] $m['k']['n'][0] $m.k.n.get(0) $m.get('k').n",
        "#set($a = [1,2,3])$a[0] $a[-1] $a[1] $a.get(1) $a.size() $a.isEmpty() $a.empty $a.contains(2)",
        "#set($x = 1)$x.foo $x.toString() $x.class",
        "$input $util",
        "$context.nope $context.nope.deeper $stageVariables",
        "email@example.com $100 #1 50% a$ $-",
        '#set($s = "$")$s #set($t = "#")$t #set($u = "a$")$u',
        "#set($o = {})$o.put('k', 'v')$o.k #set($o.k2 = 'v2')$o #set($o['k3'] = 'v3')$o",
        "#set($l = [1, 2])#set($l[0] = 'z')$l #set($l[-1] = 'y')$l",
        "$s.class #set($s='x')$s.class $s.getClass() #set($n=1)$n.class #set($m={})$m.class #set($l=[])$l.class",
    ]
    for k, tpl in enumerate(t):
        c.add(f"reference_{k:02d}", tpl)


def operators(c: Cases) -> None:
    t = [
        "#set($x = 7/2)$x #set($y = -7/2)$y #set($z = 7%3)$z #set($w = -7%3)$w",
        "#set($d = 7.0/2)$d|#set($q = 1/0)[$q]|#set($r = 7.0/0)[$r]|#set($m = 7 % 0)[$m]|#set($f = 7.5 % 2)$f",
        "#set($x = 2147483647 + 1)$x #set($y = 9223372036854775807 + 1)$y #set($z = 2147483647 * 2147483647)$z",
        '#set($x = "a" + "b")$x #set($y = "a" + 1)$y #set($z = 1 + "a")$z #set($n = "a" + $nope)$n',
        "#set($x = 1.5 * 2)$x #set($y = 0.1 + 0.2)$y #set($z = 1e3)$z #set($w = 10000000.0)$w #set($v = 0.0001)$v",
        "#set($x = 1.0)$x #set($y = -0.0)$y #set($z = 123456789012345678901234567890)$z #set($w = 1.0E10)$w",
        '#if(1 == "1")eq#end #if("b" > "a")gt#else ngt#end #if(true == "true")bt#end #if($nope == $nope2)nn#end #if($nope != 1)ne#end',
        '#if("")t#end #if(0)z#end #if($nope)n#else nn#end #if(!$nope)notn#end #if($nope && true)x#else y#end',
        "#if(\"x\")a#end|#if(1)b#end|#if([1])c#end|#if({})d#end|#set($e='')#if($e)e#end|#set($f=false)#if($f)f#end|#set($g=0)#if($g)g#end",
        '#set($x = !true)$x #set($y = true && false)$y #set($z = 1 < 2)$z #set($w = "a" == "a")$w',
        "#if(1 < 2 and 3 gt 2 or not true)ok#end #if(1 eq 1)e#end #if(2 ge 2 && 1 le 1 && 1 ne 2 && 1 lt 2)all#end",
        "#if($nope < 1)lt#else nlt#end #if('a' < 'b')s#else ns#end #if(1 <= 1.0)le#end #if(2 >= 3)x#else nge#end",
        '#if(1 + 1)a#else b#end #if(1 - 1)c#else d#end #if("a" + "b")e#else f#end',
        "#set($x = (1 + 2) * 3)$x #set($y = 1 + 2 * 3)$y #set($z = 10 - 4 - 3)$z #set($w = 20 / 2 / 5)$w",
        "#set($x = 5 - 2)$x #set($y = $x - 1)$y #set($z = $x * -1)$z",
        "#set($x = 1.5 + 1)$x #set($y = 3 / 2.0)$y #set($z = 2 * 0.5)$z #set($w = 10 % 3.5)$w",
        "#set($a = 100000)#set($b = $a * $a * $a * $a)$b #set($c = -$a)[$c]",
        "#if(1 == 1.0)num#end #if('1' == 1.0)str#else nstr#end #if($nope == '')ne#else nn#end",
        "#set($m1 = {'a': 1})#set($m2 = {'a': 1})#if($m1 == $m2)meq#end #if([1,2] == [1,2])leq#end #if($m1 == '{a=1}')ms#end",
        "#if(true && $nope.foo())x#else y#end #if(false || !false)z#end #if(!($nope))w#end",
        "#set($b = true)#if($b)yes#end #set($b = 'false')#if($b)str#end #if($b == false)eqf#else neqf#end",
        "#set($x = 'abc' + [1, 2])$x #set($y = {'k': 'v'} + '!')$y",
        "#set($i = 0)#foreach($n in [1..10])#set($i = $i + $n)#end$i",
        "#set($x = 9223372036854775807 * 2)$x #set($y = -9223372036854775808 - 1)$y #set($z = 2147483647 - -1)$z",
        "#set($x = 1.0E300 * 1.0E300)$x #set($y = -1.0E300 * 1.0E300)$y",
        "#set($x = 6 / 4)$x #set($y = -6 / 4)$y #set($z = 6 / -4)$z #set($w = 6 % -4)$w",
        "#set($r = 0.1 / 100000000000000000000)$r|#set($q = 0.5 + 100000000000000000000)$q|#set($m = 2.5 * 100000000000000000000)$m|#set($w = 100000000000000000000 / 3.0)$w|#set($v = 100000000000000000000 - 0.1)$v|#set($u = 1.5 / 7)$u|#if(0.1 < 100000000000000000000)lt#end",
        "#set($z = 100000000000000000000 % 3.5)$z",
        "#set($a = $input.path('$.big'))#set($b = $a * 2)$b|#set($c = $a / 7)$c|#set($d = $a + 0.5)$d",
    ]
    for k, tpl in enumerate(t):
        c.add(f"operator_{k:02d}", tpl, json.dumps({"big": 12345678901234567890123, "d": 0.1}))


def null_operand_source(c: Cases) -> None:
    """A null operand of a concatenation prints its source text; Velocity's text runs to the spaces, tabs
    and line breaks after the operand's last token, for every operator, `* / %` included."""
    t = [
        '#set($t = "b" + ($x * 2 ))$t',
        '#set($w = ($x * 2  ) + "d")$w',
        '#set($t = "b" + ($x / 2 ))$t|#set($u = "b" + ($x % 2   ))$u|#set($v = ($x / $y ) + "e")$v',
        '#set($t = "b" + ($x * 2\t))$t|#set($u = ($x * 2\t\t) + "e")$u|#set($v = "b" + ($x * 2 \t ))$v',
        '#set($t = "b" + ($x * 2\n))$t|#set($u = ($x % 2\r\n) + "e")$u',
        '#set($t = "b" + ($x * 2 * 3 ))$t|#set($u = "b" + ($x * $y ))$u|#set($v = "b" + ($x*2 ))$v',
        '#set($t = "b" + ($x * 2 + 1 ))$t|#set($u = "b" + (1 + $x * 2 ))$u|#set($v = "b" + ($x + 2 * 3 ))$v',
        '#set($t = "b" + ($x - 2 ))$t|#set($u = "b" + ($x + 2  ))$u|#set($v = ($x - 2 ) + "e")$v',
        '#set($t = "b" + ($x * (2 + 3) ))$t|#set($u = "b" + ($x * -2 ))$u|#set($v = "b" + ($x * ($y / 2 ) ))$v',
        '#set($t = "b" + ($x * !true ))$t|#set($u = "b" + ($x * $x.y ))$u|#set($v = "b" + ($x.size() % 2 ))$v',
        '#if("b" + ($x * 2 ) == "b$x * 2 ")eq#else ne#end|#set($t = "b" + ($x * 2 ))#if($t.endsWith("2 "))sp#end',
    ]
    for k, tpl in enumerate(t):
        c.add(f"null_operand_{k:02d}", tpl)


def literals(c: Cases) -> None:
    t = [
        '#set($m = {"b":1,"a":2,"c":3,"zz":4,"Aa":5,"BB":6})$m $m.keySet()',
        '#set($l = [1, "a", {"k":"v/w"}, [2,3], true, 1.5])$l',
        '#set($s = "a""b")$s',
        "#set($t = 'c''d')$t",
        '#set($s = "line1\nline2")$s',
        '#set($s = "\\\\\'")$s $s.length()',
        "#set($s = '\\n\\t')$s $s.length()",
        '#set($s = "$nope")[$s] #set($y = "v=$!nope")[$y]',
        "#set($x = [1..3])$x #set($r = [3..-1])$r #set($e = [0..0])$e",
        "#set($a = 2)#set($b = 4)#foreach($i in [$a..$b])$i#end",
        "#set($m = {})$m #set($l = [])$l #set($n = {'a': []})$n",
        "#set($m = {1: 'one', 'true': 'yes', 'k': $nope})$m",
        "#set($x = 'single $x ${y}')$x",
        '#set($x = "interp #foreach($i in [1,2])$i#end")$x',
        '#set($x = "nested \'single\' and ""double""")$x',
        "#set($x = -5)$x #set($y = -0)$y #set($z = 00012)$z #set($w = 1.50)$w",
        "#set($x = true)$x #set($y = false)$y",
        "#set($l = [ 1 , 2 ])$l #set($m = { 'a' : 1 , 'b' : 2 })$m",
    ]
    for k, tpl in enumerate(t):
        c.add(f"literal_{k:02d}", tpl)


def string_methods(c: Cases) -> None:
    calls = [
        "$s.length()",
        "$s.toUpperCase()",
        "$s.toLowerCase()",
        "[$s.trim()]",
        '$s.contains("a")',
        '$s.startsWith("a")',
        '$s.endsWith("e")',
        '$s.indexOf("b")',
        '$s.lastIndexOf("b")',
        "$s.isEmpty()",
        '$s.equals("abcde")',
        '$s.equalsIgnoreCase("ABCDE")',
        '$s.replace("b", "$")',
        '$s.replaceAll("[aeiou]", "_")',
        '$s.replaceAll("(b)(c)", "$2$1")',
        '$s.replaceAll("b", "\\\\$")',
        '$s.replaceFirst("[a-z]", "X")',
        '$s.matches("[a-z]+")',
        '#foreach($p in $s.split("c"))[$p]#end',
        '$s.split("").size()',
        "$s.substring(1)",
        "$s.substring(1, 3)",
        "$s.charAt(0)",
        '$s.concat("!")',
        "$s.hashCode()",
        '$s.compareTo("abd")',
        "$s.toString()",
        "$s.empty",
        "$s.length",
        "$s.nosuchmethod()",
        '$s.substring("1")',
        "$s.indexOf(98)",
        "$s.repeat(2)",
        "$s.strip()",
        "$s.isBlank()",
    ]
    subjects = ["abcde", "  Mixed Case b  ", "ÄÖÜ straße 😀b", "a,b,,c,,"]
    for k, call in enumerate(calls):
        for j, subject in enumerate(subjects):
            c.add(f"string_{k:02d}_{j}", f"#set($s = $input.path('$.s')){call}", json.dumps({"s": subject}))
    t = [
        "#set($s='a,b,,c,,')#foreach($p in $s.split(','))[$p]#end $s.split(',').size() $s.split(',', -1).size() $s.split(',', 2)[1]",
        "#set($s='a1b22c333')#foreach($p in $s.split('\\d+'))[$p]#end",
        "#set($s = 'x.y.z')$s.replaceAll('.', '-') $s.replaceAll('\\.', '-') $s.replace('.', '-')",
        '#set($s = "it\'s")$s.replaceAll("\'", "\\\\\'") $s.replaceAll("\\\\\'", "x")',
        "#set($s = 'Hello World')$s.replaceAll('(?i)hello', 'Bye') $s.replaceAll('o', '$0$0') $s.replaceAll('(?<w>W)', '${w}w')",
        "#set($s = 'aaa')$s.replaceAll('a*', 'X') $s.replaceAll('', '-') $s.replaceAll('^', '>') $s.replaceAll('$', '<')",
        "#set($s = 'tab\there')$s.replaceAll('\\s', '_') $s.replaceAll('\\t', '\\\\t') $s.matches('.*\\s.*')",
        "#set($s = 'abc')$s.replaceAll('b', '\\\\\\\\')",
        "#set($s = 'a b')$s.replaceAll('\\Q \\E', '+') $s.replaceAll('\\p{Alpha}', 'L')",
        "#set($s = 'abc')$s.substring(5)",
        "#set($s = 'abc')$s.charAt(9)",
        "#set($s = 'abc')$s.replaceAll('(', 'x')",
        "#set($s = 'abc')$s.replaceAll('b', '$2')",
        "#set($s = 'abc')$s.replaceAll('b', 'x\\\\')",
        "#set($s = 'abc')$s.replaceAll('z', '$9') $s.contains($nope2)",
        "#set($s = 'abc')$s.contains($nope)",
        "#set($s = '😀a😀')$s.length() $s.indexOf('a') $s.substring(2) $s.charAt(2) $s.lastIndexOf('😀')",
        "#set($s = 'line1\nline2')$s.replaceAll('.', '*') $s.split('\\n').size() $s.replaceAll('(?s).', '*')",
    ]
    for k, tpl in enumerate(t):
        c.add(f"string_extra_{k:02d}", tpl)


def collections(c: Cases) -> None:
    t = [
        "#set($m={})#set($m.a = 1)$m #set($m['b'] = 2)$m $m.put('c', 3) $m.size() $m.containsKey('a') $m.get('b') $m.entrySet() $m.values()",
        "#set($m = {})$m.put('a',1)#foreach($e in $m.entrySet())$e.key=$e.value $e.getKey()#end",
        "#set($m = {'x': 1, 'y': 2})#foreach($k in $m.keySet())$k=$m.get($k);#end $m.remove('x') $m $m.isEmpty() $m.containsValue(2)",
        "#set($l=[])$l.add(1)$l $l.add(0,2)$l $l.remove(0) $l $l.indexOf(1) $l.contains(1)",
        "#set($l = [1,2,3])$l.get(5)",
        "#set($l = [1,2,3])$l[7]",
        "#set($l = [1,2,3])$l.subList(1, 3) $l.set(0, 'a') $l",
        "#set($m = {'a': {'b': 'c'}})$m.a.b $m.get('a').get('b') $m.a.get('b').length()",
        "#set($m = $input.path('$'))$m.a.b.c $m.a.list.size() $m.a.list[1].id $m.keySet() $m.a.list.get(0)",
        "#set($m = $input.path('$'))#foreach($k in $m.keySet())$k,#end",
        "#set($m = $input.path('$'))#foreach($v in $m.a.list)$v.id#if($foreach.hasNext)-#end#end",
        "#set($m = $input.path('$'))$m.put('new', 'v/w')$m.new $input.path('$.new')|#set($m.a.b.c = 'changed')$m.a.b.c $input.path('$.a.b.c')",
        "#set($l = $input.path('$.a.list'))$l.add({'id': 9})$l $l.size()",
        "#set($m = $input.path('$'))$m.empty $m.none $m.arr $m.arr.size() $m.t $m.f",
        "#set($l = [1, [2, [3, {'a': 'b/c'}]]])$l $l[1][1][1].a",
        "#set($m = {'l': [1, 'x/y', {'k': 'v'}], 'n': $nope, 's': 'q\"r'})$m",
        "#set($m = $input.path('$'))$m",
    ]
    body = json.dumps(BODIES["nested"])
    for k, tpl in enumerate(t):
        c.add(f"collection_{k:02d}", tpl, body)


def input_paths(c: Cases) -> None:
    for name, doc in BODIES.items():
        body = json.dumps(doc, ensure_ascii=False)
        for k, p in enumerate(PATHS):
            c.add(
                f"path_{name}_{k:02d}",
                f"[$input.path('{p}')]|[$input.json('{p}')]",
                body,
            )
    raw_bodies = {
        "empty": "",
        "spaces": "   ",
        "not_json": "not json",
        "permissive": "{'a': 1, b: NaN, c: [1,2,], }",
        "trailing": '{"a": 1} x',
        "null": "null",
        "truncated": '{"a": [1, 2',
        "control_chars": '{"s": "a\nb\tc\x01d"}',
        "control_with_escape": '{"s": "a\nb\x7fc\\"d"}',
        "odd_escape": '{"s": "a\\qb\\x41"}',
        "leading_zero": '{"a": 01, "b": 1., "c": .5, "d": +1}',
        "infinity": '{"a": Infinity, "b": -Infinity}',
        "dup_keys": '{"a": 1, "b": 2, "a": 3}',
        "deep": "{" + '"a":{' * 150 + '"leaf": "x"' + "}" * 151,
        "deep_list": "[" * 120 + "1" + "]" * 120,
        "bom": '\ufeff{"a": 1}',
        "big": json.dumps({"items": [{"id": i, "name": f"n{i}"} for i in range(300)]}),
    }
    for name, body in raw_bodies.items():
        c.add(
            f"body_{name}",
            "[$input.body]|[$input.path('$')]|[$input.json('$')]|[$input.path('$.a')]|[$input.json('$.a')]",
            body,
        )
    for depth in (399, 400, 401, 5000):
        c.add(
            f"body_depth_{depth}",
            "$input.json('$').length()|$input.path('$').size()|[$util.parseJson('[]')]",
            "[" * depth + "]" * depth,
        )
        c.add(f"body_depth_map_{depth}", "[$input.path('$')]", '{"a":' * depth + "1" + "}" * depth)
    c.add("body_deep_path", "$input.path('$" + ".a" * 150 + ".leaf')", raw_bodies["deep"])
    c.add("body_big_foreach", "#foreach($i in $input.path('$.items'))$i.id,#end", raw_bodies["big"])
    c.add("body_invalid_path", "$input.json('$[')", "{}")
    c.add("body_invalid_path_empty_body", "$input.json('$[') $input.path('$..')", "")
    c.add("body_path_trailing_dot", "$input.path('$.a.')", '{"a": 1}')
    c.add("body_path_null_arg", "[$input.path($nope)][$input.json($nope)][$input.params($nope)]", '{"a": 1}')
    c.add("body_path_number_arg", "[$input.path(1)][$input.json(2)]", '{"a": 1}')


def numbers(c: Cases) -> None:
    for k, text in enumerate(NUMBER_TEXTS):
        body = '{"n": ' + text + ', "l": [' + text + "]}"
        c.add(
            f"number_{k:02d}",
            "$input.path('$.n')|$input.json('$.n')|$input.path('$.l')|$input.json('$')|"
            "#set($n = $input.path('$.n'))#set($p = $n + 1)$p|#set($q = $n * 2)$q|#set($r = $n / 3)$r|"
            "#if($n > 0)pos#elseif($n == 0)zero#else neg#end",
            body,
        )
    rng = random.Random(20261125)
    for k in range(40):
        value = rng.choice([rng.uniform(-1e6, 1e6), rng.random() * 10 ** rng.randint(-30, 30), rng.random()])
        text = repr(value)
        c.add(f"number_random_{k:02d}", "$input.path('$.n') $input.json('$.n')", '{"n": ' + text + "}")
    c.add(
        "number_literals",
        "#set($a = 0.1)$a #set($b = 1.0E-5)$b #set($c = 123456789.0)$c #set($d = 1e7)$d #set($e = 9007199254740993)$e",
    )


def params_and_context(c: Cases) -> None:
    params = {
        "path": {"name": "alice", "id": "p1"},
        "querystring": {"q": "search term", "id": "q1", "limit": "10"},
        "header": {"Accept": "application/json", "X-Custom": 'it\'s "quoted"'},
    }
    t = [
        "$input.params('name')|$input.params('id')|$input.params('q')|$input.params('Accept')|[$input.params('missing')]|[$input.params('accept')]",
        "#set($all = $input.params())$all|#foreach($t in $all.keySet())$t=$all.get($t);#end",
        "$input.params().path.name $input.params().querystring $input.params().header.get('X-Custom')",
        "#foreach($k in $input.params().querystring.keySet())$k=$util.urlEncode($input.params().querystring.get($k))&#end",
        "$util.escapeJavaScript($input.params('X-Custom')).replaceAll(\"\\\\'\",\"'\")",
        "#set($limit = $input.params('limit'))#if($limit != '')$limit#else 25#end #set($n = 0 + $limit)[$n]",
    ]
    for k, tpl in enumerate(t):
        c.add(
            f"params_{k:02d}",
            tpl,
            path=params["path"],
            querystring=params["querystring"],
            header=params["header"],
        )
    c.add("params_none", "[$input.params('name')]|$input.params()")
    context = {
        "requestId": "req-123",
        "httpMethod": "PUT",
        "resourcePath": "/movies/{name}",
        "stage": "dev",
        "identity": {"sourceIp": "203.0.113.9", "userAgent": "curl/8"},
        "authorizer": {
            "principalId": "user-1",
            "claims": {"sub": "abc", "email": "a@example.com", "cognito:groups": "admins"},
        },
        "error": {
            "message": "Invalid request body",
            "validationErrorString": '[instance value ("x") not found in enum]',
        },
    }
    ctx_templates = [
        "$context.requestId $context.httpMethod $context.resourcePath $context.stage $context.identity.sourceIp $context.identity.userAgent",
        "$context.authorizer.principalId $context.authorizer.claims.sub $context.authorizer.claims.email $context.authorizer.claims['cognito:groups']",
        '{"message": "$util.escapeJavaScript($context.error.validationErrorString).replaceAll("\\\\\'","\'")"}',
        "[$context.identity.caller][$context.nope][$context.authorizer.claims.missing]",
        '#set($context.responseOverride.status = 201)#set($context.responseOverride.header.Location = "/items/1")'
        '#set($context.responseOverride.header["X-Req"] = $context.requestId)$context.responseOverride.header.put("X-Put", "v")|status=$context.responseOverride.status',
        "#set($context.responseOverride.status = 404)#set($context.responseOverride.status = 410)$context.responseOverride",
        '#set($context.responseOverride.status = "418")$context.responseOverride.status',
        "#set($context.requestOverride.header.X-Extra = 'e')#set($context.requestOverride.querystring.q = 'x')#set($context.requestOverride.path.name = 'n')$context.requestOverride",
        "#set($context.responseOverride.header.Cache-Control = 'no-store')$context.responseOverride.header",
        "#set($context.responseOverride.status = $nope)[$context.responseOverride.status]",
        "#set($context.responseOverride.status = 2.5e2)$context.responseOverride.status",
        "$context.keySet()",
        "$stageVariables.env|$stageVariables.table|[$stageVariables.nope]|$stageVariables",
    ]
    for k, tpl in enumerate(ctx_templates):
        c.add(f"context_{k:02d}", tpl, context=context, stage={"env": "dev", "table": "favorite_movies"})
    c.add("context_empty", "[$context]|[$context.responseOverride]|[$context.requestOverride]")
    c.add(
        "context_existing_override",
        "$context.responseOverride",
        context={"responseOverride": {"status": 202, "header": {"A": "b"}}},
    )


def util_functions(c: Cases) -> None:
    t = [
        '$util.urlEncode("a b~*._-!\'()é😀/?&=+")|$util.urlDecode("a+b%26c%3D%C3%A9%2B")|$util.base64Encode("héllo")|$util.base64Decode("aMOpbGxv")',
        "$util.urlDecode('a%C3') $util.urlDecode('%e2%82%ac+x') $util.urlDecode('%2b%2B')",
        "$util.base64Decode('aGVsbG8') $util.base64Decode('aGVs-_bG8=') $util.base64Decode('a$G$V$s') [$util.base64Encode('')] $util.base64Decode('/w==')",
        "$util.base64Decode('aGVsbG8=') $util.base64Decode('aGVsbA') $util.base64Decode('aGVsbA==')",
        "$util.parseJson('[1,{\"a\":\"b/c\"}]') $util.parseJson('\"s\"') $util.parseJson('12') $util.parseJson('1.0') [$util.parseJson('null')] [$util.parseJson('')]",
        "#set($o = $util.parseJson($input.path('$.payload')))x=$o.x|o=$o|list=$o.list|first=$o.list[0]|size=$o.list.size()|m=$o.m.k",
        "$util.escapeJavaScript($input.path('$'))|$util.escapeJavaScript(123)|[$util.escapeJavaScript($nope)]|$util.escapeJavaScript(true)",
        "[$util.urlEncode($nope)][$util.base64Encode($nope)][$util.parseJson($nope)][$util.urlEncode(5)]",
        "$util.nosuch('x') [$util.escapeJavaScript()] [$util.escapeJavaScript('a', 'b')]",
    ]
    body = json.dumps({"payload": json.dumps({"x": 1, "list": [1, 2], "m": {"k": "v"}})})
    for k, tpl in enumerate(t):
        c.add(f"util_{k:02d}", tpl, body)
    c.add("util_error_urldecode_hex", "$util.urlDecode('%zz')")
    c.add("util_error_urldecode_trailing", "$util.urlDecode('abc%')")
    c.add("util_error_base64", "$util.base64Decode('a')")
    c.add("util_error_parsejson", "$util.parseJson('{bad')")


def hostile(c: Cases) -> None:
    for k, s in enumerate(HOSTILE):
        body = json.dumps({"v": s, "favorite_movie": s})
        c.add(f"hostile_{k:02d}_idiom", '{"S": "' + ESCAPE_IDIOM + '"}', body)
        c.add(f"hostile_{k:02d}_put_item", PUT_ITEM, body, path={"name": s})
        c.add(
            f"hostile_{k:02d}_raw",
            "[$input.path('$.v')]|[$input.json('$.v')]|[$input.params('name')]",
            body,
            path={"name": s},
        )
        c.add(f"hostile_{k:02d}_escape", "$util.escapeJavaScript($input.path('$.v'))", body)
        c.add(
            f"hostile_{k:02d}_util",
            "$util.urlEncode($input.path('$.v'))|$util.base64Encode($input.path('$.v'))|"
            "$util.urlDecode($util.urlEncode($input.path('$.v')))|$util.base64Decode($util.base64Encode($input.path('$.v')))",
            body,
        )
        c.add(
            f"hostile_{k:02d}_methods",
            "#set($s = $input.path('$.v'))$s.length()|$s.toUpperCase()|[$s.trim()]|$s.replace('\\', '/')|"
            "$s.replaceAll('[\\\\\"'']', '_')|$s.contains('$')|$s.indexOf('#')",
            body,
        )
        c.add(
            f"hostile_{k:02d}_in_map",
            "#set($m = {'k': $input.path('$.v')})$m|#set($l = [$input.path('$.v')])$l|#set($j = $input.path('$.l'))$j",
            json.dumps({"v": s, "l": [s, {"k": s}]}),
        )
        c.add(
            f"hostile_{k:02d}_context",
            "$context.requestId|$stageVariables.env|$context.authorizer.claims.name",
            context={"requestId": s, "authorizer": {"claims": {"name": s}}},
            stage={"env": s},
        )


def realistic(c: Cases) -> None:
    movie = {"favorite_movie": 'The "Best" Director\'s Cut \\ part 1/2\nAmélie — 日本 😀 €'}
    c.add("real_put_item", PUT_ITEM, json.dumps(movie), path={"name": "bob's"})
    c.add("real_put_item_empty_body", PUT_ITEM, "", path={"name": "bob"})
    found = {"Item": {"name": {"S": "bob"}, "favorite_movie": {"S": 'It\'s "Heat" /1995\n'}}}
    c.add("real_get_found", GET_RESPONSE, json.dumps(found))
    c.add("real_get_not_found", GET_RESPONSE, "{}")
    items = {
        "Items": [{"name": {"S": "a'b"}, "n": {"N": "1"}}, {"name": {"S": 'c"d'}, "n": {"N": "2.50"}}],
        "Count": 2,
        "LastEvaluatedKey": {"name": {"S": 'c"d'}},
    }
    c.add("real_query", QUERY_RESPONSE, json.dumps(items))
    c.add("real_query_last_page", QUERY_RESPONSE, json.dumps({"Items": [], "Count": 0}))
    for k, error in enumerate(
        [
            {
                "__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                "message": "The conditional request failed",
            },
            {
                "__type": "com.amazon.coral.validate#ValidationException",
                "message": "One or more parameter values weren't valid",
            },
            {"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": "x"},
        ]
    ):
        c.add(f"real_error_{k}", ERROR_RESPONSE, json.dumps(error))
    update = """#set($body = $input.path('$'))
{
  "TableName": "favorite_movies",
  "Key": {"name": {"S": "$util.escapeJavaScript($input.params('name')).replaceAll("\\\\'","'")"}},
  "UpdateExpression": "SET #f = :f",
  "ExpressionAttributeNames": {"#f": "favorite_movie"},
  "ExpressionAttributeValues": {":f": {"S": "$util.escapeJavaScript($body.favorite_movie).replaceAll("\\\\'","'")"}},
  "ReturnValues": "ALL_NEW"
}"""
    c.add("real_update", update, json.dumps(movie), path={"name": "x"})
    typed = """{
  "Item": {
    "year": {"N": "$input.json('$.year')"},
    "rating": {"N": "$input.path('$.rating')"},
    "tags": {"SS": $input.json('$.tags')},
    "meta": {"S": "$util.escapeJavaScript($input.json('$.meta')).replaceAll("\\\\'","'")"},
    "watched": {"BOOL": $input.json('$.watched')}
  }
}"""
    c.add(
        "real_typed",
        typed,
        json.dumps(
            {"year": 2014, "rating": 8.60, "tags": ["a/b", "c'd"], "meta": {"k": "v's"}, "watched": True}
        ),
    )
    unmarshal = """#set($it = $input.path('$.Item'))
{
  "tags": [#foreach($t in $it.tags.SS)"$util.escapeJavaScript($t).replaceAll("\\\\'","'")"#if($foreach.hasNext), #end#end],
  "scores": [#foreach($n in $it.scores.NS)$n#if($foreach.hasNext), #end#end],
  "seen": $it.seen.BOOL,
  "nothing": #if($it.nothing.NULL)null#else"$it.nothing.S"#end,
  "list": [#foreach($e in $it.list.L)#if($e.S != "")"$e.S"#elseif($e.N != "")$e.N#else null#end#if($foreach.hasNext),#end#end],
  "map": {#foreach($k in $it.map.M.keySet())"$k": "$it.map.M.get($k).S"#if($foreach.hasNext),#end#end},
  "count": $it.count.N,
  "missing": "$it.missing.S"
}"""
    item = {
        "Item": {
            "tags": {"SS": ["a'b", 'c"d', "é/f"]},
            "scores": {"NS": ["1", "2.50", "-3e2"]},
            "seen": {"BOOL": True},
            "nothing": {"NULL": True},
            "list": {"L": [{"S": "x"}, {"N": "7"}, {"NULL": True}]},
            "map": {"M": {"k1": {"S": "v1"}, "k 2": {"S": "v/2"}}},
            "count": {"N": "12345678901234567890"},
        }
    }
    c.add("real_unmarshal", unmarshal, json.dumps(item, ensure_ascii=False))
    paging = """#set($limit = $input.params('limit'))
#set($start = $input.params('start'))
{
  "TableName": "favorite_movies",
  "Limit": #if($limit == "")25#else$limit#end#if($start != ""),
  "ExclusiveStartKey": $util.base64Decode($start)#end

}"""
    key = base64.b64encode(json.dumps({"name": {"S": "bob's"}}).encode()).decode()
    c.add("real_paging_first", paging, querystring={})
    c.add("real_paging_next", paging, querystring={"limit": "5", "start": key})
    c.add(
        "real_parse_start_key",
        "#set($k = $util.parseJson($util.base64Decode($input.params('start'))))$k.name.S|$k|$k.keySet()",
        querystring={"start": key},
    )
    c.add(
        "real_gateway_response",
        '{"message": $context.error.messageString}',
        context={"error": {"messageString": '"Missing Authentication Token"'}},
    )


def errors(c: Cases) -> None:
    t = [
        "x #end y",
        "#if(true)unterminated",
        "#if(true)a#else b#else c#end",
        "#foreach($i in [1])x",
        "#set($x = )",
        "#set($x 1)",
        "#set($x = 5-2)$x",
        "#set($x = -$nope)$x",
        "#if(\na\n)x#end",
        "line1\nline2 $a.b( x",
        '#set($s = "x\\"y")$s',
        "#foreach($i [1])x#end",
        "#else",
        "#elseif(true)",
        "$d #set($q = 1)[$q]",
        "$d.a() #set($q = 1)\n[$q]",
        "#set($m = {'a' 1})",
        "#set($l = [1 2])",
        "#macro(m $a)x",
        "#if()x#end",
        "#set($x = 'unterminated)",
        "$a[1",
        "#* never closed",
    ]
    for k, tpl in enumerate(t):
        c.add(f"error_{k:02d}", tpl)


def lexer_quirks(c: Cases) -> None:
    """Velocity 1.7 lexer behaviour around `$`, `#` and backslashes that random templates turned up."""
    t = [
        "#set($x='X')#\\$x|#\\\\$x|$\\$x|$\\\\$x|a\\$x|#a\\$x",
        "#set($x='X')#\\\\\\$x",
        "#set($x='X')$$x $$$x $!$x",
        "#set($x='X')$\t#set($n = 1)'|$ #set($n = 1)'|$#set($n=1)'|$$x",
        "#foreach($i in [1])$#break \n#end after",
        "#foreach($i in [1])$#end x",
        "#set($x='X')$#if(true)y#end",
        "#set($x='X')#if(true)$#else n#end",
        "#set($x='X')#if(false)$#elseif(true)e#end",
        "#set($x='X')$#stop z",
        "#set($x='X')#if(true)$#{end}x",
        "#set($x='X')$##c\nz",
        "#set($x='X')$#*c*#z",
        "#set($x='X')#$x #$!x #${x}",
        "#set($x='X')$ \\$x $.\\$x $1\\$x x$\\$x",
        "a\\\\#set($x=1)b|a\\\\#{set}($x=1)b|a\\\\\\#set($x=1)b|a\\\\#if(true)b#end",
        "a\\\\#stop b",
        "a\\\\#* c *#b a\\\\## c\nb a\\\\#[[x]]#b a\\\\#foo b",
        "a#\\\\\nb|a#\\\\b|a#\\\\ b|a#\\\nb|a#\nb|a# \nb",
        "a#\\\\\n  #set($x=1)b",
        "#set($x='X')$x##c\nq $x#*c*#q",
        "#set($x='X')$x.y##c\nq",
        "#set($x='X')$x()##c\nq ${x}##c\nq $x[0]##c\nq $x.length()##c\nq $x ##c\nq",
        "#set($x='X')$x.y## c\n[1]",
        "#set($x='X')$x#* c *#[1]",
        "#set($x='X')$x.y#* c *#[1]",
        "#set($x='X')$x#stop\n[1]",
        "#set($x='X')$x#if(true)\n[1]#end $x#foreach($i in [1])\n[1]#end",
        "#set($x='X')$x{ $x{} $x{1} $x{'a'} $x}}}",
        "#stop(1)",
        "#stop( )x",
        "#set($m = {'a': 1})#foreach($e in $m.entrySet())#set($m.a = 2)$e $e.value#end",
        "#set($m = {'a': 1})#foreach($e in $m.entrySet())$e.setValue(5)#end$m",
    ]
    for ch in "})],:\"'a{-.(!*=":
        t.append("#set($x='X')$x" + ch + " #set($a=1)|$x.length()" + ch + " #set($a=1)|")
    for k, tpl in enumerate(t):
        c.add(f"quirk_{k:02d}", tpl)


def fuzzed(c: Cases) -> None:
    """Random templates from a small grammar of the constructs above (fixed seed, so deterministic)."""
    rng = random.Random(1725)
    text = [
        "a",
        " ",
        "\n",
        "  ",
        "\t",
        "x y",
        '"',
        ",",
        ":",
        "\r\n",
        "é",
        "😀",
        '"k": ',
        "\n  ",
        " \n",
        '"$x"',
        "[",
        "]",
    ]
    refs = [
        "$x",
        "$!x",
        "${x}",
        "$m.k",
        "$m.k.length()",
        "$l[0]",
        "$l[-1]",
        "$l.size()",
        "$s.toUpperCase()",
        "$nope",
        "$!nope",
        "$nope.x",
        "$input.path('$.a')",
        "$input.json('$.b')",
        "$util.escapeJavaScript($s)",
        "$s",
        "$n",
        "$f",
        "$m",
        "$l",
        "$input.path('$.o')",
        "$input.json('$')",
        "$context.requestId",
        "$stageVariables.v",
        "$m.keySet()",
        "$s.replaceAll('a', 'b')",
        "$s.split(',')[0]",
        "$l.get(0)",
        "$m.get('k')",
        "$b",
        "$e",
        "$input.params('p')",
        "$foreach.index",
        "$foreach.hasNext",
        "$velocityCount",
        "$i",
        "$s.substring(1)",
        "$s.length()",
        "\\$x",
        "\\\\$x",
        "\\$nope",
        "$x.class",
        "$n.toString()",
        "$input.body",
    ]
    exprs = [
        "1",
        "-2",
        "1.5",
        "'str'",
        '"str $x"',
        "[1, 2]",
        "{'k': 'v'}",
        "$x",
        "$n + 1",
        "$n - 1",
        "$n * $n",
        "$n / 2",
        "$n % 3",
        "$f * 2",
        "$s + 'a'",
        "'a' + $n",
        "true",
        "false",
        "$nope",
        "[1..3]",
        "$l",
        "$m",
        "$input.path('$.a')",
        "$input.path('$.l')",
        '""',
        "''",
        "$s.length()",
        "$n == 1",
        "!$b",
        "$b && true",
        "$x == $s",
        "$n > 2",
        "$n <= 2",
        "[]",
        "{}",
        '"#if(true)t#end"',
        '$util.parseJson(\'{"z": [1, {"w": "q/r"}]}\')',
        "0.1 + 0.2",
        "1e3",
        "$n / 0",
        "2147483647 + 1",
        '"${x}-$n"',
        "'$x'",
        '"a""b"',
        "'c''d'",
    ]
    conds = [
        "true",
        "false",
        "$x",
        "$nope",
        "!$nope",
        "$n == 1",
        "$n != 1",
        "$n > 0",
        "$s == 'abc'",
        '$s == "abc"',
        "$b",
        "$e",
        "$e == ''",
        "$l.size() > 1",
        "$m.k",
        "$x && $nope",
        "$x || $nope",
        "$input.path('$.missing') == ''",
        "$input.path('$.a')",
        "$n >= 1 and $n lt 5",
        "not $b",
        "($n + 1) == 2",
        "$f > 1",
        "'1' == 1",
        "$l.isEmpty()",
        "$s.contains('b')",
    ]
    lists = [
        "[1, 2, 3]",
        "$l",
        "$m",
        "[]",
        "$input.path('$.l')",
        "[1..3]",
        "$m.keySet()",
        "$m.entrySet()",
        "$nope",
        "$s.split('b')",
        "{'a': 1, 'b': 2}",
        "[3..1]",
    ]
    targets = ["$x", "$y", "$m.k", "$m.z", "$l[0]", "$s", "$n"]
    spaces = ["", "", "", " ", "\n", "  \n", "\t", "\n  ", " \n "]
    others = ["## c\n", "#* c *#", "#[[$x]]#", "#stop", "$x#set($z = 1)", "#{set}($y = 2)"]

    def ws() -> str:
        return rng.choice(spaces)

    def block(depth: int) -> str:
        parts = []
        for _ in range(rng.randint(1, 6)):
            k = rng.random()
            if k < 0.3:
                parts.append(rng.choice(text))
            elif k < 0.55:
                parts.append(rng.choice(refs))
            elif k < 0.7:
                parts.append(
                    f"{ws()}#set({rng.choice(targets)}{rng.choice([' = ', '='])}{rng.choice(exprs)}){ws()}"
                )
            elif k < 0.82 and depth < 3:
                middle = ""
                if rng.random() < 0.5:
                    closer = rng.choice(["#else", "#{else}", f"#elseif({rng.choice(conds)})"])
                    middle = ws() + closer + ws() + block(depth + 1)
                parts.append(
                    f"{ws()}#if({rng.choice(conds)}){ws()}{block(depth + 1)}{middle}{ws()}#end{ws()}"
                )
            elif k < 0.92 and depth < 3:
                tail = rng.choice(["", "#if($foreach.hasNext),#end", "#break"])
                parts.append(
                    f"{ws()}#foreach($i in {rng.choice(lists)}){ws()}{block(depth + 1)}{tail}{ws()}#end{ws()}"
                )
            else:
                parts.append(rng.choice(others))
        return "".join(parts)

    prelude = (
        "#set($x = 'X')#set($s = 'abc,b')#set($n = 1)#set($f = 1.5)#set($m = {'k': 'val'})"
        "#set($l = [1, 'two'])#set($b = true)#set($e = '')"
    )
    bodies = [
        '{"a": "v/w", "b": [1, 2.5, "x"], "l": [1, "two", {"t": 3}], "o": {"k": "v"}}',
        "",
        '{"a": 1.0e3}',
        "[1]",
        "not json",
    ]
    for k in range(400):
        c.add(
            f"fuzz_{k:03d}",
            prelude + block(0),
            rng.choice(bodies),
            path={"p": "pv"},
            context={"requestId": "rid"},
            stage={"v": "sv"},
        )


def fuzzed_semantics(c: Cases) -> None:
    """Random method calls, operators, conditions and loops over literal values of every Java type."""
    rng = random.Random(2611)
    strings = [
        "abc",
        "",
        " a b ",
        "A,B,,C",
        "ÄÖü",
        "😀x😀",
        "a.b.c",
        "x\ty\nz",
        "It's",
        "\\q",
        "$x",
        "123",
        "-4.5",
        "aaa",
        "Hello World",
        "tRuE",
        "null",
    ]
    numbers = [
        "0",
        "1",
        "-1",
        "2147483647",
        "-2147483648",
        "9223372036854775807",
        "3.5",
        "-0.5",
        "1e3",
        "100000000000000000000",
        "0.1",
        "7",
        "-7",
        "2",
        "3",
    ]
    methods = [
        ("length", 0),
        ("toUpperCase", 0),
        ("toLowerCase", 0),
        ("trim", 0),
        ("isEmpty", 0),
        ("contains", 1),
        ("startsWith", 1),
        ("endsWith", 1),
        ("indexOf", 1),
        ("lastIndexOf", 1),
        ("indexOf", 2),
        ("substring", 1),
        ("substring", 2),
        ("charAt", 1),
        ("replace", 2),
        ("replaceAll", 2),
        ("replaceFirst", 2),
        ("equals", 1),
        ("equalsIgnoreCase", 1),
        ("concat", 1),
        ("matches", 1),
        ("compareTo", 1),
        ("hashCode", 0),
        ("toString", 0),
        ("size", 0),
        ("get", 1),
        ("keySet", 0),
        ("containsKey", 1),
        ("intValue", 0),
        ("doubleValue", 0),
        ("longValue", 0),
    ]
    arguments = [
        "','",
        "'[a-c]'",
        "'(.)'",
        "'$1'",
        "'\\\\s+'",
        "'.'",
        "''",
        "$nope",
        "'b'",
        "'A'",
        "0",
        "1",
        "2",
        "-1",
        "5",
        "3",
    ]
    operators = ["+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">="]

    def quoted() -> str:
        return "'" + rng.choice(strings).replace("'", "''") + "'"

    def value() -> str:
        return rng.choice(
            [quoted(), rng.choice(numbers), "true", "false", "$nope", "[1, 'a']", "{'k': 1}", "$s", "$n"]
        )

    def argument() -> str:
        return rng.choice([quoted(), rng.choice(arguments)])

    for k in range(300):
        parts = []
        for _ in range(5):
            roll = rng.random()
            if roll < 0.5:
                name, count = rng.choice(methods)
                parts.append(
                    f"#set($r = {value()})[$r.{name}({', '.join(argument() for _ in range(count))})]"
                )
            elif roll < 0.6:
                parts.append(f"#set($r = {value()})[$r.split({argument()}).size()]")
            elif roll < 0.85:
                op = rng.choice(operators)
                if op in ("==", "!=", "<", ">", "<=", ">="):
                    parts.append(f"#if({value()} {op} {value()})T#else F#end")
                else:
                    parts.append(f"#set($r = 'unset')#set($r = {value()} {op} {value()})[$r]")
            else:
                parts.append(
                    f"#set($r = {value()})#if($r)T#else F#end|#foreach($i in {value()})$i,#end|"
                    f"$util.escapeJavaScript({value()})|$util.urlEncode({value()})"
                )
        c.add(f"semantic_{k:03d}", f"#set($s = {quoted()})#set($n = {rng.choice(numbers)})" + " ".join(parts))


def main() -> None:
    c = Cases()
    for section in (
        directives,
        references,
        operators,
        null_operand_source,
        literals,
        string_methods,
        collections,
        input_paths,
        numbers,
        params_and_context,
        util_functions,
        hostile,
        realistic,
        errors,
        lexer_quirks,
        fuzzed,
        fuzzed_semantics,
    ):
        section(c)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as f:
        for case in c.items:
            f.write(json.dumps(case, ensure_ascii=True) + "\n")
    print(f"wrote {len(c.items)} cases to {OUT}")


if __name__ == "__main__":
    main()

"""Compiling to closures: what a template may change it reads as a copy, and threads share a template.

The outputs expected here are what vtl-oracle (Velocity 1.7 with Jayway) renders for the same input.
"""

from __future__ import annotations

import json
import sys
import threading

import pytest

from spec_compiler.vtl import Template

# Every construct that can change a map or list, each inside a body that may never run.
MUTATING = [
    "#if(true)#set($old = $m.put('k', 1))#end",
    "#foreach($i in [1])#set($ok = $list.add($i))#end",
    "#if(true)$m.remove('k')$m.clear()$m.putAll({})$m.putIfAbsent('k', 1)$e.setValue(1)#end",
    "#if(true)#set($m.k = 1)#end",
    "#if(true)#{set}( $!{m.k} = 1)#end",
    "#if(true)#set($list[0] = 1)#end",
    "#if(true)#set($context = {})#end",
    "#if(true)#set($context.responseOverride = {})#end",
    "#if(true)#set($context.responseOverride.header.X.y = 1)#end",
    '#if(true)#set($s = "#set($m.k = 1)")#end',
    "#if(true)#evaluate('#set($m.k = 1)')#end",
    "#macro(touch $m)#set($m.k = 1)#end#if(true)#touch($m)#end",
]

# What generated templates do, none of which can change what the template read.
HARMLESS = [
    "#set($context.responseOverride.status = 404)",
    '#{set}($context.responseOverride.header.Location = "/things/$id")',
    "#set($context.requestOverride.querystring.q = 'x')",
    "#set( $!body = $input.path('$'))#if($body.get('a'))$body.get('a').size()#end",
    "$input.json('$.address.street')$input.json('$.settings')$x.setting",
    "#set($contextual = 1)#set($a-b = 2)",
]


@pytest.mark.parametrize("source", MUTATING)
def test_a_template_that_may_change_what_it_reads_reads_copies(source: str) -> None:
    assert Template(source)._copies is True


@pytest.mark.parametrize("source", HARMLESS)
def test_generated_shapes_read_without_copying(source: str) -> None:
    assert Template(source)._copies is False


def test_a_change_made_in_a_branch_is_still_not_read_back() -> None:
    """The read before the branch is already a copy (Velocity with Jayway renders "original": vtl-oracle)."""
    template = Template(
        "#set($m = $input.path('$.m'))#if($m)#set($old = $m.put('k', 'changed'))#end$input.path('$.m.k')"
    )
    assert template.render(body='{"m": {"k": "original"}}').output == "original"


def _render_at_once(template: Template, body: str, threads: int) -> list[str]:
    """Render from `threads` threads released together, so their renders overlap."""
    start = threading.Barrier(threads)
    outputs: list[str] = []

    def render() -> None:
        start.wait()
        outputs.append(template.render(body=body).output)

    workers = [threading.Thread(target=render) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outputs


def test_threads_rendering_a_new_template_at_once_all_get_the_right_output() -> None:
    """One compiled template rendered by many threads at once: each gets the right output."""
    source = (
        "#foreach($item in $input.path('$.items'))#if($foreach.index % 3 == 0)a$item"
        "#elseif($foreach.index % 3 == 1)#foreach($c in [1..2])b$c#end#else#if($item > 4)c#{else}d#end"
        "#end#if($foreach.hasNext),#end#end"
    )
    body = json.dumps({"items": list(range(12))})
    expected = "a0,b1b2,d,a3,b1b2,c,a6,b1b2,c,a9,b1b2,c"  # what vtl-oracle (Velocity 1.7) renders
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for _ in range(5):
            assert _render_at_once(Template(source), body, threads=8) == [expected] * 8
    finally:
        sys.setswitchinterval(interval)

#!/usr/bin/env python3
"""Times the VTL runtime on the favorite-movie templates: µs per compile and per render.

Goals on the project's 2-core machine: at most 1 ms per compile and 20 µs per render of a compiled
template. Run by hand: `python3 benchmarks/vtl_bench.py`.
"""

from __future__ import annotations

import json
import time

from spec_compiler.vtl import Template

SAFE = '.replaceAll("\\\\\'","\'")'
PUT_ITEM = (
    "{\n"
    '  "TableName": "favorite_movies",\n'
    '  "Item": {\n'
    f'    "name": {{"S": "$util.escapeJavaScript($input.params(\'name\')){SAFE}"}},\n'
    f'    "favorite_movie": {{"S": "$util.escapeJavaScript($input.path(\'$.favorite_movie\')){SAFE}"}}\n'
    "  }\n"
    "}"
)
GET_ITEM_RESPONSE = f"""#set($item = $input.path('$.Item'))
#if($item == "")
#set($context.responseOverride.status = 404)
{{"message": "No favorite movie for this name"}}
#else
{{
  "name": "$util.escapeJavaScript($item.name.S){SAFE}",
  "favorite_movie": "$util.escapeJavaScript($item.favorite_movie.S){SAFE}"
}}
#end"""

PUT_BODY = json.dumps({"favorite_movie": 'Amélie\'s "fabuleux" destin — 2001'})
GET_BODY = json.dumps(
    {"Item": {"name": {"S": "alice"}, "favorite_movie": {"S": 'Amélie\'s "fabuleux" destin — 2001'}}}
)


def per_call(fn, seconds: float = 1.0) -> float:
    """Microseconds per call, the best of five timed batches."""
    batch = 1
    while True:
        start = time.perf_counter()
        for _ in range(batch):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed > seconds / 10:
            break
        batch *= 2
    best = elapsed / batch
    for _ in range(4):
        start = time.perf_counter()
        for _ in range(batch):
            fn()
        best = min(best, (time.perf_counter() - start) / batch)
    return best * 1e6


def main() -> None:
    put = Template(PUT_ITEM)
    get = Template(GET_ITEM_RESPONSE)
    json.loads(put.render(body=PUT_BODY, path={"name": "o'brien"}).output)
    json.loads(get.render(body=GET_BODY).output)
    rows = [
        ("PutItem request: compile", per_call(lambda: Template(PUT_ITEM))),
        ("PutItem request: render", per_call(lambda: put.render(body=PUT_BODY, path={"name": "o'brien"}))),
        ("GetItem response: compile", per_call(lambda: Template(GET_ITEM_RESPONSE))),
        ("GetItem response: render (found)", per_call(lambda: get.render(body=GET_BODY))),
        ("GetItem response: render (404)", per_call(lambda: get.render(body="{}"))),
    ]
    for label, micros in rows:
        goal = 1000 if "compile" in label else 20
        verdict = "ok" if micros <= goal else "OVER GOAL"
        print(f"{label:36s} {micros:8.1f} µs   (goal ≤ {goal} µs: {verdict})")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times the VTL runtime on the favorite-movie templates: µs per compile and per render.

Goals on the project's 2-core machine: at most 1 ms per compile and 20 µs per render of a compiled
template. Run by hand: `python3 benchmarks/vtl_bench.py`.

It then parses every distinct mapping template of the synthetic 150-entity API of compile_bench.py, as
`spec-compiler validate` does (MB of VTL per second), and compiles them (parsed beforehand), with the
collector paused as validate runs them.
"""

from __future__ import annotations

import gc
import json
import tempfile
import time
from pathlib import Path

from spec_compiler.vtl import Template, parser
from spec_compiler.vtl.compiler import Compiler

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


def api_templates(entities: int = 150) -> list[str]:
    """Every distinct mapping template of compile_bench's synthetic API (table names made alike, as
    validate makes them)."""
    from compile_bench import build, synthetic_models  # the whole build: imported only for this part

    from spec_compiler.document import load_document
    from spec_compiler.validate.rendering import canonical_table
    from spec_compiler.validate.template_safety import document_templates

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "models").mkdir()
        synthetic_models(folder / "models", entities)
        (folder / "openapi.yaml").write_text(build(folder), encoding="utf-8")
        document = load_document(folder / "openapi.yaml")
    return list(dict.fromkeys(canonical_table(template) for _, template in document_templates(document)))


def compile_seconds(sources: list[str]) -> float:
    """Seconds to compile every template once (parsing not counted), the best of three rounds."""
    parsed = [parser.parse(source) for source in sources]
    best = float("inf")
    gc.disable()
    try:
        for _ in range(3):
            elapsed = 0.0
            for source, tree in zip(sources, parsed, strict=True):
                start = time.perf_counter()
                Compiler(source, tree).block(tree.nodes)
                elapsed += time.perf_counter() - start
            best = min(best, elapsed)
    finally:
        gc.enable()
    return best


def parse_seconds(sources: list[str]) -> float:
    """Seconds to parse every template once, the collector paused, the best of three rounds."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(3):
            start = time.perf_counter()
            for source in sources:
                parser.parse(source)
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


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
    sources = api_templates()
    seconds = parse_seconds(sources)
    megabytes = sum(len(source) for source in sources) / 1e6
    print(
        f"parse {len(sources)} API templates ({megabytes:.1f} MB): {seconds * 1000:6.1f} ms "
        f"({megabytes / seconds:.1f} MB/s, {seconds / len(sources) * 1e6:.0f} µs each)"
    )
    seconds = compile_seconds(sources)
    each = seconds / len(sources) * 1e6
    print(f"compile {len(sources)} API templates: {seconds * 1000:6.1f} ms ({each:.0f} µs each)")


if __name__ == "__main__":
    main()

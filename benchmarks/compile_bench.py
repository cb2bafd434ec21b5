"""Compile-time benchmark: synthetic APIs of 1, 10, 50 and 150 entities, built and validated.

Run by hand: `python3 benchmarks/compile_bench.py`. For each size it prints the seconds (median of a few
runs in this process, imports already paid) to build (`spec_compiler.compiler.build.build`: import the
models, compile, render the YAML) and to validate the document (`spec_compiler.validate.validate_document`
on the document as `spec-compiler validate` loads it, the YAML parsing not counted), then
`spec-compiler build --check` on the project against `python -c "import pydantic, yaml,
openapi_spec_validator"`, both as fresh processes in the same run.
Goals: 150 entities built and validated in under 1.5 s; build --check under 1.5x the import time.
Build (the model files, then the paths) and validate (the templates) of a large API share their work
among one process per usable CPU (`spec_compiler/processes.py`), so both figures depend on the other cores
being idle: the script prints the load average it started with.
150 entities without a sort key make 300 resources, API Gateway's limit. Each entity has its own
attribute names, as entities of a real API do, so no two templates are alike.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from spec_compiler.compiler.build import build as compiler_build
from spec_compiler.document import load_document
from spec_compiler.project import Settings
from spec_compiler.validate import validate_document

ROOT = Path(__file__).parents[1]
SIZES = (1, 10, 50, 150)
RUNS = 3

ENTITY = '''
import datetime
import decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from spec_compiler.model import Entity, PartitionKey


class Address{n}(BaseModel):
    street: str
    city: str
    zip_code: Annotated[str, Field(pattern=r"^[0-9]{{5}}$")]


class Thing{n}(Entity, table="things_{n}", resource="things-{n}"):
    """Synthetic entity number {n}."""

    id_{n}: Annotated[str, PartitionKey, Field(min_length=1, max_length=64)]
    name_{n}: Annotated[str, Field(description="A name", examples=["x"])]
    count_{n}: Annotated[int, Field(ge=0)]
    price_{n}: decimal.Decimal
    active_{n}: bool = True
    created_{n}: datetime.datetime
    kind_{n}: Literal["a", "b", "c"]
    tags_{n}: set[str] | None = None
    scores_{n}: list[float] = Field(default_factory=list)
    address_{n}: Address{n} | None = None
    extra_{n}: dict[str, str] = Field(default_factory=dict)
'''


def synthetic_models(folder: Path, size: int) -> None:
    for n in range(size):
        (folder / f"thing_{n:03}.py").write_text(ENTITY.format(n=n))


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    """The median of `runs` timings, each started from a heap without the previous run's garbage (a
    build leaves the replaced model classes, whose cycles wait for a collection)."""
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build(folder: Path) -> str:
    """What `spec-compiler build` does, without the write: the document's text."""
    settings = Settings(folder, folder / "models", folder / "openapi.yaml", "Bench", "1.0.0", "Synthetic.")
    return compiler_build(settings).text


def validate(document: dict, text: str) -> list:
    return validate_document(document, size=len(text.encode()))


def process_seconds(command: list[str], runs: int = 5) -> float:
    def run() -> None:
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)

    run()  # warm the file cache
    return median_seconds(run, runs)


def main() -> None:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{cpus} usable CPUs, load average {os.getloadavg()[0]:.2f} over the last minute")
    print("entities  resources  MB   build (s)  validate (s)  total (s)")
    for size in SIZES:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            (folder / "models").mkdir()
            synthetic_models(folder / "models", size)
            text = build(folder)
            (folder / "openapi.yaml").write_text(text, encoding="utf-8")
            document = load_document(folder / "openapi.yaml")  # as `spec-compiler validate` reads it
            build_seconds = median_seconds(lambda folder=folder: build(folder))
            validate_seconds = median_seconds(lambda document=document, text=text: validate(document, text))
            resources = len({part for path in document["paths"] for part in _prefixes(path)})
            print(
                f"{size:8}  {resources:9}  {len(text.encode()) / 1e6:3.1f}  {build_seconds:9.3f}  "
                f"{validate_seconds:12.3f}  {build_seconds + validate_seconds:9.3f}"
            )
            for problem in validate(document, text):
                print(f"          problem: {problem.pointer or '/'}: {problem.message}")
    check = process_seconds([sys.executable, "-m", "spec_compiler", "build", "--check"])
    imports = process_seconds([sys.executable, "-c", "import pydantic, yaml, openapi_spec_validator"])
    print(f"spec-compiler build --check (favorite movies): {check:.3f} s")
    print(f"python -c 'import pydantic, yaml, openapi_spec_validator': {imports:.3f} s")
    print(f"ratio: {check / imports:.2f} (goal < 1.5)")


def _prefixes(path: str) -> list[str]:
    """The API Gateway resources a path needs: /a/{b}/{c} needs /a, /a/{b} and /a/{b}/{c}."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[: index + 1]) for index in range(len(parts))]


if __name__ == "__main__":
    main()

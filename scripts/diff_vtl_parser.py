#!/usr/bin/env python3
"""Differential check of the VTL parser: an older copy of the package against this one, template by template.

Run by hand after changing spec_compiler/vtl/parser.py, with a copy of the package from before the change:

    python3 scripts/diff_vtl_parser.py OLD_ROOT [--templates more.json ...] [--mutations 100000]

OLD_ROOT is a folder holding an older `spec_compiler` package, for example the last commit's, unpacked with
`mkdir /tmp/old && git archive HEAD spec_compiler | tar -x -C /tmp/old`. The templates are the conformance
cases, every template of the documents built from models/ and tests/fixtures/models/every_type, the
templates of any JSON lists given with --templates, and seeded random mutations of all of them
(truncation, deleted, doubled and inserted characters that matter to Velocity's lexer, splices of two
templates, windows of a template), so that the error paths are exercised as much as the happy ones. Each
template's outcome (the tree's repr, or the error's type, message, line and column) must be the same under
both parsers; the script prints the counts and the first differences, and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPECIALS = "$#()'\"\\{}[]!. \n\t,=*-:"


def outcome(source: str) -> str:
    """What parsing `source` gives, as text: the tree's repr or the error (import-time choice of parser)."""
    from spec_compiler.vtl import parser
    from spec_compiler.vtl.errors import VtlError

    try:
        return "ok " + repr(parser.parse(source))
    except VtlError as exc:
        return f"VtlError {exc.message!r} {exc.line}:{exc.column}"
    except Exception as exc:  # a crash must be the same crash under both parsers
        return f"{type(exc).__name__} {exc}"


def digest(source: str) -> str:
    """A short fingerprint of the outcome, ending in "ok" when the template parsed."""
    text = outcome(source)
    return hashlib.sha1(text.encode()).hexdigest()[:16] + text[:2]


def base_templates(extra: list[Path]) -> list[str]:
    from spec_compiler.compiler.openapi import generate_document
    from spec_compiler.model.discovery import load_api
    from spec_compiler.validate import _templates

    found = [json.loads(line)["template"] for line in (ROOT / "tests/vtl/data/cases.jsonl").open()]
    for folder in (ROOT / "models", ROOT / "tests/fixtures/models/every_type"):
        document = generate_document(load_api(folder, title="T", version="1", description="D"))
        found += [template for _, template in _templates(document)]
    for path in extra:
        found += json.loads(path.read_text())
    return list(dict.fromkeys(found))


def mutate(rng: random.Random, source: str, others: list[str]) -> str:
    """One random edit of the kinds that reach the lexer's and the parser's error paths."""
    kind = rng.randrange(6)
    at = rng.randrange(len(source) + 1)
    if kind == 0:
        return source[:at]
    if kind == 1:
        return source[:at] + source[at + 1 :]
    if kind == 2:
        return source[:at] + source[at : at + rng.randrange(1, 4)] + source[at:]
    if kind == 3:
        return source[:at] + rng.choice(SPECIALS) + source[at:]
    if kind == 4:
        other = rng.choice(others)
        return source[:at] + other[rng.randrange(len(other) + 1) :]
    window = rng.randrange(20, 400)
    return source[at : at + window]


def mutations(base: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        source = rng.choice(base)
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            source = mutate(rng, source, base)
        if len(source) > 3000:  # keep the run short: long templates are covered unmutated
            start = rng.randrange(len(source) - 3000)
            source = source[start : start + 3000]
        out.append(source)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("old_root", type=Path, help="folder holding the older spec_compiler package")
    parser.add_argument("--templates", type=Path, nargs="*", default=[], help="JSON lists of more templates")
    parser.add_argument("--mutations", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    base = base_templates(args.templates)
    templates = base + mutations(base, args.mutations, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        inputs, outputs = Path(folder) / "templates.json", Path(folder) / "old.json"
        inputs.write_text(json.dumps(templates))
        environment = {**os.environ, "PYTHONPATH": str(args.old_root.resolve())}
        command = [sys.executable, __file__, "--worker", str(inputs), str(outputs)]
        subprocess.run(command, env=environment, check=True)
        old = json.loads(outputs.read_text())
    new = [digest(template) for template in templates]
    differences = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    errors = sum(1 for digest in new if not digest.endswith("ok"))
    print(f"{len(templates)} templates ({len(base)} unmutated), {errors} rejected, {len(differences)} differ")
    for i in differences[:5]:
        print(f"--- template {i}: {templates[i]!r}\nnew: {outcome(templates[i])[:2000]}")
    return 1 if differences else 0


def worker(inputs: Path, outputs: Path) -> None:
    from spec_compiler.vtl import parser

    print(f"old parser: {parser.__file__}", file=sys.stderr)
    outputs.write_text(json.dumps([digest(template) for template in json.loads(inputs.read_text())]))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(main())

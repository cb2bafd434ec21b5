#!/usr/bin/env python3
"""Records the reference results of tests/vtl/data/cases.jsonl with the VTL oracle.

Runs `vtl-oracle --batch` (Apache Velocity 1.7 + Jayway JsonPath + commons-lang, AWS-observed mode) once
over every case and writes tests/vtl/data/expected.jsonl: one line per case with its id, the output,
the final responseOverride and, for a case the oracle rejects, its error message.

    python3 scripts/record_vtl_cases.py [--oracle PATH]

Needs Java and the oracle (default /work/shared/vtl-oracle/vtl-oracle, or $VTL_ORACLE); the tests that
use the recordings do not.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "vtl" / "data"
DEFAULT_ORACLE = os.environ.get("VTL_ORACLE", "/work/shared/vtl-oracle/vtl-oracle")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", default=DEFAULT_ORACLE, help="path to the vtl-oracle wrapper")
    args = parser.parse_args()
    cases_path = DATA / "cases.jsonl"
    cases = [json.loads(line) for line in cases_path.read_text(encoding="utf-8").splitlines() if line]
    if not Path(args.oracle).exists():
        print(f"error: the oracle {args.oracle} is not installed; pass --oracle PATH", file=sys.stderr)
        return 2
    run = subprocess.run(
        [args.oracle, "--batch", str(cases_path)], capture_output=True, check=False, timeout=600
    )
    if run.returncode != 0:
        print(run.stderr.decode("utf-8", "replace"), file=sys.stderr)
        return run.returncode
    results = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines() if line]
    if len(results) != len(cases):
        print(f"error: {len(cases)} cases but {len(results)} results", file=sys.stderr)
        return 1
    with (DATA / "expected.jsonl").open("w", encoding="utf-8") as out:
        for case, result in zip(cases, results, strict=True):
            if str(result.get("error", "")).startswith("bad input line"):
                print(
                    f"error: the oracle could not read case {case['id']}: {result['error']}", file=sys.stderr
                )
                return 1
            record = {
                "id": case["id"],
                "output": result.get("output"),
                "responseOverride": result.get("responseOverride"),
            }
            if result.get("error"):
                record["error"] = result["error"].split("\n", 1)[0]
            out.write(json.dumps(record, ensure_ascii=True) + "\n")
    errors = sum(1 for r in results if r.get("error"))
    print(f"recorded {len(results)} cases ({errors} render errors) into {DATA / 'expected.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The paths of a large document cut into shares, one per worker process, for the template passes.

Rendering and checking the templates is most of what `validate` costs on a large document, and each
operation's templates are checked on their own, so the paths are cut into contiguous shares of about
equal template text, which `spec_compiler.processes` checks in parallel. The first share's process also
runs the document-wide passes, so its share is smaller by what they cost.
"""

from __future__ import annotations

from typing import Any

from spec_compiler.processes import contiguous_shares, worker_count
from spec_compiler.validate.template_safety import document_templates

# Template text (characters) below which a share is not worth a process: forking a process that holds a
# large document costs a few tens of milliseconds, and checking this much text about 0.1 s.
SHARE_TEXT = 300_000
# What the first share's process does besides its share (the document-wide passes, then unpickling the
# others' problems), as a fraction of what the template passes cost: both grow with the document. Measured
# to balance the two processes on the 150-entity API of benchmarks/compile_bench.py.
DOCUMENT_PASSES = 0.15


def document_shares(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document cut into documents with a contiguous part of its paths each (everything else the
    same), as many as there are worker processes and `SHARE_TEXT`s of template text; `[document]` when
    one."""
    paths = document.get("paths")
    workers = worker_count()
    if not isinstance(paths, dict) or workers == 1:
        return [document]
    text = dict.fromkeys(paths, 0)
    for where, template in document_templates(document):
        text[where[1]] += len(template)
    sizes = list(text.values())
    count = min(workers, sum(sizes) // SHARE_TEXT)
    if count <= 1:
        return [document]
    items = list(paths.items())
    runs = contiguous_shares(sizes, count, ahead=DOCUMENT_PASSES * sum(sizes))
    return [{**document, "paths": dict(items[run.start : run.stop])} for run in runs]

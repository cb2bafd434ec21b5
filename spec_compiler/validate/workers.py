"""The template passes of a large document, shared out among forked worker processes.

Rendering and checking the templates is most of what `validate` costs on a large document, and each
operation's templates are checked on their own. So the document's paths are cut into contiguous shares
of about equal template text, one per CPU the process may use, and each share is checked by its own
process: forked, so it reads the document without a copy being sent. The problems come back pickled and
are put back in path order, so the result is the one a single process gives. One process does it all
where `os.fork` is missing, where only one CPU is usable, while other threads run (a fork copies only
the calling thread, and a lock another thread held would stay locked in the child), or when the
templates are too few for a fork to pay.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from spec_compiler.validate.template_safety import document_templates

Result = TypeVar("Result")

# Template text (characters) below which a share is not worth a process: forking a process that holds a
# large document costs a few tens of milliseconds, and checking this much text about 0.1 s.
SHARE_TEXT = 300_000


def shares(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document cut into documents with a contiguous part of its paths each (everything else the
    same), as many as there are usable CPUs and `SHARE_TEXT`s of template text; `[document]` when one."""
    paths = document.get("paths")
    if not isinstance(paths, dict) or not hasattr(os, "fork") or not _alone():
        return [document]
    text = dict.fromkeys(paths, 0)
    for where, template in document_templates(document):
        text[where[1]] += len(template)
    sizes = list(text.values())
    count = min(_usable_cpus(), sum(sizes) // SHARE_TEXT, len(sizes))
    if count <= 1:
        return [document]
    parts: list[dict[str, Any]] = [{} for _ in range(count)]
    total, done, share = sum(sizes), 0, -1
    for position, ((path, item), size) in enumerate(zip(paths.items(), sizes, strict=True)):
        # the share the path's middle falls in, but never skipping one, nor leaving one empty at the end
        wanted = int((done + size / 2) * count / total)
        share = min(count - 1, max(share, min(wanted, share + 1), count - (len(sizes) - position)))
        parts[share][path] = item
        done += size
    return [{**document, "paths": part} for part in parts]


def in_workers(check: Callable[[dict[str, Any]], Result], parts: list[dict[str, Any]]) -> list[Result]:
    """`check(part)` for every part, in order: the first in this process, each other in a forked child.
    A child that fails leaves its part to this process, which then raises what `check` raises."""
    children = [(*_fork(check, part), part) for part in parts[1:]]
    try:
        results = [check(parts[0])]
        while children:
            pid, pipe, part = children[0]
            with os.fdopen(pipe, "rb") as reader:
                data = reader.read()
            _, status = os.waitpid(pid, 0)
            children.pop(0)
            results.append(pickle.loads(data) if status == 0 else check(part))
        return results
    finally:  # only when this process's own check failed: the children's work is no longer wanted
        for pid, pipe, _ in children:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(pipe)


def _fork(check: Callable[[dict[str, Any]], Any], part: dict[str, Any]) -> tuple[int, int]:
    """A child process writing `check(part)`, pickled, to a pipe: its process id and the pipe's end."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running the parent's exit handlers
        os.close(read)
        status = 1
        try:
            with os.fdopen(write, "wb") as writer:
                pickle.dump(check(part), writer, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _alone() -> bool:
    """Whether this is the process's only thread."""
    return threading.active_count() == 1


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1

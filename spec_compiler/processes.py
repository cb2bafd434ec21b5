"""Work shared out among forked processes, with results as one process would give them.

`build` imports many model files and `validate` checks many templates; each item is independent, so on a
machine with more than one CPU the items are cut into contiguous shares, one per CPU, and each share but
the first runs in a forked child (which sees the parent's memory without a copy being sent) while the
parent runs the first. Results come back pickled, in share order. One process does it all where
`os.fork` is missing, where only one CPU is usable, or while other threads run: a fork copies only the
calling thread, and a lock another thread held would stay locked in the child.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import BinaryIO, Generic, TypeVar

Part = TypeVar("Part")
Result = TypeVar("Result")


def worker_count() -> int:
    """How many processes may share work now: the usable CPUs, or 1 when forking is unsafe or missing."""
    if not hasattr(os, "fork") or not _alone():
        return 1
    return _usable_cpus()


def contiguous_shares(weights: Sequence[float], count: int, *, ahead: float = 0.0) -> list[range]:
    """The positions of `weights` cut into `count` (at most one per item) non-empty runs of about equal
    total weight, counting for the first run `ahead`, the weight of what its process does besides (the
    parent runs it). Each item goes to the run its middle falls in, never skipping a run."""
    count = max(1, min(count, len(weights)))
    total = sum(weights)
    if count == 1 or total <= 0:
        return [range(len(weights))]
    allowance = (total + ahead) / count
    bounds = [(index + 1) * allowance - ahead for index in range(count - 1)]
    starts, done, share = [], 0.0, -1
    for position, weight in enumerate(weights):
        wanted = bisect.bisect(bounds, done + weight / 2)
        placed = min(count - 1, max(share, min(wanted, share + 1), count - (len(weights) - position)))
        if placed > share:
            starts.append(position)
            share = placed
        done += weight
    return [range(start, end) for start, end in zip(starts, [*starts[1:], len(weights)], strict=True)]


def in_workers(work: Callable[[Part], Result], parts: Sequence[Part]) -> list[Result]:
    """`work(part)` for every part, in order: the first in this process, each other in a forked child.
    A part whose child cannot be forked, or fails, is done in this process, which then raises what
    `work` raises. Whatever ends this early (this process's own part failing, Ctrl-C), the children
    still running are killed and reaped."""
    children: list[_Child[Part]] = []
    try:
        children += (_Child.start(work, part) for part in parts[1:])
        results = [work(parts[0])]
        results += (child.result(work) for child in children)
        return results
    finally:
        for child in children:
            child.stop()


class _Child(Generic[Part]):
    """A forked process doing one part, and the pipe its result comes back through; `pid` None when the
    fork failed (no process or pipe to spare), so the part is left to the parent."""

    def __init__(self, part: Part, pid: int | None, reader: BinaryIO | None) -> None:
        self.part, self.pid, self.reader = part, pid, reader

    @classmethod
    def start(cls, work: Callable[[Part], object], part: Part) -> _Child[Part]:
        try:
            pid, read = _fork(work, part)
        except OSError:
            return cls(part, None, None)
        return cls(part, pid, os.fdopen(read, "rb"))

    def result(self, work: Callable[[Part], Result]) -> Result:
        """The child's result, once it has exited; `work(part)` here when there is no child or it failed."""
        if self.pid is None or self.reader is None:
            return work(self.part)
        with self.reader:
            data = self.reader.read()
        pid, self.pid = self.pid, None  # from here on, never a process to kill: its id may be reused
        _, status = os.waitpid(pid, 0)
        return pickle.loads(data) if status == 0 else work(self.part)

    def stop(self) -> None:
        """Kill and reap the child if it is still there; close the pipe (closing twice is harmless)."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = None
        if self.reader is not None:
            self.reader.close()


def _fork(work: Callable[[Part], object], part: Part) -> tuple[int, int]:
    """A child process writing `work(part)`, pickled, to a pipe: its process id and the pipe's end."""
    _flush_output()  # else the child would inherit what waits in the buffers, and write it again
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        raise
    if pid == 0:  # the child: report, then leave without running the parent's exit handlers
        os.close(read)
        status = 1
        try:
            with os.fdopen(write, "wb") as writer:
                pickle.dump(work(part), writer, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            _flush_output()  # what the work printed (a model file may), which `os._exit` would drop
            os._exit(status)
    os.close(write)
    return pid, read


def _flush_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):  # None, closed, or a broken pipe
            stream.flush()


def _alone() -> bool:
    """Whether this is the process's only thread."""
    return threading.active_count() == 1


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1

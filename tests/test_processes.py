"""Work shared out among forked processes: contiguous shares of like weight, results in order."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spec_compiler import processes
from spec_compiler.processes import contiguous_shares, in_workers


@given(
    st.lists(st.integers(min_value=0, max_value=1000), max_size=60),
    st.integers(min_value=1, max_value=8),
    st.integers(min_value=0, max_value=5000),
)
def test_shares_are_contiguous_non_empty_and_in_order(weights: list[int], count: int, ahead: int) -> None:
    runs = contiguous_shares(weights, count, ahead=ahead)
    assert [position for run in runs for position in run] == list(range(len(weights)))
    assert all(len(run) for run in runs) or weights == []
    assert len(runs) == (min(count, len(weights)) if sum(weights) else 1)


@pytest.mark.parametrize(
    ("weights", "count", "ahead", "sizes"),
    [
        ([1] * 10, 2, 0, [5, 5]),
        ([1] * 10, 3, 0, [3, 4, 3]),
        ([5, 1, 1, 1, 1, 1], 2, 0, [1, 5]),
        ([1] * 10, 2, 2, [4, 6]),  # the first run's process has two items' worth to do besides
        ([1] * 10, 2, 30, [1, 9]),  # and never gets nothing
        ([1] * 3, 5, 0, [1, 1, 1]),
        ([0, 0], 2, 0, [2]),
    ],
)
def test_shares_are_of_like_weight(weights: list[int], count: int, ahead: int, sizes: list[int]) -> None:
    assert [len(run) for run in contiguous_shares(weights, count, ahead=ahead)] == sizes


def test_one_worker_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "_usable_cpus", lambda: 4)
    assert processes.worker_count() == (4 if threading.active_count() == 1 else 1)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert processes.worker_count() == 1
    finally:
        release.set()
        other.join()


def test_children_report_through_pickles() -> None:
    parts = [{"name": name} for name in ("a", "b", "c")]
    results = in_workers(lambda part: (part["name"], os.getpid()), parts)
    assert [name for name, _ in results] == ["a", "b", "c"]
    assert results[0][1] == os.getpid()
    assert len({pid for _, pid in results}) == 3


def test_the_part_of_a_child_that_fails_is_done_here() -> None:
    parent = os.getpid()

    def work(part: dict[str, Any]) -> list[str]:
        if os.getpid() != parent:
            raise RuntimeError("a child that cannot finish")
        return [f"did {part['name']} in the parent"]

    assert in_workers(work, [{"name": "first"}, {"name": "second"}]) == [
        ["did first in the parent"],
        ["did second in the parent"],
    ]


def test_when_the_parents_own_part_fails_the_children_are_stopped_and_reaped(tmp_path) -> None:
    parent = os.getpid()
    started = tmp_path / "children"

    def work(part: dict[str, Any]) -> None:
        if os.getpid() != parent:
            with started.open("a") as pids:
                pids.write(f"{os.getpid()}\n")
            time.sleep(60)
        while not started.exists() or len(started.read_text().split()) < 2:
            time.sleep(0.01)
        raise RuntimeError("the parent's part is broken")

    with pytest.raises(RuntimeError, match="parent's part"):
        in_workers(work, [{}, {}, {}])
    for pid in map(int, started.read_text().split()):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # killed and waited for: not even a zombie is left


def test_what_the_work_prints_is_printed_once() -> None:
    """In a process of its own, whose output is a pipe, so Python buffers it."""
    script = (
        "from spec_compiler.processes import in_workers\n"
        "print('before')\n"  # waiting in the buffer when the children are forked
        "in_workers(print, ['first', 'second', 'third'])\n"
    )
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    printed = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    assert printed.stdout.split()[0] == "before"
    assert sorted(printed.stdout.split()) == ["before", "first", "second", "third"]


def test_a_part_whose_child_cannot_be_forked_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        if forked:  # the second fork finds no process to spare
            raise OSError(11, "Resource temporarily unavailable")
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(processes.os, "fork", fork)
    parent = os.getpid()
    results = in_workers(lambda part: (part, os.getpid() == parent), ["a", "b", "c"])
    assert results == [("a", True), ("b", False), ("c", True)]
    with pytest.raises(ProcessLookupError):
        os.kill(forked[0], 0)  # reaped


def test_ctrl_c_while_waiting_for_a_child_stops_it_and_stays_a_ctrl_c(tmp_path) -> None:
    parent = os.getpid()
    started = tmp_path / "child"

    def work(part: str) -> str:
        if os.getpid() != parent:
            started.write_text(str(os.getpid()))
            time.sleep(60)
        return part

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.5)  # while this process waits for the child's result
    try:
        with pytest.raises(KeyboardInterrupt):
            in_workers(work, ["mine", "the child's"])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    with pytest.raises(ProcessLookupError):
        os.kill(int(started.read_text()), 0)  # killed and reaped

"""Shared out among worker processes, the template passes find what one process finds, in its order."""

from __future__ import annotations

import copy
import os
import threading
import time
from typing import Any

import pytest

from spec_compiler.document import INTEGRATION
from spec_compiler.validate import validate_document, workers
from spec_compiler.validate.template_safety import document_templates

RAW_SPLICE = '{"TableName": "favorite_movies", "Key": {"name": {"S": "$input.params(\'name\')"}}}'


def _template_text(document: dict[str, Any]) -> int:
    return sum(len(template) for _, template in document_templates(document))


@pytest.fixture
def two_cpus(monkeypatch) -> None:
    """Shares of any size for two CPUs, even while other tests' servers run in threads."""
    monkeypatch.setattr(workers, "SHARE_TEXT", 1)
    monkeypatch.setattr(workers, "_usable_cpus", lambda: 2)
    monkeypatch.setattr(workers, "_alone", lambda: True)


@pytest.fixture
def broken_every_type_document(compiled_every_type_document: dict[str, Any]) -> dict[str, Any]:
    """The every-type document with a problem planted in the templates of every path."""
    document = copy.deepcopy(compiled_every_type_document)
    for number, item in enumerate(document["paths"].values()):
        integration = next(iter(item.values()))[INTEGRATION]
        if number % 2:
            integration["requestTemplates"]["application/json"] = RAW_SPLICE
        else:
            integration["responses"]["2\\d{2}"]["responseTemplates"]["application/json"] = "{not json"
    return document


def test_shares_cut_the_paths_in_order_into_parts_of_like_template_text(
    compiled_every_type_document, two_cpus
) -> None:
    parts = workers.shares(compiled_every_type_document)
    assert len(parts) == 2
    assert [path for part in parts for path in part["paths"]] == list(compiled_every_type_document["paths"])
    assert all(part["components"] is compiled_every_type_document["components"] for part in parts)
    first, second = map(_template_text, parts)
    paths = compiled_every_type_document["paths"]
    assert abs(first - second) <= max(_template_text({"paths": {path: paths[path]}}) for path in paths)


def test_a_small_document_or_one_cpu_is_one_share(compiled_every_type_document, monkeypatch) -> None:
    monkeypatch.setattr(workers, "_usable_cpus", lambda: 2)
    monkeypatch.setattr(workers, "_alone", lambda: True)
    assert workers.shares(compiled_every_type_document) == [compiled_every_type_document]
    monkeypatch.setattr(workers, "SHARE_TEXT", 1)
    monkeypatch.setattr(workers, "_usable_cpus", lambda: 1)
    assert workers.shares(compiled_every_type_document) == [compiled_every_type_document]


def test_while_other_threads_run_there_is_one_share(compiled_every_type_document, monkeypatch) -> None:
    monkeypatch.setattr(workers, "SHARE_TEXT", 1)
    monkeypatch.setattr(workers, "_usable_cpus", lambda: 2)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert workers.shares(compiled_every_type_document) == [compiled_every_type_document]
    finally:
        release.set()
        other.join()


def test_problems_found_in_workers_are_those_of_one_process(broken_every_type_document, monkeypatch) -> None:
    monkeypatch.setattr(workers, "_alone", lambda: True)
    alone = validate_document(broken_every_type_document)
    assert len({problem.pointer.split("/")[2] for problem in alone}) == len(
        broken_every_type_document["paths"]
    )
    monkeypatch.setattr(workers, "SHARE_TEXT", 1)
    monkeypatch.setattr(workers, "_usable_cpus", lambda: 3)
    assert len(workers.shares(broken_every_type_document)) == 3
    assert validate_document(broken_every_type_document) == alone


def test_the_part_of_a_child_that_fails_is_checked_here() -> None:
    parent = os.getpid()

    def check(part: dict[str, Any]) -> list[str]:
        if os.getpid() != parent:
            raise RuntimeError("a child that cannot finish")
        return [f"checked {part['name']} in the parent"]

    parts = [{"name": "first"}, {"name": "second"}]
    assert workers.in_workers(check, parts) == [
        ["checked first in the parent"],
        ["checked second in the parent"],
    ]


def test_children_report_through_pickles() -> None:
    parts = [{"name": name} for name in ("a", "b", "c")]
    results = workers.in_workers(lambda part: (part["name"], os.getpid()), parts)
    assert [name for name, _ in results] == ["a", "b", "c"]
    assert results[0][1] == os.getpid()
    assert len({pid for _, pid in results}) == 3


def test_when_the_parents_own_part_fails_the_children_are_stopped_and_reaped(tmp_path) -> None:
    parent = os.getpid()
    started = tmp_path / "children"

    def check(part: dict[str, Any]) -> None:
        if os.getpid() != parent:
            with started.open("a") as pids:
                pids.write(f"{os.getpid()}\n")
            time.sleep(60)
        while not started.exists() or len(started.read_text().split()) < 2:
            time.sleep(0.01)
        raise RuntimeError("the parent's part is broken")

    with pytest.raises(RuntimeError, match="parent's part"):
        workers.in_workers(check, [{}, {}, {}])
    for pid in map(int, started.read_text().split()):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # killed and waited for: not even a zombie is left

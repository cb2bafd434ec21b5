"""Fixtures shared by the tests of every package."""

import pytest

from spec_compiler import processes


@pytest.fixture
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work shared out between two processes, whatever this machine has, and even while other tests'
    servers run in threads (their locks are not used by the work)."""
    monkeypatch.setattr(processes, "_usable_cpus", lambda: 2)
    monkeypatch.setattr(processes, "_alone", lambda: True)

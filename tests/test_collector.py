"""Compiling and validating pause the cyclic garbage collector and always give it back as it was."""

from __future__ import annotations

import gc

import pytest

from spec_compiler.collector import collector_paused
from spec_compiler.vtl import Template


@pytest.fixture
def collector_on():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after(collector_on) -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error(collector_on) -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(collector_on) -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_compiling_a_template_leaves_the_collector_on(collector_on) -> None:
    Template('{"a": "$input.path(\'$.a\')"}')
    assert gc.isenabled()
    with pytest.raises(Exception, match="never closed"):
        Template("#if(true)")
    assert gc.isenabled()

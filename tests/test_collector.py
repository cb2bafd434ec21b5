"""Compiling, validating and loading a document pause the cyclic garbage collector and always give it
back as it was."""

from __future__ import annotations

import gc

import pytest
import yaml

from spec_compiler.collector import collector_paused
from spec_compiler.document import load_document
from spec_compiler.errors import DocumentError
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


def test_loading_a_document_parses_without_collections_and_leaves_the_collector_on(
    collector_on, tmp_path, monkeypatch
) -> None:
    parse = yaml.load
    seen = []

    def parse_and_look(*args, **kwargs):
        seen.append(gc.isenabled())
        return parse(*args, **kwargs)

    monkeypatch.setattr(yaml, "load", parse_and_look)
    (tmp_path / "api.yaml").write_text("openapi: 3.0.1\npaths: {}\n")
    assert load_document(tmp_path / "api.yaml") == {"openapi": "3.0.1", "paths": {}}
    (tmp_path / "bad.yaml").write_text("paths: [\n")
    with pytest.raises(DocumentError, match="not valid YAML"):
        load_document(tmp_path / "bad.yaml")
    assert seen == [False, False]
    assert gc.isenabled()

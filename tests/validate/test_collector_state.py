"""Validation pauses the cyclic garbage collector (see spec_compiler/collector.py) and gives it back."""

from __future__ import annotations

import gc

from spec_compiler.validate import validate_document


def test_validating_leaves_the_collector_on(movie_document) -> None:
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        assert validate_document(movie_document) == []
        assert gc.isenabled()
    finally:
        if not was_enabled:
            gc.disable()

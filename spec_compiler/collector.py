"""Pausing Python's cyclic garbage collector while many small, acyclic objects are built.

Parsing and compiling a template allocates thousands of nodes and closures; every 700 allocations start a
collection, and the full ones walk every live object of the process (a large document, every template
compiled so far), so compiling a thousand templates spent most of its time collecting, and more the more
was already loaded. What these phases discard is freed by reference counting; the rare cycle (a macro that
refers to its compiler) waits for the next collection after the pause.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block without cyclic collections; restores the collector only if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

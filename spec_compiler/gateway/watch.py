"""`serve --watch`: rebuild the document when a model changes, then swap the served API in place.

Polling modification times keeps this dependency-free and portable. The rebuild runs `spec-compiler build`
in a child process so a model that fails to import cannot disturb the server; a failed build leaves the
running API untouched and the reason on stderr.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

_Snapshot = dict[str, float]


class ModelWatcher:
    """Calls `on_rebuilt()` after every successful rebuild triggered by a change under `models`."""

    def __init__(
        self,
        models: Path,
        document: Path,
        on_rebuilt: Callable[[], None],
        *,
        interval: float = 1.0,
        log: Callable[[str], None] = print,
    ) -> None:
        self._models = models
        self._document = document
        self._on_rebuilt = on_rebuilt
        self._interval = interval
        self._log = log
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="spec-compiler-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        seen = _snapshot(self._models)
        while not self._stop.wait(self._interval):
            current = _snapshot(self._models)
            if current == seen:
                continue
            seen = current
            self._log(f"models changed in {self._models}; rebuilding {self._document}")
            if self.rebuild():
                try:
                    self._on_rebuilt()
                except Exception as error:  # a bad new document must not stop the server
                    self._log(f"reload failed, still serving the previous API: {error}")

    def rebuild(self) -> bool:
        failure = build_document(self._models, self._document)
        if failure is not None:
            self._log(f"build failed, still serving the previous API:\n{failure}")
            return False
        return True


def build_document(models: Path, document: Path) -> str | None:
    """Run `spec-compiler build` in a child process (a model that fails to import cannot harm this one);
    returns what it printed when it failed, None when it succeeded."""
    command = ["-m", "spec_compiler", "build", "--models", str(models), "--out", str(document)]
    result = subprocess.run([sys.executable, *command], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return (result.stderr or result.stdout).strip()
    return None


def _snapshot(folder: Path) -> _Snapshot:
    if not folder.is_dir():
        return {}
    snapshot = {}
    for path in folder.rglob("*.py"):
        try:
            snapshot[str(path)] = path.stat().st_mtime
        except OSError:
            continue
    return snapshot

"""The embedded DynamoDB: moto's server in a child process, so it needs nothing but `pip install`.

A child process rather than a thread: moto is pure Python, and sharing the gateway's GIL would serialise
the two. It listens on a free 127.0.0.1 port, keeps its data in memory, and stops with the gateway.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from types import TracebackType

from spec_compiler.errors import SpecCompilerError


class EmbeddedDynamoDB:
    """`with EmbeddedDynamoDB() as store:` starts moto's server; `store.url` is its endpoint."""

    def __init__(self, *, start_timeout: float = 30.0) -> None:
        self._start_timeout = start_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def start(self) -> EmbeddedDynamoDB:
        for _ in range(3):
            port = _free_port()
            self._process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if _wait_listening(self._process, port, self._start_timeout):
                self.url = f"http://127.0.0.1:{port}"
                return self
            self.stop()
        raise SpecCompilerError(
            "the embedded DynamoDB (moto server) did not start; is moto[server] installed?"
        )

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> EmbeddedDynamoDB:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_listening(process: subprocess.Popen[bytes], port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False

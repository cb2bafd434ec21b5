"""`spec-compiler serve` as a user runs it: start-up against the stores, the banner, Ctrl-C, table checks."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from gateway_support import DATA, REPO, local_store

from spec_compiler.document import KeyAttribute, Table
from spec_compiler.errors import SpecCompilerError
from spec_compiler.gateway.tables import create_table_request, dynamodb_client, ensure_tables


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_existing_table_with_another_key_schema_stops_start_up(store_url: str) -> None:
    store = local_store(store_url)
    name = f"mismatch_{uuid.uuid4().hex[:8]}"
    client = dynamodb_client(store.endpoint)
    client.create_table(**create_table_request(Table(name, KeyAttribute("id", "N"))))
    document_table = Table(name, KeyAttribute("name", "S"), KeyAttribute("seen_at", "S"))
    with pytest.raises(SpecCompilerError) as raised:
        ensure_tables(store.endpoint, [document_table], create_missing=True)
    assert str(raised.value).startswith(
        f"table '{name}' exists with key schema partition key id (N), no sort key, but the document expects "
        "partition key name (S), sort key seen_at (S);"
    )


def test_existing_table_with_the_same_key_schema_is_used_as_it_is(store_url: str) -> None:
    store = local_store(store_url)
    table = Table(f"kept_{uuid.uuid4().hex[:8]}", KeyAttribute("name", "S"))
    client = dynamodb_client(store.endpoint)
    client.create_table(**create_table_request(table))
    client.put_item(TableName=table.name, Item={"name": {"S": "kept"}})
    assert ensure_tables(store.endpoint, [table], create_missing=True) == []
    assert client.get_item(TableName=table.name, Key={"name": {"S": "kept"}})["Item"] == {
        "name": {"S": "kept"}
    }


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_serve_command_starts_the_embedded_store_serves_logs_and_stops_cleanly(
    tmp_path: Path, stop: signal.Signals
) -> None:
    process, port, banner = _start_serve([str(DATA / "movies.yaml")], tmp_path)
    try:
        text = "\n".join(banner)
        assert f"at http://127.0.0.1:{port}" in text
        assert "data lives in memory" in text
        store_pids = _children(process.pid)
        assert store_pids, "the embedded store should run as a child process"
        answer = requests.get(f"http://127.0.0.1:{port}/movies/top", timeout=10)
        assert answer.status_code == 200
        process.send_signal(stop)
        assert process.wait(timeout=30) == 0
        assert process.stdout.read().strip() == "Stopping."
        log = process.stderr.read()
        assert re.search(r"^GET /movies/top 200 \d+\.\d ms$", log, re.MULTILINE), log
        time.sleep(0.2)
        assert not any(_alive(pid) for pid in store_pids), "the embedded store outlived serve"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _start_serve(arguments: list[str], cwd: Path) -> tuple[subprocess.Popen[str], int, list[str]]:
    """Run `spec-compiler serve` and read its banner up to the Ctrl-C line."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "spec_compiler", "serve", *arguments, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    banner = []
    while True:
        line = process.stdout.readline()
        assert line, f"serve exited early: {process.stderr.read()}"
        banner.append(line.strip())
        if line.startswith("Press Ctrl-C"):
            return process, port, banner


def test_watch_builds_first_then_rebuilds_and_reloads_keeping_the_data(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    model = models / "favorite_movie.py"
    model.write_text((REPO / "models" / "favorite_movie.py").read_text())
    process, port, banner = _start_serve(["--watch"], tmp_path)
    base = f"http://127.0.0.1:{port}/movies/ann"
    try:
        assert any("building it from models" in line for line in banner), banner
        assert (tmp_path / "openapi.generated.yaml").is_file()
        assert requests.put(base, json={"favorite_movie": "Alien"}, timeout=10).status_code == 201
        with_year = {"favorite_movie": "Heat", "year": 1995}
        assert requests.put(base, json=with_year, timeout=10).status_code == 400  # not in the model yet

        model.write_text(model.read_text() + "\n    year: int | None = None\n")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            assert line, f"serve exited: {process.stderr.read()}"
            if line.startswith("Reloaded"):
                break
        else:
            pytest.fail("no reload within 60 s")

        kept = requests.get(base, timeout=10).json()
        assert kept == {"name": "ann", "favorite_movie": "Alien"}  # the store kept its data
        assert requests.put(base, json=with_year, timeout=10).status_code == 200
        assert requests.get(base, timeout=10).json() == {"name": "ann", **with_year}
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

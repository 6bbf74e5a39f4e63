"""``--engine dask``: the same folder on a Dask LocalCluster and on a scheduler with two worker processes
(started here on 127.0.0.1) gives byte-identical findings JSON and datasets to the local run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from disclosure_schema.errors import ReadError
from tests.corpus_folder import build

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
ENV = {**os.environ, "CI": "true", "DASK_DISTRIBUTED__WORKER__DAEMON": "false"}


def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "disclosure_schema", *args], capture_output=True, timeout=300,
                          env=ENV)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("corpus"))


def batch_args(folder: Path) -> list[str]:
    return ["validate", str(folder), "--json", "--aliases", str(folder / "aliases.toml"),
            "--rollup", str(folder / "rollup.toml")]


@pytest.fixture(scope="module")
def local_json(folder: Path) -> bytes:
    res = cli(*batch_args(folder), "--jobs", "2")
    assert res.returncode == 1, res.stderr
    doc = json.loads(res.stdout)
    assert sum(len(f["findings"]) for f in doc["files"]) == 6  # the planted problems (tests/corpus_folder.py)
    return res.stdout


def test_a_local_cluster_gives_byte_identical_findings(folder: Path, local_json: bytes) -> None:
    res = cli(*batch_args(folder), "--engine", "dask", "--jobs", "2")
    assert res.returncode == 1, res.stderr.decode()
    assert res.stdout == local_json


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler and two single-thread workers, each its own process, on the loopback interface."""
    tmp = tmp_path_factory.mktemp("dask")
    info = tmp / "scheduler.json"
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(info), "--idle-timeout", "300s"], env=ENV, cwd=tmp,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() or not info.read_text():
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for _ in range(2):
            procs.append(subprocess.Popen(
                [str(BIN / "dask"), "worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                 "--no-dashboard", "--death-timeout", "60", "--local-directory", str(tmp)],
                env=ENV, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)


def test_a_scheduler_and_two_worker_processes_give_byte_identical_findings(
        folder: Path, local_json: bytes, scheduler: str) -> None:
    res = cli(*batch_args(folder), "--engine", "dask", "--scheduler", scheduler)
    assert res.returncode == 1, res.stderr.decode()
    assert res.stdout == local_json
    from distributed import Client

    with Client(scheduler, timeout=30) as client:  # the work was spread: both workers ran tasks
        ran = client.run(lambda dask_worker: len(dask_worker.data) + len(dask_worker.state.log))
    assert len(ran) == 2 and all(n > 0 for n in ran.values())


def test_export_on_the_cluster_writes_the_same_files(folder: Path, scheduler: str, tmp_path: Path) -> None:
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert cli("export", str(folder), "--to", "csv", "-o", str(local), "--jobs", "1", "-q").returncode == 0
    res = cli("export", str(folder), "--to", "csv", "-o", str(remote), "-q", "--engine", "dask", "--scheduler", scheduler)
    assert res.returncode == 0, res.stderr.decode()
    for name in ("cells.csv", "findings.csv"):
        assert (remote / name).read_bytes() == (local / name).read_bytes()


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    from disclosure_schema.corpus.engines import DaskEngine

    with pytest.raises(ReadError, match="cannot reach the Dask scheduler"):
        DaskEngine("tcp://127.0.0.1:9", timeout=2)

"""The review on a Dask cluster gives the serial results (a small local cluster, in this process)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS
from gbreport.cli import main
from gbreport.reviewing import ReviewResult, review
from test_review import _series, junk_folder

distributed = pytest.importorskip("distributed")


def _key(results: list[ReviewResult]) -> list[tuple[object, ...]]:
    return sorted((r.path, r.index, r.status, r.reason, r.codes, r.pairing, r.previous, r.findings) for r in results)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None, silence_logs=50
    ) as cluster:
        yield cluster


def test_a_dask_client_gives_the_serial_results(cluster: object, tmp_path: Path) -> None:
    junk_folder(tmp_path / "junk")
    _series(tmp_path / "series", [2019, 2020, 2022])
    shutil.copy(CORPUS / "pingtan-2021.txt", tmp_path / "pingtan-2021.txt")
    serial = list(review(tmp_path))
    with distributed.Client(cluster) as client:
        on_dask = list(review(tmp_path, executor=client, batch_size=4))
        assert _key(on_dask) == _key(serial)
        through_executor = list(review(tmp_path, executor=client.get_executor(), batch_size=50))
        assert _key(through_executor) == _key(serial)


def test_the_command_line_runs_on_a_scheduler(
    cluster: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk_folder(tmp_path)
    assert main(["check", "--json", str(tmp_path)]) == 2
    serial = json.loads(capsys.readouterr().out)
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    assert main(["check", "--json", "--scheduler", address, "--batch-size", "5", str(tmp_path)]) == 2
    on_dask = json.loads(capsys.readouterr().out)
    assert sorted(map(json.dumps, on_dask)) == sorted(map(json.dumps, serial))


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk_folder(tmp_path)
    code = main(["check", "--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "1", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Dask scheduler" in err

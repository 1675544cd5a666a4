"""``sync azure --export``: real export layouts in Azurite (started here on 127.0.0.1), real samples."""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from azure.storage.blob import BlobServiceClient

from finops_tui.cli import main
from finops_tui.sync.azure.run import AzureOptions, sync_azure
from tests.azure_csv import EA_SAMPLES
from tests.azure_local import FakeArm, query_row, start_azurite, start_fake_arm
from tests.conftest import dataset

NOW = datetime(2023, 10, 3, 8, 0)
ACTUAL_TOTAL = Decimal("8.5450077867")
AMORTIZED_TOTAL = Decimal("16.2969321366")
FOCUS_CSV = "finops-focus-sample-data-1.0/focus_sample.csv"
_names = itertools.count()


@pytest.fixture(scope="module")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, conn = start_azurite(tmp_path_factory.mktemp("azurite"))
    yield conn
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def container(azurite: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A fresh container per test; the CLI finds Azurite through the standard connection string."""
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", azurite)
    monkeypatch.setattr("finops_tui.cli._now", lambda: NOW)
    cc = BlobServiceClient.from_connection_string(azurite).get_container_client(
        f"cost-exports-{next(_names)}"
    )
    cc.create_container()
    return cc


def manifest(run_folder: str, kind: str, submitted: str, blobs: list[str]) -> bytes:
    """An export manifest in the shape Cost Management writes (2024-04-01 manifest version)."""
    return json.dumps(
        {
            "manifestVersion": "2024-04-01",
            "exportConfig": {"exportName": run_folder.split("/")[1], "type": kind, "granularity": "Daily"},
            "runInfo": {
                "executionType": "Scheduled",
                "submittedTime": submitted,
                "runId": run_folder.rsplit("/", 1)[-1],
            },
            "blobs": [{"blobName": f"{run_folder}/{b}", "byteCount": 0} for b in blobs],
        }
    ).encode()


def put_run(cc: Any, run_folder: str, kind: str, submitted: str, data: bytes, name: str) -> None:
    cc.upload_blob(f"{run_folder}/{name}", data, overwrite=True)
    cc.upload_blob(
        f"{run_folder}/manifest.json", manifest(run_folder, kind, submitted, [name]), overwrite=True
    )


def first_lines(path: Path, n: int) -> bytes:
    return b"".join(path.read_bytes().splitlines(keepends=True)[:n])


def build_exports(cc: Any) -> None:
    """EA actual (an old partial run and the newest full run), EA amortized, and a FOCUS export."""
    actual = dataset(f"{EA_SAMPLES}/EA_ActualCost_Small.csv")
    amortized = dataset(f"{EA_SAMPLES}/EA_AmortizedCost_Small.csv")
    focus = dataset(FOCUS_CSV)
    period = "20230901-20230930"
    put_run(
        cc,
        f"exports/ea-actual/{period}/202310010312/run-old",
        "ActualCost",
        "2023-10-01T03:12:44.1234567Z",
        gzip.compress(first_lines(actual, 4)),
        "part_0_0001.csv.gz",
    )
    put_run(
        cc,
        f"exports/ea-actual/{period}/202310020312/run-new",
        "ActualCost",
        "2023-10-02T03:12:44.1234567Z",
        gzip.compress(actual.read_bytes()),
        "part_0_0001.csv.gz",
    )
    put_run(
        cc,
        f"exports/ea-amortized/{period}/202310020315/run-am",
        "AmortizedCost",
        "2023-10-02T03:15:00Z",
        amortized.read_bytes(),
        "part_0_0001.csv",
    )
    put_run(
        cc,
        "exports/focus/20240901-20240930/202410020300/run-focus",
        "FocusCost",
        "2024-10-02T03:00:00Z",
        gzip.compress(focus.read_bytes()),
        "part_0_0001.csv.gz",
    )


def sync(db: Path, *exports: str) -> int:
    args = ["sync", "azure", "--db", str(db), "-q"]
    for export in exports:
        args += ["--export", export]
    return main(args)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_newest_runs_land_to_the_cent_and_a_second_run_is_a_no_op(
    db: Path, container: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    build_exports(container)
    assert sync(db, f"{container.container_name}/exports") == 0
    err = capsys.readouterr().err
    assert "exports: 3 runs, 3 updated, 1,039 rows imported; downloaded 7 blobs" in err
    ea = rows(
        db,
        "SELECT x_CostBasis, count(*), sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage "
        "WHERE x_Source = 'azure-ea' GROUP BY ALL ORDER BY 1",
    )
    zero = Decimal("0E-10")
    assert ea == [("actual", 11, ACTUAL_TOTAL, zero), ("amortized", 28, zero, AMORTIZED_TOTAL)]
    focus = rows(
        db,
        "SELECT count(*), sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage "
        "WHERE x_Source = 'focus-1.0'",
    )
    assert focus[0][0] == 1000
    assert (round(focus[0][1], 6), round(focus[0][2], 6)) == (Decimal("20.520227"), Decimal("14.976514"))
    files = rows(
        db, "SELECT DISTINCT x_SourceFile FROM cost_and_usage WHERE x_Source = 'azure-ea' ORDER BY 1"
    )
    assert [f[0].split("/exports/")[1] for f in files] == [
        "ea-actual/20230901-20230930/202310020312/run-new/part_0_0001.csv.gz [ActualCost]",
        "ea-amortized/20230901-20230930/202310020315/run-am/part_0_0001.csv [AmortizedCost]",
    ]

    stamp = db.stat().st_mtime_ns
    assert sync(db, f"{container.container_name}/exports") == 0
    err = capsys.readouterr().err
    assert "downloaded 0 blobs (0 B)" in err and "nothing changed, cache untouched" in err
    assert db.stat().st_mtime_ns == stamp


def test_a_new_run_downloads_only_its_blobs_and_replaces_its_month(
    db: Path, container: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    build_exports(container)
    assert sync(db, f"{container.container_name}/exports") == 0
    capsys.readouterr()
    actual = dataset(f"{EA_SAMPLES}/EA_ActualCost_Small.csv")
    put_run(
        container,
        "exports/ea-actual/20230901-20230930/202310030312/run-newer",
        "ActualCost",
        "2023-10-03T03:12:44Z",
        gzip.compress(first_lines(actual, 2)),
        "part_0_0001.csv.gz",
    )
    assert sync(db, f"{container.container_name}/exports") == 0
    err = capsys.readouterr().err
    assert "3 runs, 1 updated" in err and "downloaded 2 blobs" in err  # its manifest and its one part
    first = rows(db, "SELECT sum(BilledCost) FROM cost_and_usage WHERE x_Source = 'azure-ea'")[0][0]
    assert first == Decimal("3.25")  # the one purchase row the newer run holds
    assert rows(db, "SELECT sum(EffectiveCost) FROM cost_and_usage WHERE x_Source = 'azure-ea'") == [
        (AMORTIZED_TOTAL,)
    ]


def test_a_missing_container_is_one_line(
    db: Path, container: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sync(db, "no-such-container/exports") == 1
    err = capsys.readouterr().err.strip().splitlines()
    message = "storage account devstoreaccount1: container 'no-such-container' not found"
    assert err == [f"finops-tui: error: {message}"]
    assert not db.exists()


def test_one_missing_location_warns_and_the_others_land(
    db: Path, container: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    build_exports(container)
    assert sync(db, "no-such-container/exports", f"{container.container_name}/exports/ea-actual") == 0
    assert (
        "warning: storage account devstoreaccount1: container 'no-such-container' not found"
        in capsys.readouterr().err
    )
    assert rows(db, "SELECT sum(BilledCost) FROM cost_and_usage") == [(ACTUAL_TOTAL,)]
    assert rows(db, "SELECT status FROM sync_runs") == [("partial",)]


@pytest.fixture
def arm(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server, url = start_fake_arm()
    FakeArm.data, FakeArm.tags, FakeArm.errors, FakeArm.extras, FakeArm.log = {}, {}, {}, {}, []
    FakeArm.throttle_next = 0
    monkeypatch.setenv("FINOPS_TUI_AZURE_TOKEN", "local-test-token")
    yield url
    server.shutdown()


def test_months_an_export_covers_are_not_also_counted_from_the_query_api(
    db: Path, container: Any, arm: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sub = "ed570627-0265-4620-bb42-bae06bcfa914"  # a subscription of the EA sample
    vm = f"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"
    for kind in ("ActualCost", "AmortizedCost"):
        FakeArm.data[(f"subscriptions/{sub}", kind)] = [
            query_row("7.5", 20230904, vm, "Virtual Machines"),
            query_row("2.25", 20231002, vm, "Virtual Machines"),
        ]
    query = ["--scope", f"subscriptions/{sub}", "--arm-endpoint", arm, "--months", "2"]
    assert main(["sync", "azure", "--db", str(db), "-q", *query]) == 0
    assert rows(db, "SELECT sum(BilledCost) FROM cost_and_usage") == [(Decimal("9.75"),)]

    build_exports(container)
    export = ["--export", f"{container.container_name}/exports/ea-actual"]
    assert main(["sync", "azure", "--db", str(db), "-q", *query, *export]) == 0
    by_source = rows(
        db,
        "SELECT x_Source, strftime(BillingPeriodStart, '%Y-%m'), sum(BilledCost) FROM cost_and_usage "
        "GROUP BY ALL ORDER BY 1, 2",
    )
    assert by_source == [("azure-ea", "2023-09", ACTUAL_TOTAL), ("azure-query", "2023-10", Decimal("2.25"))]
    assert rows(db, "SELECT count(*) FROM imports WHERE source_format = 'azure-query'") == [(2,)]

    FakeArm.log = []  # from now on the cache knows the export covers September: it is not even asked
    assert main(["sync", "azure", "--db", str(db), "-q", *query, *export]) == 0
    assert [b["timePeriod"]["from"][:7] for _, _, b in FakeArm.log] == ["2023-10", "2023-10"]
    assert "nothing changed, cache untouched" in capsys.readouterr().err


def test_an_interrupted_import_leaves_the_cache_as_it_was_and_the_next_run_lands(
    db: Path, container: Any, azurite: str
) -> None:
    build_exports(container)
    options = AzureOptions(
        exports=(f"{container.container_name}/exports/ea-actual",), connection_string=azurite
    )
    assert sync_azure(db, options, now=NOW).wrote_cache
    before = db.read_bytes()
    both = AzureOptions(exports=(f"{container.container_name}/exports",), connection_string=azurite)

    def stop(source: str, item: str, done: int, total: int) -> None:
        if source == "import" and done == 1:  # one file already written into the private copy
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sync_azure(db, both, now=NOW, progress=stop)
    assert db.read_bytes() == before
    assert not [p.name for p in db.parent.iterdir() if p.name.endswith((".import-tmp", ".wal"))]
    report = sync_azure(db, both, now=NOW)
    assert (report.wrote_cache, report.downloaded) == (True, 0)  # the interrupted run's downloads are reused
    assert rows(db, "SELECT sum(BilledCost), count(*) FROM cost_and_usage WHERE x_Source = 'azure-ea'") == [
        (ACTUAL_TOTAL, 39)
    ]


async def test_sync_now_in_the_app_brings_the_configured_azure_exports(db: Path, container: Any) -> None:
    """Key ``S`` with an ``[azure]`` section: the exports land and the open screen reloads."""
    import contextlib
    from datetime import date

    from textual.worker import WorkerCancelled, WorkerFailed

    from finops_tui.app import make_app
    from finops_tui.azure_settings import AzureSettings
    from finops_tui.settings import Settings

    build_exports(container)
    settings = Settings(azure=AzureSettings(exports=(f"{container.container_name}/exports",)))
    app = make_app(db=db, settings=settings, today=date(2024, 10, 5))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("S")
        for _ in range(3):
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.cache_generation == 1 and app.sync_activity == ""
        assert any(
            "Azure: " in n.message and "3 export run(s) updated" in n.message for n in app._notifications
        )
    ea = rows(
        db, "SELECT sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage WHERE x_Source = 'azure-ea'"
    )
    assert ea == [(ACTUAL_TOTAL, AMORTIZED_TOTAL)]

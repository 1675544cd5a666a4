"""Azure Blob export folders: only the newest run of each billing period is imported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from finops_tui.errors import FinOpsError
from finops_tui.sync.layout_azure import select_files

GUID_A = "11111111-1111-1111-1111-111111111111"
GUID_B = "22222222-2222-2222-2222-222222222222"


def touch(path: Path, mtime: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def run(
    folder: Path, submitted: str | None, *parts: str, listed: tuple[str, ...] | None = None
) -> list[Path]:
    """An export run folder: its partitions and (when ``submitted``) a manifest in Azure's shape."""
    files = [touch(folder / p) for p in parts]
    if submitted is not None:
        names = listed if listed is not None else parts
        manifest = {
            "manifestVersion": "2024-04-01",
            "runInfo": {"submittedTime": submitted, "runId": folder.name},
            "blobs": [{"blobName": f"exports/actual/{folder.parent.name}/{folder.name}/{n}"} for n in names],
        }
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return files


def test_the_manifest_time_picks_the_latest_run_not_the_folder_time(tmp_path: Path) -> None:
    period = tmp_path / "exports" / "actual" / "20230901-20230930"
    old = run(period / GUID_B, "2023-09-05T06:00:00.1234567Z", "part_0_0001.csv")
    new = run(period / GUID_A, "2023-09-06T06:00:00.1234567Z", "part_0_0001.csv", "part_1_0001.csv")
    os.utime(period / GUID_B, (2_000_000_000, 2_000_000_000))  # newer folder time, older run
    assert select_files(tmp_path) == sorted(new)
    assert old[0] not in new


def test_only_the_files_a_manifest_lists_belong_to_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "cost" / "20240301-20240331" / "202403050611" / GUID_B
    listed = run(folder, "2024-03-05T06:11:00Z", "part_0_0001.csv.gz", listed=("part_0_0001.csv.gz",))
    touch(folder / "stray-copy.csv")
    assert select_files(tmp_path) == listed


def test_a_manifest_listing_a_missing_partition_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "cost" / "20240301-20240331" / GUID_B
    run(folder, "2024-03-05T06:11:00Z", "part_0_0001.csv", listed=("part_0_0001.csv", "part_1_0001.csv"))
    with pytest.raises(FinOpsError, match=r"part_1_0001\.csv, which is missing"):
        select_files(tmp_path)


def test_time_stamped_folders_order_runs_without_manifests(tmp_path: Path) -> None:
    period = tmp_path / "cost" / "20240301-20240331"
    newer = touch(period / "202403060600" / GUID_A / "part_0_0001.parquet", mtime=1_000_000_000)
    touch(period / "202403050600" / GUID_B / "part_0_0001.parquet", mtime=2_000_000_000)
    os.utime(period / "202403060600" / GUID_A, (1_000_000_000, 1_000_000_000))
    assert select_files(tmp_path) == [newer]


def test_run_folders_without_manifest_or_stamp_go_by_folder_time(tmp_path: Path) -> None:
    period = tmp_path / "cost" / "20240301-20240331"
    older = touch(period / GUID_B / "part_0_0001.csv")
    newer = touch(period / GUID_A / "part_0_0001.csv")
    os.utime(period / GUID_B, (1_700_000_000, 1_700_000_000))
    os.utime(period / GUID_A, (1_800_000_000, 1_800_000_000))
    assert select_files(tmp_path) == [newer]
    assert older != newer


def test_older_flat_layout_keeps_the_newest_file(tmp_path: Path) -> None:
    period = tmp_path / "daily" / "20230901-20230930"
    touch(period / f"daily_{GUID_B}.csv", mtime=1_700_000_000)
    newest = touch(period / f"daily_{GUID_A}.csv", mtime=1_700_086_400)
    assert select_files(tmp_path) == [newest]


def test_every_period_and_every_export_keeps_its_own_latest_run(tmp_path: Path) -> None:
    expected: list[Path] = []
    for export in ("actual", "amortized"):
        for period in ("20230801-20230831", "20230901-20230930"):
            base = tmp_path / export / period
            run(base / GUID_A, "2023-10-01T00:00:00Z", "part_0_0001.csv")
            expected += run(base / GUID_B, "2023-10-02T00:00:00Z", "part_0_0001.csv")
    loose = touch(tmp_path / "notes" / "hand-export.csv")
    assert select_files(tmp_path) == sorted([*expected, loose])


def test_the_root_may_be_a_period_folder_and_zip_files_count(tmp_path: Path) -> None:
    period = tmp_path / "20230901-20230930"
    touch(period / "a_1.zip", mtime=1_700_000_000)
    newest = touch(period / "a_2.zip", mtime=1_700_000_100)
    touch(period / "readme.txt", mtime=1_800_000_000)
    assert select_files(period) == [newest]


@pytest.mark.parametrize(
    "layout",
    [
        [],
        ["a.csv", "sub/b.parquet"],  # a plain folder of exports
        ["20230901-20230930/readme.txt"],  # a period folder holding no data
        ["20231301-20231399/x.csv"],  # not a date range
        ["cur/20231101-20231201/asm/cur-1.csv.gz", "cur/20231101-20231201/cur-Manifest.json"],  # AWS CUR
    ],
)
def test_other_folders_are_not_azure_exports(tmp_path: Path, layout: list[str]) -> None:
    for name in layout:
        touch(tmp_path / name)
    assert select_files(tmp_path) is None

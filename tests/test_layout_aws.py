"""Which files of an AWS export bucket mirror are read: the latest delivery of each billing period."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from finops_tui.errors import FinOpsError
from finops_tui.sync.layout_aws import select_files
from tests.conftest import dataset

OLD, NEW = 1_700_000_000, 1_800_000_000
"""Modification times: OLD is before NEW."""


def put(path: Path, content: str = "x", *, mtime: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def manifest(path: Path, **doc: object) -> Path:
    return put(path, json.dumps(doc))


def rel(root: Path, files: list[Path] | None) -> list[str]:
    assert files is not None
    return [f.relative_to(root).as_posix() for f in files]


def test_legacy_cur_manifest_names_the_delivery_else_newest_assembly(tmp_path: Path) -> None:
    report = tmp_path / "bucket" / "cur" / "acme"
    nov = report / "20231101-20231201"
    for asm, mtime in (("0f1e-old", NEW), ("9a8b-new", OLD)):  # the stale one was touched last
        put(nov / asm / "acme-00001.csv.gz", mtime=mtime)
        manifest(nov / asm / "acme-Manifest.json", assemblyId=asm)
    put(nov / "9a8b-new" / "acme-00002.csv.gz", mtime=OLD)
    keys = [f"cur/acme/20231101-20231201/9a8b-new/acme-0000{i}.csv.gz" for i in (1, 2)]
    manifest(nov / "acme-Manifest.json", assemblyId="9a8b-new", reportKeys=keys)
    dec = report / "20231201-20240101"
    for asm, mtime in (("c-first", OLD), ("b-second", NEW)):  # no period manifest: newest folder wins
        put(dec / asm / "acme-00001.csv.gz", mtime=mtime)
        manifest(dec / asm / "acme-Manifest.json", assemblyId=asm)
    put(tmp_path / "bucket" / "notes" / "extra.csv")
    assert rel(tmp_path, select_files(tmp_path)) == [
        "bucket/cur/acme/20231101-20231201/9a8b-new/acme-00001.csv.gz",
        "bucket/cur/acme/20231101-20231201/9a8b-new/acme-00002.csv.gz",
        "bucket/cur/acme/20231201-20240101/b-second/acme-00001.csv.gz",
        "bucket/notes/extra.csv",
    ]


def test_legacy_athena_partitions_follow_the_manifest(tmp_path: Path) -> None:
    report = tmp_path / "acme"
    put(report / "acme" / "year=2018" / "month=10" / "acme-00001.snappy.parquet")
    put(report / "acme" / "year=2018" / "month=10" / "acme-00002.snappy.parquet")  # left from a bigger run
    put(report / "acme" / "year=2018" / "month=11" / "acme-00001.snappy.parquet")  # no manifest downloaded
    manifest(
        report / "20181001-20181101" / "acme-Manifest.json",
        reportKeys=["cur/acme/acme/year=2018/month=10/acme-00001.snappy.parquet"],
    )
    assert rel(tmp_path, select_files(tmp_path)) == [
        "acme/acme/year=2018/month=10/acme-00001.snappy.parquet",
        "acme/acme/year=2018/month=11/acme-00001.snappy.parquet",
    ]


def test_data_exports_latest_execution_per_billing_period(tmp_path: Path) -> None:
    export = tmp_path / "exports" / "ha"
    april = export / "data" / "BILLING_PERIOD=2026-04"
    put(april / "2026-04-16T15:24:15.653Z-e1" / "ha-00001.csv.gz", mtime=NEW)
    put(april / "2026-04-17T03:00:00.000Z-e2" / "ha-00001.csv.gz", mtime=OLD)
    put(april / "2026-04-17T03:00:00.000Z-e2" / "ha-00002.csv.gz", mtime=OLD)
    meta = export / "metadata" / "BILLING_PERIOD=2026-04"
    uri = "s3://bucket/exports/ha/data/BILLING_PERIOD=2026-04/{}/ha-0000{}.csv.gz"
    e1 = [uri.format("2026-04-16T15:24:15.653Z-e1", 1)]
    e2 = [uri.format("2026-04-17T03:00:00.000Z-e2", i) for i in (1, 2)]
    manifest(meta / "2026-04-16T15:24:15.653Z-e1" / "ha-Manifest.json", executionId="e1", dataFiles=e1)
    manifest(meta / "ha-Manifest.json", executionId="e2", dataFiles=e2)
    march = export / "data" / "BILLING_PERIOD=2026-03"  # no manifest: the folder name's time decides
    put(march / "2026-03-01T01:00:00.000Z-e8" / "ha-00001.snappy.parquet", mtime=NEW)
    put(march / "2026-03-02T01:00:00.000Z-e9" / "ha-00001.snappy.parquet", mtime=OLD)
    assert rel(tmp_path, select_files(tmp_path)) == [
        "exports/ha/data/BILLING_PERIOD=2026-03/2026-03-02T01:00:00.000Z-e9/ha-00001.snappy.parquet",
        "exports/ha/data/BILLING_PERIOD=2026-04/2026-04-17T03:00:00.000Z-e2/ha-00001.csv.gz",
        "exports/ha/data/BILLING_PERIOD=2026-04/2026-04-17T03:00:00.000Z-e2/ha-00002.csv.gz",
    ]
    # pointed at one period folder, the manifest beside it still decides
    assert rel(tmp_path, select_files(april)) == [
        "exports/ha/data/BILLING_PERIOD=2026-04/2026-04-17T03:00:00.000Z-e2/ha-00001.csv.gz",
        "exports/ha/data/BILLING_PERIOD=2026-04/2026-04-17T03:00:00.000Z-e2/ha-00002.csv.gz",
    ]


def test_manifest_matches_files_gunzipped_in_place(tmp_path: Path) -> None:
    period = tmp_path / "ha" / "data" / "BILLING_PERIOD=2026-04"
    put(period / "2026-04-16T00:00:00.000Z-e1" / "ha-00001.csv")
    put(period / "2026-04-17T00:00:00.000Z-e2" / "ha-00001.csv")
    manifest(
        tmp_path / "ha" / "metadata" / "BILLING_PERIOD=2026-04" / "ha-Manifest.json",
        dataFiles=["s3://b/ha/data/BILLING_PERIOD=2026-04/2026-04-16T00:00:00.000Z-e1/ha-00001.csv.gz"],
    )
    assert rel(tmp_path, select_files(tmp_path)) == [
        "ha/data/BILLING_PERIOD=2026-04/2026-04-16T00:00:00.000Z-e1/ha-00001.csv"
    ]


def test_partly_downloaded_delivery_is_refused(tmp_path: Path) -> None:
    period = tmp_path / "acme" / "20240101-20240201"
    put(period / "asm-1" / "acme-00001.csv.gz")
    keys = [f"cur/acme/20240101-20240201/asm-1/acme-0000{i}.csv.gz" for i in (1, 2)]
    manifest(period / "acme-Manifest.json", reportKeys=keys)
    with pytest.raises(FinOpsError, match=r"acme-00002\.csv\.gz.*missing"):
        select_files(tmp_path)


def test_unreadable_manifest_is_named(tmp_path: Path) -> None:
    period = tmp_path / "acme" / "20240101-20240201"
    put(period / "asm-1" / "acme-00001.csv.gz")
    put(period / "acme-Manifest.json", "{not json")
    with pytest.raises(FinOpsError, match=r"acme-Manifest\.json: not a readable AWS export manifest"):
        select_files(tmp_path)


def test_other_folders_are_not_aws_layouts(tmp_path: Path) -> None:
    put(tmp_path / "plain" / "a.csv")
    put(tmp_path / "plain" / "sub" / "b.parquet")
    azure = tmp_path / "azure" / "daily" / "20230901-20230930" / "202309041200" / "run-1"
    put(azure / "part_0_0001.csv")
    put(azure / "manifest.json", "{}")
    assert select_files(tmp_path / "plain") is None
    assert select_files(tmp_path / "azure") is None
    assert select_files(dataset("ola-raji-aws-cur2-ha-project")) is None  # flat copy, keys do not match

"""Choosing the newest delivery per billing period from an S3 listing, before any download."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from finops_tui.errors import FinOpsError
from finops_tui.sync.aws.select import S3Object, choose_deliveries


def obj(key: str, minute: int = 0, etag: str = "e") -> S3Object:
    return S3Object(key, etag, 10, datetime(2025, 3, 1, 0, minute, tzinfo=UTC))


def chosen(
    objects: list[S3Object], manifests: dict[str, dict[str, object]] | None = None
) -> dict[str, list[str]]:
    read: list[str] = []

    def reader(m: S3Object) -> dict[str, object]:
        read.append(m.key)
        return (manifests or {})[m.key]

    out = {d.label: [o.key for o in d.files] for d in choose_deliveries(objects, "b", reader)}
    assert len(read) == len(set(read))  # each manifest read at most once
    return out


def test_data_exports_newest_manifest_wins_and_older_manifests_are_not_read() -> None:
    base = "p/x/data/BILLING_PERIOD=2025-02"
    meta = "p/x/metadata/BILLING_PERIOD=2025-02"
    objects = [
        obj(f"{base}/2025-02-10T00:00:00Z-e1/x-00001.csv.gz", 1),
        obj(f"{base}/2025-02-11T00:00:00Z-e2/x-00001.csv.gz", 2),
        obj(f"{base}/2025-02-11T00:00:00Z-e2/x-00002.csv.gz", 2),
        obj(f"{meta}/2025-02-10T00:00:00Z-e1/x-Manifest.json", 1),
        obj(f"{meta}/2025-02-11T00:00:00Z-e2/x-Manifest.json", 3),
    ]
    keys = [f"s3://b/{base}/2025-02-11T00:00:00Z-e2/x-0000{i}.csv.gz" for i in (1, 2)]
    got = chosen(objects, {f"{meta}/2025-02-11T00:00:00Z-e2/x-Manifest.json": {"dataFiles": keys}})
    assert got == {base: [k.removeprefix("s3://b/") for k in keys]}


def test_without_a_manifest_the_newest_delivery_folder_wins() -> None:
    legacy = "r/acme/20250101-20250201"
    objects = [
        obj(f"{legacy}/asm-1/acme-00001.csv.gz", 1),
        obj(f"{legacy}/asm-1/acme-Manifest.json", 1),
        obj(f"{legacy}/asm-2/acme-00001.csv.gz", 5),
        obj(f"{legacy}/asm-2/acme-Manifest.json", 5),
        obj("r/loose/extra-2024.csv", 0),
    ]
    assert chosen(objects) == {
        legacy: [f"{legacy}/asm-2/acme-00001.csv.gz"],
        "r/loose/extra-2024.csv": ["r/loose/extra-2024.csv"],
    }


def test_athena_partitions_named_by_the_manifest_are_claimed() -> None:
    period = "r/acme/20181001-20181101"
    part = "r/acme/acme/year=2018/month=10"
    objects = [
        obj(f"{period}/acme-Manifest.json", 2),
        obj(f"{part}/acme-00001.snappy.parquet", 2),
        obj(f"{part}/acme-00002-old.snappy.parquet", 1),  # stale: the manifest does not name it
    ]
    got = chosen(
        objects, {f"{period}/acme-Manifest.json": {"reportKeys": [f"{part}/acme-00001.snappy.parquet"]}}
    )
    assert got == {period: [f"{part}/acme-00001.snappy.parquet"]}


def test_a_manifest_naming_a_missing_object_is_refused() -> None:
    period = "r/acme/20181001-20181101"
    objects = [obj(f"{period}/acme-Manifest.json"), obj(f"{period}/a1/acme-00001.csv.gz")]
    with pytest.raises(FinOpsError, match=r"acme-00002\.csv\.gz, which is not in the bucket"):
        chosen(objects, {f"{period}/acme-Manifest.json": {"reportKeys": [f"{period}/a1/acme-00002.csv.gz"]}})


def test_fingerprint_changes_with_the_etag() -> None:
    a = choose_deliveries([obj("x.csv", etag="1")], "b", lambda m: {})[0]
    b = choose_deliveries([obj("x.csv", etag="2")], "b", lambda m: {})[0]
    assert a.fingerprint != b.fingerprint and a.label == b.label

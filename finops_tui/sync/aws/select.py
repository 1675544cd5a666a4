"""Pick the newest delivery of each billing period from an S3 listing, before downloading anything.

The bucket keeps every delivery AWS ever wrote, so the sync decides from the listing and the
manifests which objects belong to the latest delivery of each period (the same rules as
:mod:`finops_tui.sync.layout_aws` applies to a local folder) and downloads only those::

    legacy CUR:    <prefix>/<report>/<yyyymmdd-yyyymmdd>/<report>-Manifest.json  (reportKeys)
    Data Exports:  <prefix>/<export>/data/BILLING_PERIOD=YYYY-MM/[<execution>/]<export>-00001.csv.gz
                   <prefix>/<export>/metadata/BILLING_PERIOD=YYYY-MM/[<execution>/]<export>-Manifest.json

A manifest is read only when it is the newest one of its period; without a manifest the newest
delivery folder (by last-modified time) wins. Data files outside both layouts are all taken.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from finops_tui.errors import FinOpsError
from finops_tui.sync.reader import DATA_SUFFIXES

_LEGACY_PERIOD = re.compile(r"^(?P<folder>(?:.*/)?\d{8}-\d{8}/)(?P<rest>.+)$")
_EXPORT_DATA = re.compile(r"^(?P<root>(?:.*/)?)data/(?P<period>BILLING_PERIOD=\d{4}-\d{2})/(?P<rest>.+)$")
_EXPORT_META = re.compile(r"^(?P<root>(?:.*/)?)metadata/(?P<period>BILLING_PERIOD=\d{4}-\d{2})/(?P<rest>.+)$")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}[:\-]?\d{2}[:\-]?\d{2}")
MANIFEST_SUFFIX = "-manifest.json"


@dataclass(frozen=True)
class S3Object:
    """One object of a listing."""

    key: str
    etag: str
    size: int
    last_modified: datetime


@dataclass(frozen=True)
class Delivery:
    """The objects of one billing period's newest delivery (or one loose data file)."""

    label: str
    """Stable name of the period: ``<export root>data/BILLING_PERIOD=2026-04`` or ``<report>/<period>``."""
    files: tuple[S3Object, ...]
    manifest: S3Object | None

    @property
    def fingerprint(self) -> str:
        """Changes whenever any object of the delivery changes (key, ETag or size)."""
        text = "\n".join(f"{o.key}\t{o.etag}\t{o.size}" for o in sorted(self.files, key=lambda o: o.key))
        return hashlib.sha256(text.encode()).hexdigest()


ManifestReader = Callable[[S3Object], dict[str, object]]
"""Returns the parsed JSON of a manifest object (downloaded or from the local mirror)."""


def is_data_key(key: str) -> bool:
    """Whether ``key`` names a file the importer reads."""
    name = key.rsplit("/", 1)[-1].lower()
    return name.endswith(DATA_SUFFIXES) and not name.startswith(".")


def _is_manifest(key: str) -> bool:
    return key.lower().endswith(MANIFEST_SUFFIX)


def _newest(objects: Iterable[S3Object]) -> S3Object:
    return max(objects, key=lambda o: (o.last_modified, _stamp(o.key), o.key))


def _stamp(key: str) -> str:
    found = _STAMP.findall(key)
    return re.sub(r"[:\-]", "", found[-1]) if found else ""


def _keys_from(doc: dict[str, object], field: str, bucket: str) -> list[str]:
    raw = doc.get(field)
    keys = [k for k in raw if isinstance(k, str) and k.strip()] if isinstance(raw, list) else []
    return [k.removeprefix("s3://").removeprefix(bucket + "/") if k.startswith("s3://") else k for k in keys]


def _resolve(keys: list[str], by_key: dict[str, S3Object], where: str) -> list[S3Object]:
    """The listed objects named by a manifest; a key may carry another bucket's prefix (match its tail)."""
    found: list[S3Object] = []
    missing: list[str] = []
    for key in keys:
        obj = by_key.get(key)
        if obj is None:
            tails = [o for k, o in by_key.items() if key.endswith("/" + k) or k.endswith("/" + key)]
            obj = tails[0] if len(tails) == 1 else None
        (found.append(obj) if obj is not None else missing.append(key))
    if missing:
        raise FinOpsError(
            f"{where}: the manifest lists {', '.join(missing)}, which is not in the bucket; "
            "the delivery may still be in progress, sync again later"
        )
    return found


def _newest_folder(files: list[S3Object], base: str) -> list[S3Object]:
    """Files of the newest delivery folder directly below ``base`` (or the files directly in it)."""
    groups: dict[str, list[S3Object]] = {}
    for obj in files:
        rest = obj.key[len(base) :]
        groups.setdefault(rest.split("/", 1)[0] if "/" in rest else "", []).append(obj)
    best = max(
        groups.values(), key=lambda g: (max(o.last_modified for o in g), max(_stamp(o.key) for o in g))
    )
    return sorted(best, key=lambda o: o.key)


def choose_deliveries(objects: list[S3Object], bucket: str, read_manifest: ManifestReader) -> list[Delivery]:
    """The newest delivery of each billing period found in ``objects``, plus loose data files."""
    by_key = {o.key: o for o in objects}
    exports: dict[tuple[str, str], list[S3Object]] = {}
    export_manifests: dict[tuple[str, str], list[S3Object]] = {}
    legacy_manifests: dict[str, S3Object | None] = {}
    for obj in objects:
        if m := _EXPORT_DATA.match(obj.key):
            if is_data_key(obj.key):
                exports.setdefault((m["root"], m["period"]), []).append(obj)
        elif m := _EXPORT_META.match(obj.key):
            if _is_manifest(obj.key):
                export_manifests.setdefault((m["root"], m["period"]), []).append(obj)
        elif _is_manifest(obj.key) and (m := _LEGACY_PERIOD.match(obj.key)):
            top = "/" not in m["rest"]  # the period's own manifest; assembly folders hold copies
            if top or m["folder"] not in legacy_manifests:
                legacy_manifests[m["folder"]] = obj if top else legacy_manifests.get(m["folder"])
    deliveries: list[Delivery] = []
    claimed: set[str] = set()
    for (root, period), files in sorted(exports.items()):
        base = f"{root}data/{period}/"
        claimed.add(base)
        manifests = export_manifests.get((root, period), [])
        manifest = _newest(manifests) if manifests else None
        chosen = None
        if manifest is not None:
            keys = _keys_from(read_manifest(manifest), "dataFiles", bucket)
            chosen = _resolve(keys, by_key, f"s3://{bucket}/{manifest.key}") if keys else None
        deliveries.append(
            Delivery(
                base.rstrip("/"), tuple(chosen or _newest_folder(files, base)), manifest if chosen else None
            )
        )
    for folder, manifest in sorted(legacy_manifests.items()):
        claimed.add(folder)
        keys = _keys_from(read_manifest(manifest), "reportKeys", bucket) if manifest else []
        if manifest is not None and keys:
            chosen = _resolve(keys, by_key, f"s3://{bucket}/{manifest.key}")
            claimed.update(o.key.rsplit("/", 1)[0] + "/" for o in chosen)
        else:
            below = [o for o in objects if o.key.startswith(folder) and is_data_key(o.key)]
            chosen = _newest_folder(below, folder) if below else []
        if chosen:
            deliveries.append(
                Delivery(folder.rstrip("/"), tuple(sorted(chosen, key=lambda o: o.key)), manifest)
            )
    loose = [o for o in objects if is_data_key(o.key) and not any(o.key.startswith(c) for c in claimed)]
    deliveries.extend(Delivery(o.key, (o,), None) for o in sorted(loose, key=lambda o: o.key))
    return deliveries

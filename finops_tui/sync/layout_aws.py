"""Keep only the latest delivery per billing period of a folder synced from an AWS export bucket.

AWS re-delivers the current month (and closed months when they are restated) several times a day, and
a bucket mirror keeps every delivery, so reading all of them would count each month several times.
This module recognises the two layouts AWS writes and returns the data files of the newest delivery of
each billing period::

    legacy CUR:  <prefix>/<report>/<yyyymmdd-yyyymmdd>/<report>-Manifest.json   (latest delivery)
                 <prefix>/<report>/<yyyymmdd-yyyymmdd>/<assemblyId>/<report>-00001.csv.gz
                 (Athena: the data sits in <report>/<report>/year=YYYY/month=M/, named by the manifest)
    Data Exports (CUR 2.0, FOCUS):
                 <prefix>/<export>/data/BILLING_PERIOD=YYYY-MM/[<time>-<executionId>/]<export>-00001.csv.gz
                 <prefix>/<export>/metadata/BILLING_PERIOD=YYYY-MM/[...]/<export>-Manifest.json

A manifest names the delivery's files (``reportKeys`` / ``dataFiles``, S3 keys that are matched to
local files by their trailing path). Without a usable manifest the newest delivery folder wins: by
the timestamp in a Data Exports folder name, else by modification time. Data files outside every
delivery structure are returned as they are, so nothing the user pointed at is dropped.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from finops_tui.errors import FinOpsError
from finops_tui.sync.reader import DATA_SUFFIXES

LEGACY_PERIOD = re.compile(r"^(\d{8})-(\d{8})$")
EXPORT_PERIOD = re.compile(r"^BILLING_PERIOD=(\d{4})-(\d{2})$")
_EXECUTION_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}[:\-]?\d{2}[:\-]?\d{2})")
MANIFEST_SUFFIX = "-manifest.json"


def select_files(root: Path) -> list[Path] | None:
    """The data files of the latest delivery of each billing period under ``root``, or None.

    None means no AWS delivery layout was found, so the caller reads ``root`` as a plain folder.
    Raises :class:`FinOpsError` when a manifest is unreadable or names files that are only partly
    present (a partial download would undercount the month).
    """
    legacy, exports = _period_folders(root)
    if not legacy and not exports:
        return None
    chosen: set[Path] = set()
    claimed: set[Path] = set(legacy) | set(exports)
    for period in legacy:
        files = _from_manifests(_manifests_in(period, top_only=True), "reportKeys", period, period.parent)
        chosen.update(files if files is not None else _newest_delivery(period))
    for period in exports:
        metadata = period.parent.parent / "metadata" / period.name
        manifests = _manifests_in(metadata, top_only=False) if metadata.is_dir() else []
        files = _from_manifests(manifests, "dataFiles", period, period.parent.parent)
        chosen.update(files if files is not None else _newest_delivery(period))
    # a manifest may point outside its period folder (Athena partitions): other files there are stale
    claimed.update(f.parent for f in chosen if not any(f.is_relative_to(d) for d in legacy + exports))
    outside = [f for f in _data_files_below(root) if not any(f.is_relative_to(d) for d in claimed)]
    return sorted(chosen | set(outside))


def _period_folders(root: Path) -> tuple[list[Path], list[Path]]:
    """Legacy CUR period folders (with a manifest) and Data Exports ``BILLING_PERIOD=`` data folders."""
    legacy: list[Path] = []
    exports: list[Path] = []
    for folder in [root, *_folders_below(root)]:
        if any(folder.is_relative_to(p) and folder != p for p in legacy + exports):
            continue
        if _is_legacy_period(folder):
            legacy.append(folder)
        elif EXPORT_PERIOD.match(folder.name) and folder.parent.name != "metadata":
            exports.append(folder)
    return legacy, exports


def _folders_below(root: Path) -> list[Path]:
    found: list[Path] = []
    for current, dirs, _files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(current) / d for d in dirs)
    return found


def _is_legacy_period(folder: Path) -> bool:
    """A ``yyyymmdd-yyyymmdd`` folder holding a ``<report>-Manifest.json`` (Azure uses the same names)."""
    if not LEGACY_PERIOD.match(folder.name):
        return False
    return any(p.name.lower().endswith(MANIFEST_SUFFIX) for p in folder.rglob("*") if p.is_file())


def _manifests_in(folder: Path, *, top_only: bool) -> list[Path]:
    candidates = folder.iterdir() if top_only else folder.rglob("*")
    return sorted(p for p in candidates if p.is_file() and p.name.lower().endswith(MANIFEST_SUFFIX))


def _read_manifest(path: Path) -> dict[str, object]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FinOpsError(f"{path}: not a readable AWS export manifest ({exc})") from None
    if not isinstance(doc, dict):
        raise FinOpsError(f"{path}: not a readable AWS export manifest (expected a JSON object)")
    return doc


def _from_manifests(manifests: list[Path], key: str, period: Path, top: Path) -> list[Path] | None:
    """Local files of the newest manifest's delivery, or None when no manifest matches local files."""
    listed: list[tuple[tuple[str, datetime], Path, list[str]]] = []
    for manifest in manifests:
        raw = _read_manifest(manifest).get(key)
        keys = [k for k in raw if isinstance(k, str) and k.strip()] if isinstance(raw, list) else []
        if keys:
            stamp = max(_execution_stamp(k) for k in keys)
            listed.append(((stamp, _mtime(manifest)), manifest, keys))
    if not listed:
        return None
    _, manifest, keys = max(listed, key=lambda item: item[0])
    found = {k: _local_file(k, manifest, top) for k in keys}
    present = sorted({p for p in found.values() if p is not None})
    if not present:
        return None  # nothing downloaded under the keyed names (renamed files): newest folder instead
    missing = sorted(k for k, p in found.items() if p is None)
    if missing:
        raise FinOpsError(
            f"{manifest}: the delivery for {period.name} lists {', '.join(missing)}, which is missing "
            "locally; download the whole delivery again"
        )
    return present


def _execution_stamp(key: str) -> str:
    """The ``2026-04-16T15:24:15.653Z`` prefix of a Data Exports execution folder in ``key``, or ''."""
    for part in reversed(key.split("/")[:-1]):
        found = _EXECUTION_STAMP.match(part)
        if found:
            return re.sub(r"[:\-]", "", found.group(1))
    return ""


def _local_file(key: str, manifest: Path, top: Path) -> Path | None:
    """The local file for S3 ``key``: its longest trailing path below the manifest's folders up to ``top``.

    A ``.gz`` key also matches the file gunzipped in place, as users often unpack deliveries.
    """
    parts = [p for p in key.removeprefix("s3://").split("/") if p]
    anchors = [manifest.parent, *(a for a in manifest.parent.parents if a.is_relative_to(top))]
    for start in range(len(parts)):
        for anchor in anchors:
            exact = anchor.joinpath(*parts[start:])
            gunzipped = exact.with_name(exact.name[:-3]) if exact.name.lower().endswith(".gz") else exact
            for candidate in (exact, gunzipped):
                if candidate.is_file() and _is_data_name(candidate.name):
                    return candidate
    return None


def _newest_delivery(period: Path) -> list[Path]:
    """Files of the newest delivery in ``period``: a delivery subfolder, or the files directly inside."""
    deliveries: list[tuple[tuple[str, datetime], list[Path]]] = []
    direct = _data_files_in(period)
    if direct:
        deliveries.append((("", max(_mtime(f) for f in direct)), direct))
    for child in sorted(c for c in period.iterdir() if c.is_dir() and not c.name.startswith(".")):
        files = _data_files_below(child)
        if files:
            stamp = _EXECUTION_STAMP.match(child.name)
            key = re.sub(r"[:\-]", "", stamp.group(1)) if stamp else ""
            deliveries.append(((key, max(_mtime(f) for f in files)), files))
    return max(deliveries, key=lambda d: d[0])[1] if deliveries else []


def _is_data_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(DATA_SUFFIXES) and not lower.startswith(".")


def _data_files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and _is_data_name(p.name))


def _data_files_below(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and _is_data_name(p.name)
        and not any(s.startswith(".") for s in p.relative_to(root).parts)
    )


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)

"""Keep only the latest export run per billing period of a folder synced from Azure Blob storage.

Cost Management exports re-deliver a month many times: a daily month-to-date export writes a complete
new copy of the month every day, and in the first days of a month the previous month is exported
again to catch late charges. A folder downloaded from the export container therefore holds many full
copies of each month; importing all of them would count each month several times. This module finds
the billing-period folders and returns the files of the newest run in each.

Layouts recognised (``<period>`` is ``yyyymmdd-yyyymmdd``)::

    <root>/<export>/<period>/[<yyyymmddHHMM>/]<run-id>/part_0_0001.csv[.gz] + manifest.json
    <root>/<export>/<period>/<run-id>/<export>_<run-id>_00001.csv + _manifest.json (older, partitioned)
    <root>/<export>/<period>/<export>_<guid>.csv  (older: every file is one complete run)

Run order: the manifest's ``runInfo.submittedTime``, else a ``yyyymmddHHMM`` folder on the path, else
the folder's (or, for the flat layout, the file's) modification time, then the name. Data files
outside every period folder are returned as they are, so nothing the user pointed at is dropped.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from finops_tui.errors import FinOpsError
from finops_tui.sync.reader import DATA_SUFFIXES

PERIOD_FOLDER = re.compile(r"^(\d{8})-(\d{8})$")
"""An export's billing-period folder, e.g. ``20230901-20230930``."""

_STAMP_FOLDER = re.compile(r"^\d{12}$")
MANIFESTS = ("manifest.json", "_manifest.json")
"""Run manifests: current exports write ``manifest.json``, older partitioned ones ``_manifest.json``."""


@dataclass(frozen=True)
class ExportRun:
    """One delivery of a billing period: its data files and when it was produced."""

    files: tuple[Path, ...]
    produced: datetime
    name: str


def select_files(root: Path) -> list[Path] | None:
    """The data files of the latest run per billing-period folder under ``root``, or None.

    None means ``root`` is not laid out as Azure exports deliver (no period folder holding data), so
    the caller reads it as a plain folder. Raises :class:`FinOpsError` when a run's manifest is
    unreadable or lists a file that is missing (a partial download would undercount the month).
    """
    periods = _period_folders(root)
    if not periods or any(_is_aws_cur(p) for p in periods):
        return None
    chosen: list[Path] = []
    for period in periods:
        runs = _runs(period)
        if runs:
            chosen.extend(max(runs, key=lambda r: (r.produced, r.name)).files)
    if not chosen:
        return None
    outside = [p for p in _data_files_below(root) if not any(p.is_relative_to(d) for d in periods)]
    return sorted(chosen + outside)


def _is_data_file(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(DATA_SUFFIXES) and not name.startswith(".") and path.is_file()


def _data_files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if _is_data_file(p))


def _data_files_below(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if _is_data_file(p) and not _hidden(p, root))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _is_period(folder: Path) -> bool:
    found = PERIOD_FOLDER.match(folder.name)
    if not found:
        return False
    try:
        start, end = (datetime.strptime(found.group(i), "%Y%m%d") for i in (1, 2))
    except ValueError:
        return False
    return start <= end


def _period_folders(root: Path) -> list[Path]:
    """Outermost period folders at or below ``root`` (hidden folders skipped)."""
    if _is_period(root):
        return [root]
    found: list[Path] = []
    for current, dirs, _files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in list(dirs):
            if _is_period(Path(current) / name):
                found.append(Path(current) / name)
                dirs.remove(name)
    return found


def _is_aws_cur(period: Path) -> bool:
    """AWS legacy CUR uses the same period folders, with a ``<report>-Manifest.json`` beside them."""
    return next(period.rglob("*-Manifest.json"), None) is not None


def _runs(period: Path) -> list[ExportRun]:
    """Every delivery found in one period folder."""
    runs: list[ExportRun] = []
    for current, dirs, _files in os.walk(period):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        folder = Path(current)
        files = _data_files_in(folder)
        manifest = next((folder / m for m in MANIFESTS if (folder / m).is_file()), None)
        if not files and manifest is None:
            continue
        if manifest is not None:
            runs.append(_manifest_run(folder, manifest, files, period))
        elif folder == period:  # older layout: each file is a complete run of its own
            runs.extend(ExportRun((f,), _mtime(f), f.name) for f in files)
        else:
            runs.append(ExportRun(tuple(files), _stamp(folder, period) or _mtime(folder), folder.name))
    return runs


def _manifest_run(folder: Path, manifest: Path, files: list[Path], period: Path) -> ExportRun:
    """The run a manifest describes: its listed blobs (all of them must be present)."""
    try:
        doc = json.loads(manifest.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FinOpsError(f"{manifest}: not a readable export manifest ({exc})") from None
    if not isinstance(doc, dict):
        raise FinOpsError(f"{manifest}: not a readable export manifest (expected a JSON object)")
    listed = [
        str(blob["blobName"]).strip().rsplit("/", 1)[-1]
        for blob in doc.get("blobs") or []
        if isinstance(blob, dict) and blob.get("blobName")
    ]
    if listed:
        missing = sorted(name for name in listed if not (folder / name).is_file())
        if missing:
            raise FinOpsError(
                f"{manifest}: the run lists {', '.join(missing)}, which is missing from {folder}; "
                "download the whole run folder again"
            )
        files = sorted(folder / name for name in set(listed) if _is_data_file(folder / name))
    info = doc.get("runInfo")
    run_info: dict[str, object] = info if isinstance(info, dict) else {}
    produced = _parse_time(run_info.get("submittedTime")) or _stamp(folder, period) or _mtime(folder)
    return ExportRun(tuple(files), produced, str(run_info.get("runId") or folder.name))


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = re.sub(r"(\.\d{6})\d+", r"\1", value.strip())  # Azure writes 7 fractional digits
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _stamp(folder: Path, period: Path) -> datetime | None:
    """The ``yyyymmddHHMM`` folder between ``period`` and ``folder``, as a UTC time."""
    for part in reversed(folder.relative_to(period).parts):
        if _STAMP_FOLDER.match(part):
            try:
                return datetime.strptime(part, "%Y%m%d%H%M").replace(tzinfo=UTC)
            except ValueError:
                continue
    return None


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)

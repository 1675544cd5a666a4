"""Find the newest run of each billing period in an export container and mirror only changed blobs.

Cost Management exports write a complete copy of a month on every run
(``<path>/<export>/<yyyymmdd-yyyymmdd>/[<yyyymmddHHMM>/]<run-id>/part_*.csv[.gz]`` plus
``manifest.json``). Listing the container gives every run; manifests (small, downloaded first) say
when each run was submitted, which blobs it holds and which dataset it is (``ActualCost``,
``AmortizedCost``, ``FocusCost``). Only the newest complete run of each period is downloaded, and a
blob whose ETag matches the mirror's state file is not downloaded again. Downloads go to a ``.part``
file renamed when complete, so an interrupted sync resumes where it stopped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from finops_tui.errors import FinOpsError
from finops_tui.sync.layout_azure import MANIFESTS, PERIOD_FOLDER
from finops_tui.sync.reader import DATA_SUFFIXES

STATE_NAME = ".finops-tui-mirror.json"
_STAMP = re.compile(r"^\d{12}$")
DownloadProgress = Callable[[str, int, int], None]
"""Called as ``progress(blob_name, blobs_done, blobs_total)``."""


@dataclass(frozen=True)
class ExportLocation:
    """``CONTAINER/PATH`` of an export in a storage account."""

    container: str
    prefix: str

    @classmethod
    def parse(cls, text: str) -> ExportLocation:
        """Split ``container[/path]``; the container name must be valid in Azure."""
        container, _, path = text.strip().strip("/").partition("/")
        if not re.fullmatch(r"[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]", container):
            raise FinOpsError(
                f"--export {text}: {container!r} is not a valid container name (CONTAINER/PATH)"
            )
        path = path.strip("/")
        return cls(container, f"{path}/" if path else "")

    def __str__(self) -> str:
        return f"{self.container}/{self.prefix}"


@dataclass(frozen=True)
class Blob:
    """One listed blob."""

    name: str
    etag: str
    size: int
    modified: datetime


@dataclass(frozen=True)
class Run:
    """One export run of a billing period."""

    label: str
    """The period folder (container-relative), or the blob name of a loose file."""
    blobs: tuple[Blob, ...]
    produced: datetime
    name: str
    dataset: str | None = None
    """``ActualCost``, ``AmortizedCost``, ``FocusCost``… from the manifest, when there is one."""

    @property
    def fingerprint(self) -> str:
        """sha256 over (name, ETag, size) of the run's blobs: changes whenever any blob changes."""
        text = "\n".join(f"{b.name}\t{b.etag}\t{b.size}" for b in sorted(self.blobs, key=lambda b: b.name))
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class MirrorStats:
    """Counters for the summary."""

    downloaded: int = 0
    skipped: int = 0
    bytes: int = 0
    listed: int = 0


def _is_data(name: str) -> bool:
    base = PurePosixPath(name).name.lower()
    return base.endswith(DATA_SUFFIXES) and not base.startswith(".")


def _period_index(parts: tuple[str, ...]) -> int | None:
    for i, part in enumerate(parts[:-1]):
        found = PERIOD_FOLDER.match(part)
        if found:
            try:
                start, end = (datetime.strptime(found.group(k), "%Y%m%d") for k in (1, 2))
            except ValueError:
                continue
            if start <= end:
                return i
    return None


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = re.sub(r"(\.\d{6})\d+", r"\1", value.strip()).replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _stamp(parts: Iterable[str]) -> datetime | None:
    for part in reversed(list(parts)):
        if _STAMP.match(part):
            with contextlib.suppress(ValueError):
                return datetime.strptime(part, "%Y%m%d%H%M").replace(tzinfo=UTC)
    return None


class ExportMirror:
    """Lists one export location, picks runs and downloads their blobs into ``root``."""

    def __init__(self, container_client: Any, account: str, location: ExportLocation, root: Path) -> None:
        self.cc = container_client
        self.location = location
        self.root = root / account / location.container
        self.stats = MirrorStats()
        self.warnings: list[str] = []
        self._state_path = self.root / STATE_NAME
        self._state: dict[str, str] = {}
        with contextlib.suppress(OSError, ValueError):
            self._state = dict(json.loads(self._state_path.read_text(encoding="utf-8")))

    def local(self, blob: Blob) -> Path:
        """Where a blob lives in the mirror."""
        return self.root.joinpath(*PurePosixPath(blob.name).parts)

    def list_blobs(self) -> list[Blob]:
        """Every blob under the export path (raises the SDK error on a missing container)."""
        blobs = [
            Blob(b.name, str(b.etag), int(b.size or 0), b.last_modified or datetime.min.replace(tzinfo=UTC))
            for b in self.cc.list_blobs(name_starts_with=self.location.prefix or None)
        ]
        self.stats.listed = len(blobs)
        return blobs

    def newest_runs(self, blobs: list[Blob]) -> list[Run]:
        """The newest complete run of each billing period, plus loose data files outside periods."""
        by_period: dict[str, dict[str, list[Blob]]] = {}
        loose: list[Run] = []
        for blob in blobs:
            parts = PurePosixPath(blob.name).parts
            index = _period_index(parts)
            is_manifest = parts[-1] in MANIFESTS
            if index is None:
                if _is_data(blob.name):
                    loose.append(Run(blob.name, (blob,), blob.modified, blob.name))
                continue
            if not (_is_data(blob.name) or is_manifest):
                continue
            period = "/".join(parts[: index + 1])
            folder = "/".join(parts[:-1])
            key = blob.name if folder == period and not is_manifest else folder
            by_period.setdefault(period, {}).setdefault(key, []).append(blob)
        chosen: list[Run] = []
        for period, runs in sorted(by_period.items()):
            candidates = [r for r in (self._run(period, key, members) for key, members in runs.items()) if r]
            if candidates:
                chosen.append(max(candidates, key=lambda r: (r.produced, r.name)))
        return chosen + loose

    def _run(self, period: str, key: str, members: list[Blob]) -> Run | None:
        data = [b for b in members if _is_data(b.name)]
        manifest = next((b for b in members if PurePosixPath(b.name).name in MANIFESTS), None)
        produced = _stamp(PurePosixPath(key).parts) or max(b.modified for b in members)
        name, dataset = PurePosixPath(key).name, None
        if manifest is not None:
            doc = self._manifest(manifest)
            info = _obj(doc.get("runInfo"))
            config = _obj(doc.get("exportConfig"))
            produced = _parse_time(info.get("submittedTime")) or produced
            name = str(info.get("runId") or name)
            dataset = str(config.get("type") or "") or None
            listed = {
                str(b["blobName"]).strip().lstrip("/").rsplit("/", 1)[-1]
                for b in doc.get("blobs") or []
                if isinstance(b, dict) and b.get("blobName")
            }
            if listed:
                present = {PurePosixPath(b.name).name for b in data}
                if not listed <= present:
                    self.warnings.append(
                        f"{self.location.container}/{key}: run incomplete (missing "
                        f"{', '.join(sorted(listed - present))}); using an older run"
                    )
                    return None
                data = [b for b in data if PurePosixPath(b.name).name in listed]
        if not data:
            return None
        return Run(period, tuple(sorted(data, key=lambda b: b.name)), produced, name, dataset)

    def _manifest(self, blob: Blob) -> dict[str, Any]:
        path = self.download(blob)
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FinOpsError(
                f"{self.location.container}/{blob.name}: not a readable export manifest ({exc})"
            ) from None
        if not isinstance(doc, dict):
            raise FinOpsError(f"{self.location.container}/{blob.name}: not a readable export manifest")
        return doc

    def download(self, blob: Blob) -> Path:
        """The blob's local copy, downloaded only when its ETag changed."""
        target = self.local(blob)
        if (
            self._state.get(blob.name) == blob.etag
            and target.is_file()
            and target.stat().st_size == blob.size
        ):
            self.stats.skipped += 1
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + ".part")
        with open(part, "wb") as fh:
            self.cc.get_blob_client(blob.name).download_blob(
                etag=blob.etag, match_condition=_if_match()
            ).readinto(fh)
        part.replace(target)
        self.stats.downloaded += 1
        self.stats.bytes += blob.size
        self._state[blob.name] = blob.etag
        self._save_state()
        return target

    def fetch(self, run: Run, progress: DownloadProgress | None = None) -> list[Path]:
        """Download a run's changed blobs; remove superseded data files of its period from the mirror."""
        paths: list[Path] = []
        for index, blob in enumerate(run.blobs):
            if progress:
                progress(blob.name, index, len(run.blobs))
            paths.append(self.download(blob))
        if progress:
            progress("", len(run.blobs), len(run.blobs))
        period_dir = self.root.joinpath(*PurePosixPath(run.label).parts)
        if run.blobs and PERIOD_FOLDER.match(period_dir.name):
            keep = set(paths)
            for stale in period_dir.rglob("*"):
                if stale.is_file() and _is_data(stale.name) and stale not in keep:
                    stale.unlink()
                    self._state.pop(PurePosixPath(*stale.relative_to(self.root).parts).as_posix(), None)
            self._save_state()
        return paths

    def _save_state(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self._state_path.with_name(STATE_NAME + ".tmp")
        tmp.write_text(json.dumps(self._state, sort_keys=True, indent=0), encoding="utf-8")
        tmp.replace(self._state_path)


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _if_match() -> Any:
    from azure.core import MatchConditions

    return MatchConditions.IfNotModified


@dataclass
class FetchedRun:
    """A run and its local files."""

    location: ExportLocation
    run: Run
    paths: list[Path] = field(default_factory=list)

"""Keep a local mirror of the newest delivery of each billing period of an S3 export prefix.

DuckDB cannot read ``s3://`` offline, so objects are downloaded into a staging folder that mirrors
the bucket layout (``<staging>/<bucket>/<key>``). An object is downloaded only when its ETag or size
differs from what the mirror's state file records; downloads stream to a ``.part`` file that is
renamed when complete, and the state file is rewritten after each object, so an interrupted sync
resumes where it stopped. Files of superseded deliveries are removed from the mirror.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from finops_tui.errors import FinOpsError
from finops_tui.sync.aws.select import Delivery, S3Object, choose_deliveries
from finops_tui.sync.aws.session import AwsContext, translate_errors

STATE_NAME = ".finops-tui-mirror.json"
DownloadProgress = Callable[[str, int, int], None]
"""Called as ``progress(key, objects_done, objects_total)``."""


@dataclass(frozen=True)
class ExportUrl:
    """``s3://bucket/prefix`` split in two."""

    bucket: str
    prefix: str

    @classmethod
    def parse(cls, text: str) -> ExportUrl:
        """Parse ``s3://bucket[/prefix]``; anything else is a one-line error."""
        parts = urlsplit(text)
        if parts.scheme != "s3" or not parts.netloc:
            raise FinOpsError(f"{text}: not an S3 location (expected s3://BUCKET/PREFIX)")
        prefix = parts.path.lstrip("/")
        return cls(parts.netloc, prefix if not prefix or prefix.endswith("/") else prefix + "/")

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


@dataclass(frozen=True)
class MirroredDelivery:
    """A delivery and where its files are on disk."""

    url: ExportUrl
    delivery: Delivery
    paths: tuple[Path, ...]


@dataclass
class MirrorStats:
    """What the mirror step did."""

    downloaded: int = 0
    skipped: int = 0
    bytes: int = 0
    removed: int = 0


class Mirror:
    """The staging folder of one sync."""

    def __init__(self, root: Path, ctx: AwsContext) -> None:
        self.root = root
        self.ctx = ctx
        self.stats = MirrorStats()
        self._state_path = root / STATE_NAME
        self._state: dict[str, dict[str, Any]] = self._load_state()

    def _load_state(self) -> dict[str, dict[str, Any]]:
        try:
            doc = json.loads(self._state_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}
        return doc if isinstance(doc, dict) else {}

    def _save_state(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self._state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._state, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self._state_path)

    def local(self, bucket: str, key: str) -> Path:
        """Where ``key`` lives in the mirror."""
        return self.root / bucket / Path(*[p for p in key.split("/") if p not in ("", ".", "..")])

    def list_objects(self, url: ExportUrl) -> list[S3Object]:
        """Every object under the prefix; a missing bucket or an empty prefix is a one-line error."""
        s3 = self.ctx.client("s3")
        out: list[S3Object] = []
        try:
            with translate_errors(str(url)):
                for page in s3.get_paginator("list_objects_v2").paginate(
                    Bucket=url.bucket, Prefix=url.prefix
                ):
                    out.extend(
                        S3Object(
                            o["Key"], o.get("ETag", "").strip('"'), int(o.get("Size", 0)), o["LastModified"]
                        )
                        for o in page.get("Contents", [])
                    )
        except FinOpsError as exc:
            if "NoSuchBucket" in str(exc):
                raise FinOpsError(
                    f"{url}: bucket {url.bucket!r} does not exist (or is not visible)"
                ) from None
            raise
        if not out:
            raise FinOpsError(f"{url}: no objects under this prefix; check the export's S3 path")
        return out

    def fetch(self, bucket: str, obj: S3Object) -> Path:
        """The local copy of ``obj``, downloaded only when missing or changed."""
        path = self.local(bucket, obj.key)
        state_key = f"{bucket}/{obj.key}"
        known = self._state.get(state_key)
        if (
            known == {"etag": obj.etag, "size": obj.size}
            and path.is_file()
            and path.stat().st_size == obj.size
        ):
            self.stats.skipped += 1
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        try:
            with translate_errors(f"s3://{bucket}/{obj.key}"):
                self.ctx.client("s3").download_file(bucket, obj.key, str(part))  # streamed in chunks
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
            raise
        os.replace(part, path)
        self._state[state_key] = {"etag": obj.etag, "size": obj.size}
        self._save_state()
        self.stats.downloaded += 1
        self.stats.bytes += obj.size
        return path

    def read_manifest(self, bucket: str, obj: S3Object) -> dict[str, object]:
        """A manifest's JSON, from the mirror when unchanged."""
        path = self.fetch(bucket, obj)
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FinOpsError(
                f"s3://{bucket}/{obj.key}: not a readable AWS export manifest ({exc})"
            ) from None
        if not isinstance(doc, dict):
            raise FinOpsError(f"s3://{bucket}/{obj.key}: not a readable AWS export manifest")
        return doc

    def sync(self, url: ExportUrl, progress: DownloadProgress | None = None) -> list[MirroredDelivery]:
        """Mirror the newest delivery of each period under ``url``; return them with their local paths."""
        objects = self.list_objects(url)
        deliveries = choose_deliveries(objects, url.bucket, lambda m: self.read_manifest(url.bucket, m))
        wanted = [o for d in deliveries for o in d.files]
        out: list[MirroredDelivery] = []
        done = 0
        for delivery in deliveries:
            paths = []
            for obj in delivery.files:
                if progress:
                    progress(obj.key, done, len(wanted))
                paths.append(self.fetch(url.bucket, obj))
                done += 1
            out.append(MirroredDelivery(url, delivery, tuple(paths)))
        if progress:
            progress("", done, len(wanted))
        keep = {self.local(url.bucket, o.key) for o in wanted}
        keep |= {self.local(url.bucket, d.manifest.key) for d in deliveries if d.manifest}
        self._prune(url, keep)
        return out

    def _prune(self, url: ExportUrl, keep: set[Path]) -> None:
        """Remove data files of superseded deliveries below the prefix."""
        top = self.local(url.bucket, url.prefix) if url.prefix else self.root / url.bucket
        if not top.is_dir():
            return
        for path in sorted(top.rglob("*")):
            if path.is_file() and path not in keep and not path.name.lower().endswith(".json"):
                rel = path.relative_to(self.root / url.bucket).as_posix()
                path.unlink()
                self._state.pop(f"{url.bucket}/{rel}", None)
                self.stats.removed += 1
        self._save_state()

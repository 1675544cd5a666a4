"""Turn the paths a user typed into the list of export files to read.

A directory laid out as AWS or Azure deliver exports to S3 or Blob storage keeps only the latest
delivery of each billing period (providers re-deliver a month many times, and reading every delivery
would count the month several times). Any other directory is read as a plain folder of exports.
ZIP archives are unpacked into a scratch folder first, since DuckDB reads files, not archives.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from finops_tui.errors import FinOpsError
from finops_tui.sync import layout_aws, layout_azure
from finops_tui.sync.reader import DATA_SUFFIXES, kind_of

LayoutFn = Callable[[Path], "list[Path] | None"]


@dataclass(frozen=True)
class SourceFile:
    """One file to import, with the name users see in messages and ``x_SourceFile``."""

    path: Path
    display: str
    origin: Path
    """The file the user can find on disk (the archive, for a member of a ZIP)."""


def _layouts() -> list[LayoutFn]:
    """Provider delivery layouts, tried in order; the first that recognises a folder wins."""
    return [layout_aws.select_files, layout_azure.select_files]


def _is_data_file(path: Path) -> bool:
    name = path.name.lower()
    return path.is_file() and name.endswith(DATA_SUFFIXES) and not name.startswith(".")


def _plain_directory(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if _is_data_file(p))


def _unzip(archive: Path, scratch: Path) -> list[SourceFile]:
    target = scratch / f"{len(list(scratch.iterdir()))}-{archive.stem}"
    target.mkdir(parents=True)
    out: list[SourceFile] = []
    try:
        with zipfile.ZipFile(archive) as zf:
            bad = zf.testzip()
            if bad is not None:
                raise FinOpsError(f"{archive}: member {bad} is corrupt (CRC mismatch)")
            for info in zf.infolist():
                member = Path(info.filename)
                if info.is_dir() or not member.name.lower().endswith(DATA_SUFFIXES[:-1]):
                    continue
                dest = target / f"{len(out)}-{member.name}"
                with zf.open(info) as src, open(dest, "wb") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
                out.append(SourceFile(dest, f"{archive.name}:{info.filename}", archive))
    except zipfile.BadZipFile as exc:
        raise FinOpsError(f"{archive}: not a readable ZIP archive ({exc})") from None
    if not out:
        raise FinOpsError(f"{archive}: the archive holds no billing export (.csv, .csv.gz, .parquet)")
    return out


def expand_paths(paths: Sequence[Path], scratch: Path) -> list[SourceFile]:
    """Resolve files and directories into export files; ZIP members land in ``scratch``."""
    result: list[SourceFile] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise FinOpsError(f"{path}: no such file or directory")
        if path.is_dir():
            chosen: list[Path] | None = None
            for layout in _layouts():
                chosen = layout(path)
                if chosen is not None:
                    break
            files = chosen if chosen is not None else _plain_directory(path)
            if not files:
                raise FinOpsError(
                    f"{path}: no billing exports found (looked for .csv, .csv.gz, .parquet and .zip files)"
                )
        else:
            kind_of(path)
            files = [path]
        for file in files:
            if kind_of(file) == "zip":
                result.extend(_unzip(file, scratch))
            else:
                result.append(SourceFile(file, file.name, file))
    return result

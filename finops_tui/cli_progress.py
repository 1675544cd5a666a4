"""The sync commands' progress bars and byte sizes (shared by ``sync aws`` and ``sync azure``).

Rich is imported when a bar is built, so building the CLI parser stays cheap. Sources and items are
bucket paths, blob names and scopes: shown as plain text, never parsed as Rich markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID


class SyncBars:
    """One progress bar per source (a download, the import, each scope's queries)."""

    def __init__(self, err: Console, enabled: bool) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("{task.fields[source]}", style="bold", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}", markup=False),
            TimeElapsedColumn(),
            console=err,
            disable=not enabled,
        )
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, source: str, item: str, done: int, total: int) -> None:
        """The progress callback the sync runs call: ``(source, item, done, total)``."""
        if source not in self.tasks:
            self.tasks[source] = self.progress.add_task("", total=total, source=source[-50:])
        self.progress.update(self.tasks[source], completed=done, total=total, description=item[-60:])


def human_size(n: float) -> str:
    """``1536`` → ``1.5 KB``."""
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"

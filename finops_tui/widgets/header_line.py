"""The line at the top of every screen: as-of date, providers with their newest data, filters, redaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rich.text import Text
from textual.widgets import Static

STALE_AFTER_DAYS = 2
"""A provider whose newest complete day is this many days behind the as-of date is marked stale."""


@dataclass(frozen=True)
class HeaderInfo:
    """What the header line shows."""

    as_of: date | None = None
    providers: tuple[tuple[str, date | None], ...] = ()
    filters: str = ""
    redacted: bool = False
    extra: tuple[str, ...] = field(default_factory=tuple)


def header_text(info: HeaderInfo, activity: str = "", width: int | None = None) -> Text:
    """Render the header as literal text; ``activity`` is a running sync's progress.

    Within ``width`` cells the filters give way from their start ("…" and the deepest ones stay), so
    the REDACTED mark and a sync's progress are never cut off the right edge.
    """
    text = Text("finops-tui ", style="bold")
    text.append(f"as of {info.as_of:%Y-%m-%d}" if info.as_of else "no data")
    for provider, newest in info.providers:
        text.append("  │  ", style="dim")
        text.append(provider)
        if newest is None:
            text.append(" —", style="dim")
            continue
        text.append(f" {newest:%m-%d}", style="dim")
        if info.as_of and (info.as_of - newest).days >= STALE_AFTER_DAYS:
            text.append(" stale", style="bold yellow")
    tail = Text()
    if info.redacted:
        tail.append("  │  ", style="dim")
        tail.append("REDACTED", style="reverse")
    if activity:
        tail.append("  │  ", style="dim")
        tail.append(activity, style="bold cyan")
    filters = info.filters
    if filters and width is not None:
        room = width - text.cell_len - tail.cell_len - 5
        if len(filters) > room:
            filters = "…" + filters[len(filters) - room + 1 :] if room > 1 else ""
    if filters:
        text.append("  │  ", style="dim")
        text.append(filters, style="italic")
    return text + tail


class HeaderLine(Static):
    """Follows ``FinOpsApp.header_info`` and redraws itself."""

    DEFAULT_CSS = """
    HeaderLine {
        height: 1;
        width: 1fr;
        background: $panel;
        padding: 0 1;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._info = HeaderInfo()
        self._activity = ""

    def on_mount(self) -> None:
        """Start following the app's header info and sync activity."""
        self.watch(self.app, "header_info", self._show, init=True)
        if hasattr(self.app, "sync_activity"):
            self.watch(self.app, "sync_activity", self._show_activity, init=False)

    def _show(self, info: HeaderInfo) -> None:
        self._info = info
        self.refresh()

    def _show_activity(self, activity: str) -> None:
        self._activity = activity
        self.refresh()

    def render(self) -> Text:
        """The header for the width the line has now (it follows resizes)."""
        return header_text(self._info, self._activity, self.content_size.width or None)

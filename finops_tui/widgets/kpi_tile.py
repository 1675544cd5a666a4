"""One KPI tile: a caption over a big figure and a small note."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class KpiTile(Static):
    """A caption, a value and an optional note, rendered literally."""

    DEFAULT_CSS = """
    KpiTile {
        width: 1fr;
        height: 5;
        padding: 0 1;
        border: round $panel-lighten-2;
    }
    """

    def set_value(self, caption: str, value: str, note: str = "", note_style: str = "dim") -> None:
        """Show ``caption`` / ``value`` / ``note``."""
        text = Text(caption, style="dim")
        text.append("\n")
        text.append(value, style="bold")
        if note:
            text.append("\n")
            text.append(note, style=note_style)
        self.update(text)

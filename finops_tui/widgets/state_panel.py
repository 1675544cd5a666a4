"""The panel shown instead of data: empty cache, no rows, a failed query, a screen still to come."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatePanel(Static):
    """A bordered, centred message; the text is always literal (no markup)."""

    DEFAULT_CSS = """
    StatePanel {
        width: 1fr;
        height: auto;
        margin: 1 4;
        padding: 1 2;
        border: round $primary;
        &.-error { border: round $error; }
        &.-empty { border: round $warning; }
    }
    """

    def show(self, title: str, body: str, kind: str = "info") -> None:
        """Show ``title`` (bold) and ``body`` literally; ``kind`` is info, empty or error."""
        text = Text(title, style="bold")
        text.append("\n\n")
        text.append(body)
        self.update(text)
        self.set_class(kind == "error", "-error")
        self.set_class(kind == "empty", "-empty")
        self.display = True

"""The ``?`` screen: every key of the current screen and the app, from the bindings themselves."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """A table of keys, names and descriptions; Esc or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help { width: 90; max-height: 90%; border: round $primary; background: $surface; padding: 0 1; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close the key list"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        """The key table."""
        table = Table(title="Keys", expand=True, show_edge=False)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("action")
        table.add_column("what it does", style="dim")
        for key, name, tip in self.rows:
            table.add_row(Text(key), Text(name), Text(tip))
        with VerticalScroll(id="help"):
            yield Static(table)

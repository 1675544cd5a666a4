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
        #help { width: 110; max-width: 98%; max-height: 90%; border: round $primary; background: $surface;
                padding: 0 1; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close the key list"),
    ]

    def __init__(self, rows: list[tuple[str, str, str, str]]) -> None:
        """``rows``: (key, action, what it does, binding id for the config's ``[keymap]``)."""
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        """The key table."""
        table = Table(
            title=Text('Keys  ·  remap one in the config file: [keymap] binding-id = "key"'),
            expand=True,
            show_edge=False,
        )
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("action")
        table.add_column("what it does", style="dim")
        table.add_column("binding id", style="dim", no_wrap=True)
        for key, name, tip, binding_id in self.rows:
            table.add_row(Text(key), Text(name), Text(tip), Text(binding_id))
        with VerticalScroll(id="help"):
            yield Static(table)

"""Pick a persona preset (``P``): the role's first screen and its Spend trends defaults."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from finops_tui.personas import PERSONAS


class PersonaDialog(ModalScreen[str | None]):
    """Choose a role; Enter applies it, Esc keeps the current one."""

    DEFAULT_CSS = """
    PersonaDialog {
        align: center middle;
        #persona-box { width: 84; max-width: 95%; height: auto; border: round $accent;
                       background: $surface; padding: 0 1; }
        #persona-list { height: auto; max-height: 16; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="persona.cancel", tooltip="Keep the current preset"),
    ]

    def __init__(self, current: str | None, screen_titles: dict[str, str]) -> None:
        super().__init__()
        self.current = current
        self.titles = screen_titles

    def compose(self) -> ComposeResult:
        """The presets, each with what it opens."""
        options = []
        for p in PERSONAS.values():
            label = Text(p.title, style="bold")
            label.append("  (current)" if p.name == self.current else "", style="dim")
            label.append(f"\n  {p.why}", style="dim")
            label.append(f"\n  opens {self.titles.get(p.first, p.first)}", style="dim")
            options.append(Option(label, id=p.name))
        with Vertical(id="persona-box"):
            yield Static(Text("Open the app as …", style="bold"), markup=False)
            yield OptionList(*options, id="persona-list")
            yield Static(
                Text("Enter: apply · Esc: cancel · every screen stays one number key away", style="dim")
            )

    def on_mount(self) -> None:
        """Start on the current preset."""
        names = list(PERSONAS)
        if self.current in names:
            self.query_one(OptionList).highlighted = names.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter: apply the preset."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Esc."""
        self.dismiss(None)

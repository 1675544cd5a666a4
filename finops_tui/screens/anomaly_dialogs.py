"""The triage dialogs of the anomalies screen: pick a status in one key, type an owner or a note."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from finops_tui.anomalies.models import STATUSES
from finops_tui.widgets.private_input import app_redactor, private_input

STATUS_KEYS: dict[str, str] = {
    "n": "new",
    "a": "acknowledged",
    "e": "expected",
    "r": "resolved",
    "f": "false-positive",
}
"""Key → status in the status dialog."""


class StatusDialog(ModalScreen[str | None]):
    """Choose a triage status: its letter, or arrows and Enter; Esc cancels."""

    DEFAULT_CSS = """
    StatusDialog {
        align: center middle;
        #status-box { width: 46; height: auto; border: round $primary; background: $surface; padding: 0 1; }
        OptionList { height: auto; border: none; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", id="anomalies.status.cancel", tooltip="Keep the status"),
        *(
            Binding(
                key,
                f"pick('{status}')",
                STATUSES[status],
                show=False,
                id=f"anomalies.status.{status}",
                tooltip=f"Set the status to {STATUSES[status].lower()}",
            )
            for key, status in STATUS_KEYS.items()
        ),
    ]

    def __init__(self, title: str, current: str) -> None:
        super().__init__()
        self.title_text = title
        self.current = current

    def compose(self) -> ComposeResult:
        """The title and one option per status."""
        with Vertical(id="status-box"):
            yield Static(Text(self.title_text, style="bold"), markup=False)
            options = [
                Option(
                    Text(f"{key}  {STATUSES[status]}" + ("  (now)" if status == self.current else "")), status
                )
                for key, status in STATUS_KEYS.items()
            ]
            yield OptionList(*options, id="status-options")

    def on_mount(self) -> None:
        """Highlight the current status."""
        options = self.query_one(OptionList)
        options.highlighted = list(STATUS_KEYS.values()).index(self.current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self, status: str) -> None:
        """A status letter: choose it."""
        self.dismiss(status)

    def action_dismiss_none(self) -> None:
        """Esc: leave the status as it was."""
        self.dismiss(None)


class TextDialog(ModalScreen[str | None]):
    """Type one line (an owner, a note); Enter saves (empty clears), Esc cancels."""

    DEFAULT_CSS = """
    TextDialog {
        align: center middle;
        #text-box { width: 70; height: auto; border: round $primary; background: $surface; padding: 0 1; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "dismiss_none", "Cancel", id="anomalies.text.cancel", tooltip="Close without saving"
        ),
    ]

    def __init__(self, title: str, value: str, placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        """The title and the input."""
        with Vertical(id="text-box"):
            yield Static(Text(self.title_text, style="bold"), markup=False)
            yield private_input(self.value, app_redactor(self), placeholder=self.placeholder, id="text-input")
            yield Static(Text("Enter saves (empty clears) · Esc cancels", style="dim"), markup=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_dismiss_none(self) -> None:
        """Esc: keep the old value."""
        self.dismiss(None)

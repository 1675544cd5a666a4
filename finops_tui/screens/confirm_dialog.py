"""A yes/no question in one key (``y`` / ``n``, Esc means no): used before paid API calls."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmDialog(ModalScreen[bool]):
    """Ask before doing something that costs money; anything but ``y`` declines."""

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
        #confirm-box { width: 70; max-width: 95%; height: auto; border: round $warning;
                       background: $surface; padding: 0 1; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding("n", "answer(False)", "No", id="confirm.no", tooltip="Skip it"),
        Binding("escape", "answer(False)", "No", show=False, id="confirm.cancel", tooltip="Skip it"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The question and the keys."""
        with Vertical(id="confirm-box"):
            yield Static(Text(self.question), markup=False, id="confirm-question")
            yield Static(Text("y: yes · n or Esc: no", style="dim"), markup=False)

    def action_answer(self, yes: bool) -> None:
        """``y`` / ``n`` / Esc."""
        self.dismiss(yes)

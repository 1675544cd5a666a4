"""The tracking dialog of the waste screen: status, owner, due date and won't-fix reason of a finding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from finops_tui.waste.models import STATUSES, Finding
from finops_tui.widgets.private_input import app_redactor, private_input


@dataclass(frozen=True)
class TrackingInput:
    """What the user entered."""

    status: str
    owner: str | None
    due_date: date | None
    reason: str | None


class TrackingDialog(ModalScreen[TrackingInput | None]):
    """Edit the tracking of one finding; Enter or Save stores it, Esc cancels."""

    DEFAULT_CSS = """
    TrackingDialog {
        align: center middle;
        #track { width: 70; height: auto; border: round $primary; background: $surface; padding: 0 1; }
        #track-error { color: $error; height: auto; }
        #track-buttons { height: 3; align-horizontal: right; }
        Input, Select { margin-bottom: 0; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="waste.track.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, finding: Finding) -> None:
        super().__init__()
        self.finding = finding

    def compose(self) -> ComposeResult:
        """Status, owner, due date, reason, buttons."""
        t = self.finding.tracking
        red = app_redactor(self)
        resource = red.value("resource", self.finding.resource_id)
        with Vertical(id="track"):
            yield Static(Text(f"{self.finding.check_title}: {resource}"), markup=False)
            yield Label("Status")
            yield Select([(s, s) for s in STATUSES], value=t.status, allow_blank=False, id="track-status")
            yield Label("Owner")
            yield private_input(
                t.owner or (self.finding.owner if self.finding.owner != "(unowned)" else ""),
                red,
                id="track-owner",
            )
            yield Label("Due date (YYYY-MM-DD)")
            yield Input(t.due_date.isoformat() if t.due_date else "", id="track-due")
            yield Label("Reason (required for wont-fix)")
            yield private_input(t.reason or "", red, id="track-reason")
            yield Static("", id="track-error", markup=False)
            with Horizontal(id="track-buttons"):
                yield Button("Save", variant="primary", id="track-save")
                yield Button("Cancel", id="track-cancel")

    def _error(self, text: str) -> None:
        self.query_one("#track-error", Static).update(Text(text))

    @on(Button.Pressed, "#track-save")
    @on(Input.Submitted)
    def save(self) -> None:
        """Validate and return the input."""
        status = self.query_one("#track-status", Select).value
        due_text = self.query_one("#track-due", Input).value.strip()
        reason = self.query_one("#track-reason", Input).value.strip() or None
        try:
            due = date.fromisoformat(due_text) if due_text else None
        except ValueError:
            self._error(f"{due_text!r} is not a date (YYYY-MM-DD)")
            return
        if status == "wont-fix" and not reason:
            self._error("won't fix needs a reason")
            return
        owner = self.query_one("#track-owner", Input).value.strip() or None
        self.dismiss(TrackingInput(str(status), owner, due, reason))

    @on(Button.Pressed, "#track-cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

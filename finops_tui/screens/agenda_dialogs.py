"""Modal forms of the agenda: an action item (add or edit) and a budget."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from finops_tui.agenda.models import ACTION_STATUSES, ActionItem
from finops_tui.widgets.private_input import app_redactor, private_input

_CSS = """
{cls} {{
    align: center middle;
    #form {{ width: 72; height: auto; border: round $primary; background: $surface; padding: 0 1; }}
    #form-error {{ color: $error; height: auto; }}
    #form-buttons {{ height: 3; align-horizontal: right; }}
}}
"""


@dataclass(frozen=True)
class ActionInput:
    """What the user entered in the action item form."""

    title: str
    owner: str | None
    due_date: date | None
    status: str


class ActionItemForm(ModalScreen[ActionInput | None]):
    """Add or edit an action item; Enter or Save stores it, Esc cancels."""

    DEFAULT_CSS = _CSS.format(cls="ActionItemForm")
    AUTO_FOCUS = "#action-title"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="agenda.action.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, item: ActionItem | None = None, *, source: str | None = None) -> None:
        super().__init__()
        self.item = item
        self.source = source if item is None else item.source

    def compose(self) -> ComposeResult:
        """Title, owner, due date, status, buttons."""
        item = self.item
        with Vertical(id="form"):
            heading = (
                "New action item" if item is None else f"Action item #{item.id} (from {item.meeting_month})"
            )
            yield Static(Text(heading, style="bold"), markup=False)
            if self.source:
                yield Static(Text(f"From: {app_redactor(self).text(self.source)}", style="dim"), markup=False)
            yield Label("Title")
            red = app_redactor(self)
            yield private_input(item.title if item else "", red, id="action-title")
            yield Label("Owner")
            yield private_input((item.owner or "") if item else "", red, id="action-owner")
            yield Label("Due date (YYYY-MM-DD)")
            yield Input(item.due_date.isoformat() if item and item.due_date else "", id="action-due")
            yield Label("Status")
            yield Select(
                [(s, s) for s in ACTION_STATUSES],
                value=item.status if item else "open",
                allow_blank=False,
                id="action-status",
            )
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save", variant="primary", id="action-save")
                yield Button("Cancel", id="action-cancel")

    @on(Button.Pressed, "#action-save")
    @on(Input.Submitted)
    def save(self) -> None:
        """Validate and return the input."""
        title = self.query_one("#action-title", Input).value.strip()
        due_text = self.query_one("#action-due", Input).value.strip()
        if not title:
            self.query_one("#form-error", Static).update(Text("a title is needed"))
            return
        try:
            due = date.fromisoformat(due_text) if due_text else None
        except ValueError:
            self.query_one("#form-error", Static).update(Text(f"{due_text!r} is not a date (YYYY-MM-DD)"))
            return
        owner = self.query_one("#action-owner", Input).value.strip() or None
        status = str(self.query_one("#action-status", Select).value)
        self.dismiss(ActionInput(title, owner, due, status))

    @on(Button.Pressed, "#action-cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


@dataclass(frozen=True)
class BudgetInput:
    """A budget entered in the form."""

    scope: str
    month: str
    amount: Decimal


class BudgetForm(ModalScreen[BudgetInput | None]):
    """Set a monthly budget for the total or a team (kept in the workspace)."""

    DEFAULT_CSS = _CSS.format(cls="BudgetForm")
    AUTO_FOCUS = "#budget-amount"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="agenda.budget.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, month: str) -> None:
        super().__init__()
        self.month = month

    def compose(self) -> ComposeResult:
        """Scope, month, amount, buttons."""
        with Vertical(id="form"):
            yield Static(Text("Monthly budget", style="bold"), markup=False)
            yield Label("Scope: total or team:NAME")
            yield Input("total", id="budget-scope")
            yield Label("Month: YYYY-MM, or * for every month")
            yield Input(self.month, id="budget-month")
            yield Label("Amount")
            yield Input("", id="budget-amount")
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save", variant="primary", id="budget-save")
                yield Button("Cancel", id="budget-cancel")

    @on(Button.Pressed, "#budget-save")
    @on(Input.Submitted)
    def save(self) -> None:
        """Validate and return the input."""
        scope = self.query_one("#budget-scope", Input).value.strip()
        month = self.query_one("#budget-month", Input).value.strip()
        error = self.query_one("#form-error", Static)
        try:
            amount = Decimal(self.query_one("#budget-amount", Input).value.strip().replace(",", ""))
        except InvalidOperation:
            error.update(Text("the amount is not a number"))
            return
        if scope != "total" and not (scope.startswith("team:") and len(scope) > 5):
            error.update(Text("scope: total or team:NAME"))
            return
        if month != "*":
            try:
                date.fromisoformat(f"{month}-01")
            except ValueError:
                error.update(Text("month: YYYY-MM or *"))
                return
        self.dismiss(BudgetInput(scope, month, amount))

    @on(Button.Pressed, "#budget-cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

"""An input that keeps what it holds off a shared screen while redaction is on.

A dialog that edits an owner, a note or an action item must start from the stored text — starting
from its pseudonymised form would save the pseudonym over the real value — yet with ``R`` on that
text may hold an e-mail address or an account id. Such an input shows bullets instead (Textual's
password mode): it can still be cleared or retyped, and nothing in it reaches the terminal.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from finops_tui.reports.redact import Redactor


def private_input(value: str, redactor: Redactor, **kwargs: Any) -> Input:
    """An ``Input`` holding ``value``, masked when redaction is on and ``value`` quotes an identifier.

    A masked input does not select its text on focus: the selection cannot be seen under the bullets,
    so one Backspace meant for the last character wiped the whole value.
    """
    masked = redactor.on and redactor.text(value) != value
    if masked:
        kwargs.setdefault("select_on_focus", False)
    return Input(value, password=masked, **kwargs)


def app_redactor(screen: Any) -> Redactor:
    """The running app's redactor (off in an app without one, e.g. a dialog tested alone)."""
    found = getattr(screen.app, "redactor", None)
    return found if isinstance(found, Redactor) else Redactor()

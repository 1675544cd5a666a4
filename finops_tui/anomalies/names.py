"""The names the anomaly commands and screens choose from (kinds, triage statuses, filters).

Kept apart from the models so the command line can offer them as choices without importing the
detector's dataclasses on every start.
"""

from __future__ import annotations

KINDS: tuple[str, ...] = ("spike", "drop", "new", "removed", "growth")
"""Every kind the detector names (see ``runs``)."""

STATUSES: dict[str, str] = {
    "new": "New",
    "acknowledged": "Acknowledged",
    "expected": "Expected / planned",
    "resolved": "Resolved",
    "false-positive": "False positive",
}
"""Triage status → title; ``new`` is every anomaly nobody has triaged yet."""

ALL = "all"
OPEN = "open"
STATUS_FILTERS: tuple[str, ...] = (ALL, OPEN, *STATUSES)
"""Status filter choices: everything, still open (new or acknowledged), or one status."""

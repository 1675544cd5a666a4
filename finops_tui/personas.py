"""Persona presets: the screen each role acts on first, and the Spend trends defaults it needs.

The monthly review brings finance, engineering, product and leadership to one terminal, and each
opens a different door: finance the reconciliation in billed cost, engineering the waste backlog,
product the cost per unit, leadership the executive summary. ``--persona NAME``, ``persona = NAME``
in the config, or ``P`` in the app picks one; every screen stays one key away.
"""

from __future__ import annotations

from dataclasses import dataclass

from finops_tui.errors import FinOpsError

OWNER = "owner"
"""A group-by that stands for the owner tag of the config (``tag:<owner_tag>``)."""


@dataclass(frozen=True)
class Persona:
    """A role's starting point."""

    name: str
    title: str
    first: str
    """The mode opened first."""
    screens: tuple[str, ...]
    """The modes this role works in, in the order it needs them (shown in the picker)."""
    window: str
    metric: str
    group_by: str
    """Spend trends' group-by (``owner``: the config's owner tag)."""
    why: str

    def trends_group_by(self, owner_tag: str) -> str:
        """The group-by with ``owner`` resolved to the owner tag."""
        return f"tag:{owner_tag}" if self.group_by == OWNER else self.group_by


PERSONAS: dict[str, Persona] = {
    p.name: p
    for p in (
        Persona(
            "practitioner", "FinOps practitioner", "agenda",
            ("agenda", "trends", "anomalies", "waste", "allocation", "commitments"),
            "30d", "effective", "service",
            "runs the review: the agenda first, every screen one key away",
        ),
        Persona(
            "engineering", "Engineering", "waste", ("waste", "anomalies", "trends", "commitments"),
            "30d", "effective", "sub_account",
            "fixes what costs money: waste with the resource and command, then anomalies",
        ),
        Persona(
            "finance", "Finance", "finance", ("finance", "trends", "allocation", "commitments", "summary"),
            "last-month", "billed", "billing_account",
            "matches the invoice: reconciliation, then billed cost for the last month",
        ),
        Persona(
            "product", "Product", "unit", ("unit", "trends", "allocation"),
            "90d", "effective", OWNER,
            "prices the product: cost per unit first, trends by owning team",
        ),
        Persona(
            "leadership", "Leadership", "summary", ("summary", "agenda", "trends"),
            "year", "effective", "provider",
            "is the practice improving: the executive summary and maturity score first",
        ),
    )
}  # fmt: skip
"""Every preset by name, in the order the picker lists them."""


def persona(name: str) -> Persona:
    """The preset called ``name`` (case-insensitive), or a FinOpsError naming the choices."""
    found = PERSONAS.get(name.strip().lower())
    if found is None:
        raise FinOpsError(f"unknown persona {name!r}; choose one of {', '.join(PERSONAS)}")
    return found

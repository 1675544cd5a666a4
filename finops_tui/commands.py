"""Command palette: ``go: Waste``, ``trends: Group by service``, ``export: Trends as CSV`` …

Every command maps to an action that also has a key, so the palette and the keys never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from finops_tui.app import FinOpsApp


class FinOpsCommands(Provider):
    """Navigation, trends choices, redaction and export."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        from finops_tui.app import MODE_TITLES
        from finops_tui.personas import PERSONAS
        from finops_tui.queries.trends import DIMENSIONS
        from finops_tui.screens.trends import TrendsScreen

        app: FinOpsApp = self.app  # type: ignore[assignment]
        found: list[tuple[str, str, Callable[[], object]]] = [
            (f"go: {title}", f"Switch to the {title} screen", partial(app.switch_mode, mode))
            for mode, title in MODE_TITLES.items()
        ]
        found += [
            (
                "view: Toggle redaction",
                "Hide account, subscription and resource ids",
                app.action_toggle_redact,
            ),
            ("help: Keys", "Show every key", app.action_help),
            *(
                (f"persona: {p.title}", f"Open as {p.title}: {p.why}", partial(app.apply_persona, p.name))
                for p in PERSONAS.values()
            ),
            (
                "sync: Sync now",
                "Fetch the sources in the config's [aws] and [azure] sections",
                app.action_sync_now,
            ),
        ]
        screen = self.screen
        if isinstance(screen, TrendsScreen):
            found += [
                (
                    f"trends: Group by {d.title.lower()}",
                    f"Regroup by {d.title}",
                    partial(screen.set_group_by, name),
                )
                for name, d in DIMENSIONS.items()
            ]
            found += [
                ("trends: Next metric", "Billed, effective, list", screen.action_cycle_metric),
                ("trends: Next window", "30/90/365 days, month, year", screen.action_cycle_window),
                ("trends: Back", "Undo the last drill-down", screen.action_back),
                ("export: Trends as CSV", "Write the current view to a CSV file", screen.action_export_csv),
            ]
        from finops_tui.screens.anomalies import AnomaliesScreen

        if isinstance(screen, AnomaliesScreen):
            found += [
                ("anomalies: Set status", "New, acknowledged, expected, resolved…", screen.action_set_status),
                ("anomalies: Set owner", "Who looks into the highlighted anomaly", screen.action_set_owner),
                ("anomalies: Add note", "What was found or decided", screen.action_set_note),
                ("anomalies: Clear filters", "Show every anomaly", screen.action_clear_filters),
                ("export: Anomalies as CSV", "Write the shown anomalies to CSV", screen.action_export_csv),
            ]
        found += _screen_key_commands(screen)
        return found

    async def discover(self) -> Hits:
        """Every command, before anything is typed."""
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands matching ``query``."""
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


def _screen_key_commands(screen: object) -> list[tuple[str, str, Callable[[], object]]]:
    """The Commitments, Finance and Unit economics keys as palette commands, read from their bindings.

    Built from the screen's own ``BINDINGS`` (not its base class's reload) so a new key shows up in
    the palette with the same words and tooltip as in the footer and ``?``.
    """
    from textual.binding import Binding

    from finops_tui.screens.commitments import CommitmentsScreen
    from finops_tui.screens.finance import FinanceScreen
    from finops_tui.screens.unit import UnitScreen

    if not isinstance(screen, (CommitmentsScreen, FinanceScreen, UnitScreen)):
        return []
    group = screen.BINDING_GROUP_TITLE.lower()
    return [
        (f"{group}: {b.description}", b.tooltip, partial(screen.run_action, b.action))
        for b in type(screen).BINDINGS
        if isinstance(b, Binding)
    ]

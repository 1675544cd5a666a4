"""The monthly cost review: agenda, forecast, budgets, action items and offline snapshots.

Headless (no Textual): the agenda screen, ``finops-tui agenda`` and presentation mode all build the same
:class:`~finops_tui.agenda.models.Agenda` through :func:`~finops_tui.agenda.build.build_agenda`, so the
screen and the export show the same numbers.
"""
